#!/usr/bin/env python3
"""Compares two built sites file by file: the check that a refactor changed no output.

    python3 benchmarks/compare.py BEFORE AFTER

Prints every file that is only in one folder or differs (with the first differing byte), a
one-line summary, and exits 1 when anything differs. Dot files (the `.portal-site` marker) are
compared too; temporary folders (`.portal-*` beside the output) are not inside either folder.
"""
import os
import sys


def files(root):
    found = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = os.path.join(folder, name)
            found[os.path.relpath(path, root)] = path
    return found


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    before, after = (files(folder) for folder in sys.argv[1:3])
    problems = 0
    for path in sorted(before.keys() - after.keys()):
        print(f"only in {sys.argv[1]}: {path}")
        problems += 1
    for path in sorted(after.keys() - before.keys()):
        print(f"only in {sys.argv[2]}: {path}")
        problems += 1
    for path in sorted(before.keys() & after.keys()):
        with open(before[path], "rb") as a, open(after[path], "rb") as b:
            old, new = a.read(), b.read()
        if old != new:
            at = next((i for i, (x, y) in enumerate(zip(old, new)) if x != y), min(len(old), len(new)))
            print(f"differs: {path} (first at byte {at}; {len(old)} -> {len(new)} bytes)")
            problems += 1
    total = len(before.keys() | after.keys())
    print(f"{total} files compared, {problems} differ")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
