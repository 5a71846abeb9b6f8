"""The knowledge base: articles, their BM25 search, drafts from tickets and deflection events."""

from tickets.kb.article import Article, ArticleNotFound, ArticleStatus, SearchHit, slugify
from tickets.kb.deflection import DeflectionEvent, Outcome
from tickets.kb.drafts import draft_from_ticket
from tickets.kb.index import Bm25Index
from tickets.kb.library import Library

__all__ = [
    "Article", "ArticleNotFound", "ArticleStatus", "Bm25Index", "DeflectionEvent", "Library", "Outcome",
    "SearchHit", "draft_from_ticket", "slugify",
]
