#!/usr/bin/env python3
"""What a reader's first search query downloads, for every word of a built site's index.

    python3 benchmarks/search_cost.py SITE_FOLDER [--limit 300000]

Reads SITE_FOLDER/search/ and, for each term of the index typed as a one-word query, counts the
bytes search.js loads for it on a fresh page: meta.js, the shards holding the term and (as the
last word of a query is matched as a prefix) the longer shards it starts, when at most four, and
the document chunks of the first results page (10 results, ranked as the client ranks them). Prints
the worst word, the largest files of each kind, and the largest vocabulary file (loaded only to
correct an unknown word). Exits non-zero when the worst word passes --limit bytes.
"""
import argparse
import json
import math
import os
import re
import sys

PAGE_SIZE = 10
MAX_PREFIX_SHARDS = 4


def payload(path):
    """The data a search/ script hands to portalSearchLoaded, and the file's size."""
    with open(path, "rb") as handle:
        raw = handle.read()
    text = raw.decode("utf-8")
    start = text.index(",") + 1
    return json.loads(text[start:text.rindex(")")]), len(raw)


def key_of(term):
    return "".join(c if re.fullmatch(r"[a-z0-9]", c) else "_" for c in term)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("site")
    parser.add_argument("--limit", type=int, default=300_000)
    arguments = parser.parse_args()
    folder = os.path.join(arguments.site, "search")
    meta, meta_size = payload(os.path.join(folder, "meta.js"))
    documents = meta["documents"]
    chunk = meta["chunk"]
    shard_names = set(meta["shards"])
    shard_sizes, postings = {}, {}
    for name in shard_names:
        table, size = payload(os.path.join(folder, "terms-%s.js" % name))
        shard_sizes[name] = size
        for term, flat in table.items():
            doc, entries = 0, []
            for i in range(0, len(flat) - 2, 3):
                doc += flat[i]
                entries.append((doc, flat[i + 1]))
            postings[term] = (name, entries)
    # Numbers come from addresses (format version 3): a chunk with no document is not written.
    width = meta["width"]
    rank = {int(meta["order"][i:i + width], 36): i // width for i in range(0, len(meta["order"]), width)}
    chunk_sizes = {}
    for number in range((meta["numbers"] + chunk - 1) // chunk):
        path = os.path.join(folder, "docs-%d.js" % number)
        if os.path.exists(path):
            chunk_sizes[number] = os.path.getsize(path)
    vocab_sizes = {name: os.path.getsize(os.path.join(folder, "vocab-%s.js" % name)) for name in meta.get("vocabulary", [])}

    by_shard = {}
    for term, (name, _) in postings.items():
        by_shard.setdefault(name, []).append(term)

    def holder(key):
        for length in range(len(key), 1, -1):
            if key[:length] in shard_names:
                return key[:length]
        return None

    worst = (0, None, None)
    for term in postings:
        key = key_of(term)
        names = [holder(key)]
        longer = [s for s in shard_names if len(s) > len(key) and s.startswith(key)]
        if len(longer) <= MAX_PREFIX_SHARDS:
            names += longer
        scores = {}
        for name in names:
            for word in by_shard.get(name, []):
                if not word.startswith(term):
                    continue
                entries = postings[word][1]
                idf = math.log(1 + (documents - len(entries) + 0.5) / (len(entries) + 0.5)) * (1 if word == term else 0.8)
                for doc, score in entries:
                    scores[doc] = max(scores.get(doc, 0), idf * score)
        top = sorted(scores, key=lambda d: (-scores[d], rank[d]))[:PAGE_SIZE]
        chunks = {doc // chunk for doc in top}
        total = meta_size + sum(shard_sizes[n] for n in names) + sum(chunk_sizes[c] for c in chunks)
        if total > worst[0]:
            worst = (total, term, (names, sorted(chunks)))

    total, term, (names, chunks) = worst
    print("documents: %d, terms: %d, shards: %d (largest %d bytes), document chunks: %d (largest %d bytes)" % (
        documents, len(postings), len(shard_names), max(shard_sizes.values()), len(chunk_sizes), max(chunk_sizes.values())))
    print("meta.js: %d bytes; vocabulary files: %d (largest %d bytes)" % (meta_size, len(vocab_sizes), max(vocab_sizes.values() or [0])))
    print("worst first query: %r downloads %d bytes (%.1f KB): meta %d + shards %s %d + %d chunks %d" % (
        term, total, total / 1000, meta_size, names, sum(shard_sizes[n] for n in names), len(chunks), sum(chunk_sizes[c] for c in chunks)))
    if total > arguments.limit:
        print("over the limit of %d bytes" % arguments.limit, file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
