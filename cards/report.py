"""The desk report and the weekly review as cards.

Teams renders Adaptive Cards 1.5 without the chart elements, so charts are bar rows: a ColumnSet
per row whose filled column's width is the value and the empty column's the rest of the largest
value, so bars are proportional within a chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from cards import insight_text as words
from cards.elements import Element, card, facts, heading, iso_utc, plain, shorten, text_block, when
from tickets.metrics import DeskReport, DurationStats, Ratio
from tickets.review import WeeklyReview

LIST_MAX = 10
SUMMARY_MAX = 90
BAR_STYLE = "accent"


def duration(delta: timedelta | None) -> str:
    """Hours and minutes (`1 h 30 min`, `41 h`): business time has no unambiguous 'day'."""
    if delta is None:
        return words.NONE_YET
    minutes = round(delta.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def percent(rate: float | None) -> str:
    return words.NONE_YET if rate is None else f"{rate:.0%}"


def ratio(value: Ratio) -> str:
    return words.NONE_YET if not value.whole else words.RATIO.format(rate=percent(value.rate), part=value.part,
                                                                        whole=value.whole)


def date(moment: datetime) -> str:
    return f"{{{{DATE({iso_utc(moment)}, SHORT)}}}}"


def _cell(items: list[Element], width: str | int, **extra: object) -> Element:
    return {"type": "Column", "width": width, "items": items, "verticalContentAlignment": "center", **extra}


def bar_rows(rows: Sequence[tuple[str, int]]) -> list[Element]:
    """One row per (label, value): label, a bar proportional to the largest value, the value."""
    top = max((value for _, value in rows), default=0)
    result = []
    for label, value in rows:
        segments = []
        if value:
            segments.append(_cell([text_block("\u00a0", size="small")], value, style=BAR_STYLE))
        if top - value:
            segments.append(_cell([text_block("\u00a0", size="small")], top - value))
        bar = {"type": "ColumnSet", "columns": segments} if segments else text_block("\u00a0", size="small")
        result.append({"type": "ColumnSet", "spacing": "small", "columns": [
            _cell([text_block(label, size="small")], 2),
            _cell([bar], 3),
            _cell([text_block(str(value), size="small", weight="bolder", horizontalAlignment="right")], 1),
        ]})
    return result


def chart(title: str, rows: Sequence[tuple[str, int]], empty: str = words.NO_TICKETS) -> list[Element]:
    lines = [text_block(title, weight="bolder", separator=True, spacing="medium")]
    return lines + (bar_rows(rows) if rows else [text_block(empty, isSubtle=True, size="small")])


def _tile(value: str, label: str) -> Element:
    return _cell([text_block(value, size="extraLarge", weight="bolder", horizontalAlignment="center"),
                  text_block(label, size="small", isSubtle=True, horizontalAlignment="center", spacing="none")],
                 "stretch")


def _speed(stats: DurationStats, template: str) -> str:
    if not stats.count:
        return words.NONE_YET
    return template.format(median=duration(stats.median), p90=duration(stats.p90), mean=duration(stats.mean),
                           count=stats.count)


def _workload(report: DeskReport) -> list[Element]:
    if not report.workload:
        return []
    rows = [(*words.WORKLOAD_HEADER, "bolder")]
    rows += [(w.name, str(w.open_assigned), str(w.resolved), "default") for w in report.workload[:LIST_MAX]]
    lines: list[Element] = [text_block(words.WORKLOAD_TITLE, weight="bolder", separator=True, spacing="medium")]
    for name, open_count, resolved, weight in rows:
        lines.append({"type": "ColumnSet", "spacing": "small", "columns": [
            _cell([text_block(name, size="small", weight=weight)], 4),
            _cell([text_block(open_count, size="small", weight=weight, horizontalAlignment="right")], 1),
            _cell([text_block(resolved, size="small", weight=weight, horizontalAlignment="right")], 1),
        ]})
    return lines


def report_card(report: DeskReport) -> Element:
    """Headline tiles, speed and quality facts, then bar charts and the per-technician table."""
    scope = words.REPORT_QUEUE.format(queue=report.queue) if report.queue else words.REPORT_ALL_QUEUES
    last_day = report.end - timedelta(seconds=1)
    d = report.deflection
    body: list[Element] = [
        heading(words.REPORT_TITLE),
        text_block(f"{date(report.start)} – {date(last_day)}{scope}", isSubtle=True, spacing="none"),
        {"type": "ColumnSet", "spacing": "medium", "columns": [
            _tile(str(report.opened), words.TILE_OPENED), _tile(str(report.backlog_total), words.TILE_BACKLOG),
            _tile(percent(report.response_sla.rate), words.TILE_RESPONSE_SLA),
            _tile(percent(report.resolution_sla.rate), words.TILE_RESOLUTION_SLA),
            _tile(percent(d.rate), words.TILE_DEFLECTED),
        ]},
        text_block(words.SPEED_TITLE, weight="bolder", separator=True, spacing="medium"),
        facts([(words.FACT_FIRST_RESPONSE, _speed(report.first_response, words.MEDIAN_P90)),
               (words.FACT_RESOLUTION, _speed(report.resolution, words.MEAN_MEDIAN))]),
        text_block(words.QUALITY_TITLE, weight="bolder", separator=True, spacing="medium"),
        facts([
            (words.FACT_RESPONSE_SLA, ratio(report.response_sla)),
            (words.FACT_RESOLUTION_SLA, ratio(report.resolution_sla)),
            (words.FACT_FCR, ratio(report.first_contact_resolution)),
            (words.FACT_REOPEN, ratio(report.reopen)),
            (words.FACT_DEFLECTION, words.NONE_YET if d.rate is None else words.DEFLECTION_TEXT.format(
                rate=percent(d.rate), solved=d.solved, tickets=d.tickets_opened, need_help=d.still_need_help)),
        ]),
        *chart(words.CATEGORY_CHART, list(report.volume_by_category.items())[:LIST_MAX]),
        *chart(words.TYPE_CHART, list(report.volume_by_type.items())),
        *chart(words.BACKLOG_CHART, [(words.BACKLOG_LABELS.get(k, k), v) for k, v in report.backlog.items()]),
        *_workload(report),
    ]
    return card(body)


def _more(count: int) -> list[Element]:
    return [text_block(words.LIST_MORE.format(count=count), isSubtle=True, size="small")] if count > 0 else []


def _ticket_line(reference: str, summary: str, detail: str) -> Element:
    return {"type": "Container", "spacing": "small", "items": [
        {"type": "RichTextBlock", "inlines": [
            {"type": "TextRun", "text": f"{reference} ", "weight": "bolder"},
            {"type": "TextRun", "text": shorten(summary, SUMMARY_MAX)},
        ]},
        text_block(detail, isSubtle=True, size="small", spacing="none"),
    ]}


def _section(title: str, lines: list[Element], total: int) -> list[Element]:
    head = [text_block(title, weight="bolder", separator=True, spacing="medium")]
    return head + (lines or [text_block(words.NOTHING, isSubtle=True, size="small")]) + _more(total - len(lines))


def weekly_review_card(review: WeeklyReview, titles: dict[str, str] | None = None) -> Element:
    """`titles` maps article ids to titles for the failed-deflection list (ids are shown otherwise)."""
    titles = titles or {}
    start, end = review.last_week
    scope = words.REPORT_QUEUE.format(queue=review.queue) if review.queue else words.REPORT_ALL_QUEUES
    stalled = [_ticket_line(s.ticket.reference, s.ticket.summary, words.STALLED_ROW.format(
        assignee=s.ticket.assignee.name if s.ticket.assignee else words.UNASSIGNED, when=when(s.last_activity)))
        for s in review.stalled[:LIST_MAX]]
    breaches = [_ticket_line(b.ticket.reference, b.ticket.summary, words.BREACH_ROW.format(
        clock=words.BREACH_CLOCKS.get(b.clock, b.clock.capitalize()), when=when(b.at)))
        for b in review.breaches[:LIST_MAX]]
    failed = [plain(f"{titles.get(a, a)}: {words.FAILED_ROW.format(count=n)}", spacing="small", size="small")
              for a, n in review.failed_articles[:LIST_MAX]]
    body: list[Element] = [
        heading(words.REVIEW_TITLE + scope),
        text_block(words.REVIEW_WEEK.format(start=date(start), end=date(end - timedelta(seconds=1))),
                   isSubtle=True, spacing="none"),
        facts([(words.REVIEW_OPEN, str(len(review.open))), (words.REVIEW_STALLED, str(len(review.stalled))),
               (words.REVIEW_BREACHES, str(len(review.breaches))),
               (words.REVIEW_DEFLECTED, str(review.deflection.solved))]),
        *_section(words.STALLED_TITLE.format(period=review.stalled_after), stalled, len(review.stalled)),
        *_section(words.BREACHES_TITLE, breaches, len(review.breaches)),
        *chart(words.RECURRING_TITLE, [(f"{c} › {s}", n) for c, s, n in review.recurring], words.NOTHING),
        *_section(words.FAILED_TITLE, failed, len(review.failed_articles)),
    ]
    return card(body)
