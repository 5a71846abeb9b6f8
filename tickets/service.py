"""Use cases: the only way the edges (bot, commands, watcher) change or read tickets."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from tickets import lifecycle, sla
from tickets.desk_config import DEFAULT_QUEUE, DeskConfig
from tickets.errors import NotAllowed, TicketNotFound, VersionConflict
from tickets.intake import IntakeDraft
from tickets.model import Actor, Event, Person, ThreadRef, Ticket, Visibility, parse_reference
from tickets.ports import Clock, Notifier, TicketQuery, TicketStore
from tickets.routing import route

log = logging.getLogger(__name__)

SAVE_ATTEMPTS = 5
Change = Callable[[Ticket], Ticket]


class DeskService:
    def __init__(self, store: TicketStore, notifier: Notifier, clock: Clock, config: DeskConfig) -> None:
        self.store = store
        self.notifier = notifier
        self.clock = clock
        self.config = config

    # --- reading -------------------------------------------------------------------------------

    async def find_by_reference(self, reference: str, actor: Actor) -> Ticket:
        """The ticket if the actor may see it. Someone else's ticket is reported as not found,
        so an employee learns nothing about tickets that are not theirs."""
        parsed = parse_reference(reference)
        if parsed is None:
            raise TicketNotFound(reference.strip() or "(no reference)")
        ticket_type, number = parsed
        try:
            ticket = await self.store.get(number)
        except TicketNotFound:
            raise TicketNotFound(reference.strip().upper()) from None
        if ticket.type is not ticket_type or not self._may_see(ticket, actor):
            raise TicketNotFound(reference.strip().upper())
        return ticket

    async def my_tickets(self, actor: Actor, open_only: bool = True) -> list[Ticket]:
        return await self.store.find(TicketQuery(requester_id=actor.person.id, open_only=open_only))

    async def queue(self, actor: Actor, queue: str | None = None) -> list[Ticket]:
        """Open tickets nobody has claimed yet, oldest first."""
        self._require_technician(actor, "see the queue")
        return await self.store.find(TicketQuery(queue=queue, open_only=True, unassigned_only=True))

    # --- changing ------------------------------------------------------------------------------

    async def open_ticket(self, requester: Person, draft: IntakeDraft, idempotency_key: str | None = None) -> Ticket:
        now = self.clock.now()
        decision = route(draft, requester, self.config.routing)
        priority = decision.raise_priority(self.config.matrix.priority(draft.impact, draft.urgency))
        event = Event(now, requester, "opened", Visibility.PUBLIC, draft.summary)
        routed = tuple(Event(now, None, "routed", Visibility.INTERNAL, f"Routed by the {rule.name} rule.",
                             {"rule": rule.name}) for rule in decision.fired)
        ticket = Ticket(
            type=draft.type, category=draft.category, subcategory=draft.subcategory,
            summary=draft.summary, description=draft.description, impact=draft.impact,
            urgency=draft.urgency, priority=priority, requester=requester, created_at=now,
            updated_at=now, device=draft.device, operating_system=draft.operating_system,
            error_text=draft.error_text, queue=decision.queue or DEFAULT_QUEUE, tags=decision.tags,
            history=(event, *routed),
        )
        ticket = sla.with_due_times(ticket, self.config, now)
        created = await self.store.create(ticket, idempotency_key)
        if created.channel_thread is None:  # new, or a retry whose card never got posted
            await self._notify(created, created.history[0])
        return created

    async def claim(self, reference: str, actor: Actor) -> Ticket:
        self._require_technician(actor, "claim tickets")
        ticket = await self.find_by_reference(reference, actor)
        return await self._change(ticket.number, lambda t: lifecycle.claim(t, actor.person, self.clock.now()))

    async def cancel(self, reference: str, actor: Actor, reason: str = "") -> Ticket:
        ticket = await self.find_by_reference(reference, actor)
        if ticket.requester.id != actor.person.id:
            raise NotAllowed("Only the person who opened a ticket can cancel it.")
        return await self._change(ticket.number, lambda t: lifecycle.cancel(t, actor.person, self.clock.now(), reason))

    async def record_channel_thread(self, number: int, thread: ThreadRef) -> Ticket:
        """Remember where the ticket's card was posted, so later changes update it in place."""
        return await self._change(number, lambda t: replace(t, channel_thread=thread), notify=False)

    # --- helpers -------------------------------------------------------------------------------

    async def _change(self, number: int, change: Change, notify: bool = True) -> Ticket:
        """Load, apply, save with the version check; on a conflict reload and apply again, so the
        change is re-judged against the fresh ticket (a second claim then fails as it should)."""
        for _ in range(SAVE_ATTEMPTS):
            current = await self.store.get(number)
            changed = change(current)
            try:
                saved = await self.store.save(changed)
            except VersionConflict:
                continue
            if notify and len(saved.history) > len(current.history):
                await self._notify(saved, saved.history[-1])
            return saved
        raise VersionConflict(number)

    async def _notify(self, ticket: Ticket, event: Event) -> None:
        try:
            await self.notifier.ticket_changed(ticket, event)
        except Exception:  # a failed notification must never undo or hide a saved change
            log.exception("notifying about %s failed", ticket.reference)

    @staticmethod
    def _may_see(ticket: Ticket, actor: Actor) -> bool:
        return actor.is_technician or ticket.requester.id == actor.person.id

    @staticmethod
    def _require_technician(actor: Actor, what: str) -> None:
        if not actor.is_technician:
            raise NotAllowed(f"Only technicians can {what}.")
