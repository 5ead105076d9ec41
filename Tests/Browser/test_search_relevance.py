"""Search relevance over the shipped site: the committed queries of relevance.json, each with the
page a reader expects first, ranked by search.js itself; the mean reciprocal rank must stay >= 0.9."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import open_page

QUERIES = json.loads((Path(__file__).parent / "relevance.json").read_text(encoding="utf-8"))["queries"]
THRESHOLD = 0.9


def test_relevance_mean_reciprocal_rank(driver, site):
    assert len(QUERIES) >= 40
    open_page(driver, site.url("index.html"))
    total = 0.0
    misses = []
    for case in QUERIES:
        found = driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            "window.portalSearchRank(arguments[0], 10).then(done, e => done({results: [], error: String(e)}));",
            case["query"])
        urls = [r["url"] for r in found["results"]]
        rank = urls.index(case["expected"]) + 1 if case["expected"] in urls else 0
        total += 1 / rank if rank else 0
        if rank != 1:
            misses.append(f"{case['query']!r}: expected at {rank or 'none'}, first {urls[:3]}")
    mrr = total / len(QUERIES)
    print(f"\nsearch relevance ({site.mode}): MRR {mrr:.3f} over {len(QUERIES)} queries; not first: {len(misses)}")
    for miss in misses:
        print("  " + miss)
    assert mrr >= THRESHOLD, f"MRR {mrr:.3f} < {THRESHOLD}: " + "; ".join(misses)
