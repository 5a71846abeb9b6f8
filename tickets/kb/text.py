"""Words for search: lowercase, hyphenated words joined too, English stop words dropped, light stemming.

The same function reads articles and queries, so `dropping`, `drops` and `dropped` all meet `drop`.
"""

from __future__ import annotations

import re
from functools import lru_cache

_WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
STOP_WORDS = frozenset("""
a about above after again against all am an and any are aren as at be because been before being below
between both but by can cannot could couldn did didn do does doesn doing don down during each few for
from further get gets got had hadn has hasn have haven having he her here hers herself him himself his
how i if in into is isn it its itself just let ll me more most my myself no nor not now of off on once
only or other ought our ours ourselves out over own please re same shan she should shouldn so some such
than thank thanks that the their theirs them themselves then there these they this those through to too
under until up us ve very want was wasn way we were weren what when where which while who whom why will
with won would wouldn you your yours yourself yourselves hi hello hey help need trying tried also still
keep keeps kept
""".split())
_DOUBLE_KEEP = frozenset("lsz")  # install-ing keeps its ll; drop-p-ing loses the second p
_VOWELS = frozenset("aeiouy")


def stem(word: str) -> str:
    """Strip plural, -ing and -ed endings; short words and numbers are left alone."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    for suffix, shortest in (("ing", 3), ("ed", 3)):
        if word.endswith(suffix) and len(word) - len(suffix) >= shortest:
            base = word[: -len(suffix)]
            if not _VOWELS.intersection(base):
                return word  # `sing`, `red`: the ending is the word
            if len(base) > 3 and base[-1] == base[-2] and base[-1] not in _VOWELS | _DOUBLE_KEEP:
                base = base[:-1]
            return base
    return word


@lru_cache(maxsize=100_000)
def _terms_of(raw: str) -> tuple[str, ...]:
    """The terms of one lowercased word as the regex found it (`wi-fi`, `won't`, `printers`)."""
    parts = re.split(r"['’-]", raw)
    if len(parts) > 1 and parts[-1] in ("t", "s", "ll", "re", "ve", "d", "m"):  # won't, user's
        parts = parts[:-1]
    words = parts + (["".join(parts)] if len(parts) > 1 and "-" in raw else [])
    terms = []
    for word in words:
        if len(word) > 1 and word not in STOP_WORDS:
            stemmed = stem(word)
            if stemmed not in STOP_WORDS:  # `needed` is as empty as `need`
                terms.append(stemmed)
    return tuple(terms)


def tokenize(text: str) -> list[str]:
    """Search terms of `text`, in order, with repeats (term frequency counts them)."""
    terms: list[str] = []
    for raw in _WORD.findall((text or "").lower()):
        terms.extend(_terms_of(raw))
    return terms
