"""Domain errors: each carries a message fit to show a user."""


class DeskError(Exception):
    """Base of every refusal the desk explains to a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IllegalTransition(DeskError):
    """The ticket's state does not allow the requested change."""


class TicketNotFound(DeskError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"I can't find ticket {reference}.")
        self.reference = reference


class NotAllowed(DeskError):
    """The actor may not do this (not a technician, not the requester)."""


class VersionConflict(DeskError):
    """The ticket changed since it was read; reload and try again."""

    def __init__(self, number: int) -> None:
        super().__init__("Someone else changed this ticket at the same moment.")
        self.number = number


class AlreadyClaimed(IllegalTransition):
    def __init__(self, reference: str, assignee_name: str) -> None:
        super().__init__(f"{reference} is already claimed by {assignee_name}.")
        self.assignee_name = assignee_name
