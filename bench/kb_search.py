"""Knowledge-base search at scale: index build time and search latency over synthetic articles.

    .venv/bin/python -m bench.kb_search                    # 5,000 articles, 1,000 queries
    .venv/bin/python -m bench.kb_search --articles 20000 --queries 2000

Articles are generated text: words drawn with a Zipf-like skew from the shipped kb/ vocabulary
plus made-up words (product names, error codes), so a few words are everywhere and most are rare,
as in real prose. Queries take 2-6 words of a random article's title and body with a stray word
added; one in ten is gibberish (which should match nothing). Times are wall-clock on this machine.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from pathlib import Path

from store.kb_files import FileKnowledgeBase, read_folder, render_article
from tickets.kb.article import Article
from tickets.kb.library import Library
from tickets.kb.text import STOP_WORDS, _terms_of

SHIPPED = Path(__file__).resolve().parents[1] / "kb"
CATEGORIES = ("Hardware", "Software", "Network/Connectivity", "Account and Access", "Email and Microsoft 365",
              "Security", "Project Request")


def vocabulary(rng: random.Random, extra: int) -> list[str]:
    words = sorted({w.strip(".,:;()*`\"'!?»«").lower() for a in read_folder(SHIPPED) for w in a.body.split()})
    words = [w for w in words if w.isalpha() and len(w) > 2]
    syllables = ("ka", "lo", "mi", "net", "sync", "pro", "tek", "vo", "zu", "dex", "ra", "fin", "sol", "tra")
    made_up = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) + rng.choice(("", "x", "36", "pro"))
               for _ in range(extra)}
    made_up |= {f"err{rng.randint(0x1000, 0xFFFF):x}" for _ in range(extra // 4)}
    return words + sorted(made_up)


def sampler(rng: random.Random, words: list[str]):
    weights = [1 / (rank + 1) for rank in range(len(words))]  # Zipf, s = 1
    shuffled = words[:]
    rng.shuffle(shuffled)

    def draw(count: int) -> list[str]:
        return rng.choices(shuffled, weights=weights, k=count)

    return draw


def make_articles(count: int, rng: random.Random) -> list[Article]:
    draw = sampler(rng, vocabulary(rng, 15_000))
    articles = []
    for n in range(count):
        title = " ".join(draw(rng.randint(4, 8))).capitalize()
        paragraphs = [" ".join(draw(rng.randint(30, 90))) + "." for _ in range(rng.randint(3, 6))]
        body = "## Steps\n\n" + "\n\n".join(paragraphs)
        articles.append(Article(f"article-{n:05d}", title, body, rng.choice(CATEGORIES), tuple(draw(5))))
    return articles


def make_queries(articles: list[Article], count: int, rng: random.Random) -> list[str]:
    queries = []
    for _ in range(count):
        if rng.random() < 0.1:
            queries.append(" ".join("".join(rng.choices("qwxzjkv", k=6)) for _ in range(2)))
            continue
        source = rng.choice(articles)
        words = [w for w in (source.title + " " + source.body).lower().split() if w.isalpha() and w not in STOP_WORDS]
        picked = rng.sample(words, k=min(len(words), rng.randint(2, 6)))
        queries.append(" ".join(["my", *picked, rng.choice(("please", "again", "today"))]))
    return queries


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    articles = make_articles(args.articles, rng)
    queries = make_queries(articles, args.queries, rng)
    words = sum(len(a.body.split()) for a in articles)

    _terms_of.cache_clear()
    started = time.perf_counter()
    library = Library(articles)
    build = time.perf_counter() - started

    latencies, hits = [], 0
    for query in queries:
        started = time.perf_counter()
        found = library.search(query, limit=3)
        latencies.append(time.perf_counter() - started)
        hits += bool(found)
    latencies.sort()

    def at(fraction: float) -> float:
        return latencies[min(len(latencies) - 1, int(fraction * len(latencies)))]

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "kb").mkdir()
        for item in articles:
            (root / "kb" / f"{item.id}.md").write_text(render_article(item), encoding="utf-8")
        kb = FileKnowledgeBase.in_data_dir(root / "kb", root / "data")
        _terms_of.cache_clear()  # as after a restart: the word cache starts cold
        started = time.perf_counter()
        asyncio.run(kb.search("warm up"))
        load = time.perf_counter() - started
        draft = articles[0]
        started = time.perf_counter()
        asyncio.run(kb.save_draft(draft))
        save = time.perf_counter() - started

    print(f"{args.articles:,} articles ({words:,} body words), {args.queries:,} queries "
          f"({hits:,} with hits), seed {args.seed}")
    print(f"{'measure':<44} {'ms':>10}")
    print(f"{'-' * 44} {'-' * 10}")
    for label, value in (
        ("index build (in memory, from Article objects)", build),
        ("first load from Markdown files + index", load),
        ("save_draft (atomic write + index update)", save),
        ("search p50", at(0.50)),
        ("search p90", at(0.90)),
        ("search p99", at(0.99)),
        ("search max", latencies[-1]),
        ("search mean", statistics.fmean(latencies)),
    ):
        print(f"{label:<44} {ms(value):>10}")


if __name__ == "__main__":
    main()
