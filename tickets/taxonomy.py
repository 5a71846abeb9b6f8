"""Categories, subcategories, and the category suggested from a user's own words."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    name: str
    subcategories: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    categories: tuple[Category, ...]

    def names(self) -> list[str]:
        return [c.name for c in self.categories]

    def get(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)

    def suggest(self, text: str) -> Category | None:
        """The category whose keywords the text mentions most; None when nothing matches."""
        words = set(re.findall(r"[a-z0-9]+", (text or "").lower()))
        lowered = (text or "").lower()
        best, best_score = None, 0
        for category in self.categories:
            score = sum(1 for k in category.keywords if (k in words if " " not in k else k in lowered))
            if score > best_score:
                best, best_score = category, score
        return best


def parse_taxonomy(raw: object, where: str) -> Taxonomy:
    """Build from `{"categories": [{"name", "subcategories", "keywords"}]}`; ValueError names the key."""
    if not isinstance(raw, dict) or not isinstance(raw.get("categories"), list) or not raw["categories"]:
        raise ValueError(f"{where}.categories: a non-empty list of categories is required")
    categories = []
    for i, item in enumerate(raw["categories"]):
        key = f"{where}.categories[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"].strip():
            raise ValueError(f"{key}.name: a category needs a name")
        subs = item.get("subcategories")
        if not isinstance(subs, list) or not subs or not all(isinstance(s, str) and s for s in subs):
            raise ValueError(f"{key}.subcategories: a non-empty list of names is required")
        keywords = item.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise ValueError(f"{key}.keywords: a list of words is expected")
        categories.append(Category(item["name"].strip(), tuple(subs), tuple(k.lower() for k in keywords)))
    names = [c.name for c in categories]
    if len(set(names)) != len(names):
        raise ValueError(f"{where}.categories: category names must be unique")
    return Taxonomy(tuple(categories))
