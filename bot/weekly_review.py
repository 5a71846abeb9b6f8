"""The weekly review: posted to each queue's channel once a week (Monday 09:00 by default)."""

from __future__ import annotations

import logging

from bot.conversations import ConversationBook
from bot.notifier import TeamsNotifier
from cards.report import weekly_review_card
from tickets.ports import StateStore
from tickets.reporting_service import ReportingService
from tickets.review import review_key

log = logging.getLogger(__name__)


class WeeklyReviewPoster:
    def __init__(self, reporting: ReportingService, book: ConversationBook, notifier: TeamsNotifier,
                 state: StateStore, queues: list[str]) -> None:
        self._reporting = reporting
        self._book = book
        self._notifier = notifier
        self._state = state
        self._queues = queues

    async def post_due(self) -> list[str]:
        """Post every review that is due and not yet posted; returns the queues posted to.

        The key is written before the post: a crash in between loses that week's post rather than
        doubling it (run under the instance lease, so two instances do not both post)."""
        week_start = self._reporting.review_due()
        team = await self._book.team()
        if week_start is None or team is None:
            return []
        posted = []
        for queue in self._queues:
            if queue not in team.queue_channels:
                continue
            key = review_key(queue, week_start)
            if key in await self._state.read([key]):
                continue
            await self._state.write({key: {"posted": True}})
            review = await self._reporting.weekly_review(queue, week_start)
            await self._notifier.post_to_channel(team.queue_channels[queue], weekly_review_card(review),
                                                 f"Weekly review of the {queue} queue")
            posted.append(queue)
        return posted
