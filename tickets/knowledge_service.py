"""Use cases of self-service: suggest articles before a ticket, record what helped, grow the library."""

from __future__ import annotations

from tickets.errors import NotAllowed
from tickets.kb import Article, SearchHit, draft_from_ticket
from tickets.kb.deflection import need_help_events, solved_event
from tickets.model import Actor, Person
from tickets.ports import Clock, DeflectionLog, KnowledgeBase
from tickets.service import DeskService

SUGGESTIONS = 3


class KnowledgeService:
    def __init__(self, kb: KnowledgeBase, deflections: DeflectionLog, desk: DeskService, clock: Clock,
                 publishers: frozenset[str] = frozenset()) -> None:
        self.kb = kb
        self.deflections = deflections
        self._desk = desk
        self._clock = clock
        self._publishers = publishers  # Entra ids allowed to publish; empty: any technician

    async def suggest(self, text: str) -> list[SearchHit]:
        """Published articles that may answer this, best first (none for a greeting or junk)."""
        return await self.kb.search(text, limit=SUGGESTIONS) if text.strip() else []

    async def search(self, text: str, limit: int = 5) -> list[SearchHit]:
        return await self.kb.search(text, limit=limit) if text.strip() else []

    async def solved(self, person: Person, article_id: str, query: str) -> Article:
        """The employee's problem is solved by an article: no ticket, and the deflection counts."""
        article = await self.kb.get(article_id)
        await self.deflections.record(solved_event(self._clock.now(), person.id, article.id, query))
        return article

    async def still_need_help(self, person: Person, article_ids: list[str], query: str) -> None:
        """None of the articles shown helped: recorded against each, so the review can name them."""
        for event in need_help_events(self._clock.now(), person.id, article_ids, query):
            await self.deflections.record(event)

    async def draft_from(self, reference: str, actor: Actor) -> Article:
        """A technician turns a resolved ticket's public resolution into a draft article."""
        if not actor.is_technician:
            raise NotAllowed("Only technicians can draft articles.")
        ticket = await self._desk.find_by_reference(reference, actor)
        return await self.kb.save_draft(draft_from_ticket(ticket))

    async def publish(self, article_id: str, actor: Actor) -> Article:
        allowed = actor.person.id in self._publishers if self._publishers else actor.is_technician
        if not allowed:
            raise NotAllowed("Only the desk's admins can publish articles.")
        return await self.kb.publish(article_id)
