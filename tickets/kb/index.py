"""Okapi BM25 over an inverted index, with field weights: a title or keyword match counts more.

Each article is one document whose term frequencies are weighted by field (a simplified BM25F):
tf(t, d) = 3 x tf in title + 2 x tf in keywords + tf in body, and the document length is the same
weighted sum. The score of a query is the sum, over its distinct terms, of

    idf(t) * tf * (k1 + 1) / (tf + k1 * (1 - b + b * len(d) / avg_len))
    idf(t) = ln(1 + (N - df(t) + 0.5) / (df(t) + 0.5))

with k1 = 1.2 and b = 0.75 (the usual defaults). The index is built once and updated per article.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter
from dataclasses import dataclass

from tickets.kb.article import Article, SearchHit
from tickets.kb.text import tokenize

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 3.0
KEYWORD_WEIGHT = 2.0
BODY_WEIGHT = 1.0
# A hit must score at least MIN_SCORE_RATIO x the idf of a word found in one article only: about
# what one rare word in a body earns. Less is a stray common word, not an answer. Relative to the
# idf, the bar scales with the library's size (tuned on kb/, where it is about 2.0).
MIN_SCORE_RATIO = 0.8
RELATIVE_CUTOFF = 0.3  # hits scoring under this share of the best one are dropped


def weighted_terms(article: Article) -> Counter[str]:
    terms: Counter[str] = Counter()
    for text, weight in ((article.title, TITLE_WEIGHT), (" ".join(article.keywords), KEYWORD_WEIGHT),
                         (article.body, BODY_WEIGHT)):
        for term in tokenize(text):
            terms[term] += weight
    return terms


@dataclass
class _Doc:
    article: Article
    terms: Counter[str]
    length: float


class Bm25Index:
    """Not thread-safe: one owner updates and searches it (the knowledge-base store holds a lock)."""

    def __init__(self, articles: list[Article] | None = None) -> None:
        self._docs: dict[str, _Doc] = {}
        self._postings: dict[str, dict[str, float]] = {}  # term -> {article id: weighted tf}
        self._total_length = 0.0
        self._norms: dict[str, float] | None = None  # per article: k1 * (1 - b + b * len / avg_len)
        for article in articles or []:
            self.add(article)

    def __len__(self) -> int:
        return len(self._docs)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._docs

    def add(self, article: Article) -> None:
        """Index the article, replacing any earlier version with the same id."""
        self.remove(article.id)
        self._norms = None
        terms = weighted_terms(article)
        doc = _Doc(article, terms, float(sum(terms.values())))
        self._docs[article.id] = doc
        self._total_length += doc.length
        for term, tf in terms.items():
            self._postings.setdefault(term, {})[article.id] = tf

    def remove(self, article_id: str) -> None:
        doc = self._docs.pop(article_id, None)
        if doc is None:
            return
        self._norms = None
        self._total_length -= doc.length
        for term in doc.terms:
            posting = self._postings[term]
            del posting[article_id]
            if not posting:
                del self._postings[term]

    def idf(self, term: str) -> float:
        return self._idf(len(self._postings.get(term, ())))

    def _idf(self, df: int) -> float:
        return math.log(1 + (len(self._docs) - df + 0.5) / (df + 0.5))

    def min_score(self) -> float:
        """The default bar a hit must reach (see MIN_SCORE_RATIO)."""
        return MIN_SCORE_RATIO * self._idf(1)

    def scores(self, text: str) -> dict[str, float]:
        """BM25 score of every article matching at least one query term."""
        if not self._docs:
            return {}
        norms = self._length_norms()
        scores: dict[str, float] = {}
        get = scores.get
        for term in dict.fromkeys(tokenize(text)):
            posting = self._postings.get(term)
            if not posting:
                continue
            boost = self.idf(term) * (K1 + 1)
            for article_id, tf in posting.items():
                scores[article_id] = get(article_id, 0.0) + boost * tf / (tf + norms[article_id])
        return scores

    def _length_norms(self) -> dict[str, float]:
        """Worked out once per change of the collection, not per posting."""
        if self._norms is None:
            average = self._total_length / len(self._docs) or 1.0
            self._norms = {i: K1 * (1 - B + B * d.length / average) for i, d in self._docs.items()}
        return self._norms

    def search(self, text: str, limit: int = 3, min_score: float | None = None) -> list[SearchHit]:
        """The best `limit` articles, best first (ties by id); none under `min_score` (by default
        `self.min_score()`), and none under RELATIVE_CUTOFF of the best score, so a weak tail does
        not pad the list."""
        scores = self.scores(text)
        best = heapq.nsmallest(limit, scores.items(), key=lambda item: (-item[1], item[0]))
        if not best:
            return []
        floor = max(self.min_score() if min_score is None else min_score, best[0][1] * RELATIVE_CUTOFF)
        return [SearchHit(self._docs[a].article, round(s, 4)) for a, s in best if s >= floor]
