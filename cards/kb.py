"""Knowledge-base cards: suggestions at intake, /kb results, one article, a draft to publish.

Article bodies are Markdown written by IT; they are shown as TextBlocks, whose Markdown subset
(bold, italics, lists, links) Teams renders. Headings become bold lines; code marks are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cards import insight_text as words
from cards.elements import Element, card, execute, heading, plain, shorten, text_block
from cards.forms import nested_card
from tickets.kb.article import Article, SearchHit

SOLVED_VERB = "kb.solved"
NEED_HELP_VERB = "kb.need_help"
OPEN_VERB = "kb.open"
PUBLISH_VERB = "kb.publish"
SUGGESTIONS_MAX = 3
RESULTS_MAX = 8
SNIPPET_MAX = 180
BODY_MAX = 6000  # characters of article text on one card (Teams caps a card at about 28 KB)

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_MARKS = re.compile(r"[*_`]+")


def _paragraphs(body: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", body.strip()) if p.strip()]


def _join(lines: list[str]) -> str:
    """Wrapped lines become one; list items keep their own lines."""
    out: list[str] = []
    for line in lines:
        line = line.strip()
        if out and not _ITEM.match(line):
            out[-1] += " " + line
        else:
            out.append(line)
    return "\n".join(out)


def article_blocks(body: str) -> list[Element]:
    """Markdown as card elements: headings bold, paragraphs and lists as markdown TextBlocks."""
    blocks: list[Element] = []
    used = 0
    for paragraph in _paragraphs(body):
        if used > BODY_MAX:
            blocks.append(text_block(words.ARTICLE_CUT, isSubtle=True))
            break
        used += len(paragraph)
        lines = paragraph.splitlines()
        if paragraph.startswith("```"):
            code = "\n".join(line for line in lines if not line.startswith("```"))
            blocks.append(text_block(code, fontType="monospace", spacing="small"))
            continue
        found = _HEADING.match(lines[0])
        if found:
            size = "medium" if len(found.group(1)) <= 2 else "default"
            blocks.append(text_block(found.group(2).strip(), weight="bolder", size=size, spacing="medium"))
            lines = lines[1:]
            if not lines:
                continue
        blocks.append(text_block(_join(lines).replace("`", ""), spacing="small"))
    return blocks


def snippet(article: Article, limit: int = SNIPPET_MAX) -> str:
    """The first paragraph of text, without Markdown marks."""
    for paragraph in _paragraphs(article.body):
        if not _HEADING.match(paragraph) and not paragraph.startswith("```"):
            flat = " ".join(_ITEM.sub("", line).strip() for line in paragraph.splitlines())
            return shorten(_MARKS.sub("", _LINK.sub(r"\1", flat)), limit)
    return ""


def _header(article: Article) -> list[Element]:
    lines = [text_block(article.title, weight="bolder", size="medium")]
    if article.category:
        lines.append(text_block(words.ARTICLE_CATEGORY.format(category=article.category), isSubtle=True,
                                size="small", spacing="none"))
    return lines


def _solved(article: Article, query: str) -> Element:
    return execute(words.SOLVED, SOLVED_VERB, {"article": article.id, "query": query}, style="positive")


def _need_help(title: str, hits: Sequence[SearchHit], query: str) -> Element:
    """`articles`: the ids shown, so the desk can record which ones did not help."""
    return execute(title, NEED_HELP_VERB, {"query": query, "articles": ",".join(h.article.id for h in hits)})


def _read(article: Article, query: str) -> Element:
    return {"type": "Action.ShowCard", "title": words.READ_ARTICLE,
            "card": nested_card(article_blocks(article.body), [_solved(article, query)])}


def _entry(hit: SearchHit, query: str, *, solved_button: bool) -> Element:
    article = hit.article
    actions = [_read(article, query)] + ([_solved(article, query)] if solved_button else [])
    return {"type": "Container", "separator": True, "spacing": "medium", "items": [
        *_header(article),
        text_block(snippet(article), size="small", spacing="small"),
        {"type": "ActionSet", "actions": actions},
    ]}


def _query_line(query: str) -> Element:
    return {"type": "RichTextBlock", "spacing": "small", "inlines": [
        {"type": "TextRun", "text": words.SUGGEST_QUERY, "isSubtle": True},
        {"type": "TextRun", "text": shorten(query, 200), "isSubtle": True, "italic": True},
    ]}


def kb_suggestions_card(hits: Sequence[SearchHit], query: str) -> Element:
    """Up to three articles, each with "This solved it" (verb kb.solved, data {article, query}),
    and one "I still need help" (verb kb.need_help, data {query, articles: shown ids, comma-separated})."""
    shown = list(hits[:SUGGESTIONS_MAX])
    body: list[Element] = [heading(words.SUGGEST_TITLE), text_block(words.SUGGEST_INTRO, spacing="small")]
    body += [_entry(hit, query, solved_button=True) for hit in shown]
    return card(body, [_need_help(words.NEED_HELP, shown, query)])


def kb_search_results_card(hits: Sequence[SearchHit], query: str) -> Element:
    """/kb results: each article can be read in place (and marked as the fix); "Ask IT for help"
    sends kb.need_help with the query, so the intake can start with those words."""
    shown = list(hits[:RESULTS_MAX])
    body: list[Element] = [heading(words.SEARCH_TITLE), _query_line(query)]
    if not shown:
        body.append(text_block(words.SEARCH_EMPTY, spacing="medium"))
    body += [_entry(hit, query, solved_button=False) for hit in shown]
    return card(body, [_need_help(words.SEARCH_ASK_IT, shown, query)])


def kb_article_card(article: Article, query: str = "") -> Element:
    """One whole article; with the query it was found by, a "This solved it" button too."""
    body = [*_header(article), *article_blocks(article.body)]
    return card(body, [_solved(article, query)] if query else None)


def kb_draft_card(article: Article) -> Element:
    """A draft for the person who publishes it: the text as it will read, and "Publish"
    (verb kb.publish, data {article})."""
    body: list[Element] = [text_block(words.DRAFT_TITLE, weight="bolder", color="accent")]
    if article.source_ticket:
        body.append(text_block(words.ARTICLE_FROM_TICKET.format(reference=article.source_ticket), isSubtle=True,
                               spacing="none"))
    body += [*_header(article), plain(", ".join(article.keywords), isSubtle=True, size="small"),
             *article_blocks(article.body), text_block(words.DRAFT_HINT, isSubtle=True, size="small", separator=True)]
    return card(body, [execute(words.PUBLISH, PUBLISH_VERB, {"article": article.id}, style="positive")])
