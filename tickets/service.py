"""Use cases: the only way the edges (bot, commands, watcher) change or read tickets."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from tickets import lifecycle, sla
from tickets.desk_config import DEFAULT_QUEUE, DeskConfig
from tickets.errors import IllegalTransition, NotAllowed, TicketNotFound, VersionConflict
from tickets.intake import IntakeDraft
from tickets.model import (
    Actor,
    Event,
    PendingOn,
    Person,
    Priority,
    Status,
    ThreadRef,
    Ticket,
    Visibility,
    parse_reference,
)
from tickets.ports import Clock, Directory, Notifier, TicketQuery, TicketStore
from tickets.routing import route

log = logging.getLogger(__name__)

SAVE_ATTEMPTS = 5
Change = Callable[[Ticket], Ticket]


class DeskService:
    def __init__(self, store: TicketStore, notifier: Notifier, clock: Clock, config: DeskConfig,
                 directory: Directory | None = None) -> None:
        self.store = store
        self.directory = directory
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

    def sla_state(self, ticket: Ticket) -> sla.SlaState:
        return sla.sla_state(ticket, self.config, self.clock.now())

    async def my_tickets(self, actor: Actor, open_only: bool = True) -> list[Ticket]:
        return await self.store.find(TicketQuery(requester_id=actor.person.id, open_only=open_only))

    async def queue(self, actor: Actor, queue: str | None = None, *, unassigned_only: bool = True,
                    priorities: frozenset[Priority] | None = None) -> list[Ticket]:
        """Open tickets (by default those nobody has claimed yet), oldest first."""
        self._require_technician(actor, "see the queue")
        found = await self.store.find(TicketQuery(queue=queue, open_only=True, unassigned_only=unassigned_only))
        return [t for t in found if priorities is None or t.priority in priorities]

    async def assigned_to(self, actor: Actor) -> list[Ticket]:
        self._require_technician(actor, "have tickets assigned")
        return await self.store.find(TicketQuery(assignee_id=actor.person.id, open_only=True))

    async def waiting_on(self, actor: Actor) -> list[Ticket]:
        """The actor's own tickets that wait for their answer."""
        mine = await self.store.find(TicketQuery(requester_id=actor.person.id, open_only=True))
        return [t for t in mine if t.status is Status.PENDING and t.pending_on is PendingOn.REQUESTER]

    # --- changing ------------------------------------------------------------------------------

    async def open_ticket(self, requester: Person, draft: IntakeDraft, idempotency_key: str | None = None) -> Ticket:
        now = self.clock.now()
        requester = await self._with_directory(requester)
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
            await self._notify(created, created.history)
        return created

    async def announce_created(self, ticket: Ticket) -> None:
        """A ticket that reached the store late (it waited in an outbox): post it now."""
        if ticket.channel_thread is None:
            await self._notify(ticket, ticket.history)

    async def post_missing_cards(self) -> int:
        """Open tickets whose card never reached the channel (the bot stopped between saving the
        ticket and posting it): post them now. Returns how many."""
        missing = [t for t in await self.store.find(TicketQuery(open_only=True)) if t.channel_thread is None]
        for ticket in missing:
            await self.announce_created(ticket)
        return len(missing)

    async def claim(self, reference: str, actor: Actor) -> Ticket:
        return await self._work(reference, actor, "claim tickets", lambda t, now: lifecycle.claim(t, actor.person, now))

    async def assign(self, reference: str, assignee: Person, actor: Actor) -> Ticket:
        return await self._work(reference, actor, "assign tickets",
                                lambda t, now: lifecycle.assign(t, assignee, actor.person, now))

    async def unassign(self, reference: str, actor: Actor) -> Ticket:
        return await self._work(reference, actor, "unassign tickets",
                                lambda t, now: lifecycle.unassign(t, actor.person, now))

    async def start_work(self, reference: str, actor: Actor) -> Ticket:
        return await self._work(reference, actor, "start work on tickets",
                                lambda t, now: lifecycle.start_work(t, actor.person, now))

    async def pend(self, reference: str, on: PendingOn, note: str, actor: Actor) -> Ticket:
        if not note.strip():
            raise IllegalTransition("Say what the ticket waits for.")
        return await self._work(reference, actor, "set tickets pending",
                                lambda t, now: lifecycle.pend(t, on, note.strip(), actor.person, now))

    async def change_priority(self, reference: str, priority: Priority, reason: str, actor: Actor) -> Ticket:
        return await self._work(reference, actor, "change priorities",
                                lambda t, now: lifecycle.change_priority(t, priority, reason, actor.person, now))

    async def add_note(self, reference: str, text: str, actor: Actor) -> Ticket:
        return await self._work(reference, actor, "add internal notes",
                                lambda t, now: lifecycle.comment(t, text, actor.person, now, Visibility.INTERNAL))

    async def reply_to_requester(self, reference: str, text: str, actor: Actor) -> Ticket:
        return await self._work(reference, actor, "reply on tickets",
                                lambda t, now: lifecycle.comment(t, text, actor.person, now, Visibility.PUBLIC, "reply"))

    async def escalate(self, reference: str, reason: str, actor: Actor, queue: str = "") -> Ticket:
        if queue and queue not in self.config.queues:
            raise IllegalTransition(f"There is no queue called {queue}.")
        return await self._work(reference, actor, "escalate tickets",
                                lambda t, now: lifecycle.escalate(t, reason, actor.person, now, queue or None))

    async def resolve(self, reference: str, notes: str, actor: Actor, fix_category: str = "") -> Ticket:
        return await self._work(reference, actor, "resolve tickets",
                                lambda t, now: lifecycle.resolve(t, notes, actor.person, now, fix_category))

    async def reopen(self, reference: str, reason: str, actor: Actor) -> Ticket:
        """Technicians reopen any resolved or closed ticket; requesters use still_broken."""
        return await self._work(reference, actor, "reopen tickets",
                                lambda t, now: lifecycle.reopen(t, reason, actor.person, now))

    # --- the requester's side ------------------------------------------------------------------

    async def requester_reply(self, reference: str, text: str, actor: Actor) -> Ticket:
        """The requester's answer joins the ticket; a ticket waiting on them goes back to work."""
        def answer(ticket: Ticket, now: datetime) -> Ticket:
            replied = lifecycle.comment(ticket, text, actor.person, now, Visibility.PUBLIC, "requester_reply")
            if ticket.status is Status.PENDING and ticket.pending_on is PendingOn.REQUESTER:
                return lifecycle.resume(replied, actor.person, now, "The requester answered; back in progress.")
            return replied
        return await self._own(reference, actor, "reply on", answer, allow_closed=False)

    async def confirm_fix(self, reference: str, actor: Actor) -> Ticket:
        return await self._own(reference, actor, "confirm", lambda t, now: lifecycle.confirm(t, actor.person, now))

    async def still_broken(self, reference: str, reason: str, actor: Actor) -> Ticket:
        if not reason.strip():
            raise IllegalTransition("Tell us what is still wrong, so the technician can pick it up again.")
        return await self._own(reference, actor, "reopen",
                               lambda t, now: lifecycle.reopen(t, reason, actor.person, now))

    async def cancel(self, reference: str, actor: Actor, reason: str = "") -> Ticket:
        return await self._own(reference, actor, "cancel",
                               lambda t, now: lifecycle.cancel(t, actor.person, now, reason))

    async def announce_due(self, number: int) -> Ticket:
        """Record the SLA thresholds, reminders and auto-closures due now, each exactly once: the
        announced keys are saved with the version check, so of two watchers only one records them
        (and so only one notifies)."""
        def due(ticket: Ticket) -> Ticket:
            now = self.clock.now()
            announced = sla.mark_announced(ticket, sla.due_announcements(ticket, self.config, now), now)
            return sla.with_due_times(announced, self.config, now)
        return await self._change(number, due)

    async def due_for_attention(self) -> list[Ticket]:
        """Tickets whose next SLA moment has come (the store answers from its index)."""
        return await self.store.find(TicketQuery(due_before=self.clock.now()))

    async def record_refusal(self, reference: str, actor: Actor, attempted: str) -> None:
        """Someone who may not act on a ticket tried to: the attempt goes on the internal record."""
        parsed = parse_reference(reference)
        try:
            ticket = await self.store.get(parsed[1]) if parsed else None
        except TicketNotFound:
            return
        if ticket is None or ticket.type is not parsed[0]:
            return
        text = f"{actor.person.name} tried to {attempted} but is not a technician."
        event = Event(self.clock.now(), actor.person, "refused", Visibility.INTERNAL, text)
        await self._change(ticket.number, lambda t: lifecycle.record(t, event), notify=False)

    async def record_channel_thread(self, number: int, thread: ThreadRef) -> Ticket:
        """Remember where the ticket's card was posted, so later changes update it in place."""
        return await self._change(number, lambda t: replace(t, channel_thread=thread), notify=False)

    # --- helpers -------------------------------------------------------------------------------

    async def _with_directory(self, person: Person) -> Person:
        """The requester as the directory knows them (department, job title), for routing and cards."""
        known = await self.directory.lookup(person.id) if self.directory else None
        if known is None:
            return person
        return replace(person, email=known.email or person.email, department=known.department or person.department,
                       job_title=known.job_title or person.job_title, manager_id=known.manager_id)

    async def _work(self, reference: str, actor: Actor, what: str, change: Callable[[Ticket, datetime], Ticket]
                    ) -> Ticket:
        """A technician's change to a ticket, judged against the ticket as stored."""
        self._require_technician(actor, what)
        ticket = await self.find_by_reference(reference, actor)
        return await self._change(ticket.number, lambda t: change(t, self.clock.now()), loaded=ticket)

    async def _own(self, reference: str, actor: Actor, what: str, change: Callable[[Ticket, datetime], Ticket],
                   allow_closed: bool = True) -> Ticket:
        """A requester's change to their own ticket."""
        ticket = await self.find_by_reference(reference, actor)
        if ticket.requester.id != actor.person.id:
            raise NotAllowed(f"Only the person who opened {ticket.reference} can {what} it.")
        if not allow_closed and ticket.status in (Status.CLOSED, Status.CANCELLED):
            raise IllegalTransition(f"{ticket.reference} is {ticket.status.value}; open a new ticket instead.")
        return await self._change(ticket.number, lambda t: change(t, self.clock.now()), loaded=ticket)

    async def _change(self, number: int, change: Change, notify: bool = True, loaded: Ticket | None = None
                      ) -> Ticket:
        """Load, apply, save with the version check; on a conflict reload and apply again, so the
        change is re-judged against the fresh ticket (a second claim then fails as it should).
        `loaded`: the ticket as just read, used for the first attempt (one read less)."""
        for attempt in range(SAVE_ATTEMPTS):
            current = loaded if attempt == 0 and loaded is not None else await self.store.get(number)
            changed = change(current)
            if changed.history != current.history:
                changed = sla.with_due_times(changed, self.config, self.clock.now())
            if changed == current:
                return current  # nothing to save
            try:
                saved = await self.store.save(changed)
            except VersionConflict:
                continue
            if notify and len(saved.history) > len(current.history):
                await self._notify(saved, saved.history[len(current.history):])
            return saved
        raise VersionConflict(number)

    async def _notify(self, ticket: Ticket, events: tuple[Event, ...]) -> None:
        try:
            await self.notifier.ticket_changed(ticket, events)
        except Exception:  # a failed notification must never undo or hide a saved change
            log.exception("notifying about %s failed", ticket.reference)

    @staticmethod
    def _may_see(ticket: Ticket, actor: Actor) -> bool:
        return actor.is_technician or ticket.requester.id == actor.person.id

    @staticmethod
    def _require_technician(actor: Actor, what: str) -> None:
        if not actor.is_technician:
            raise NotAllowed(f"Only technicians can {what}.")
