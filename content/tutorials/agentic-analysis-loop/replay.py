"""Audit an agent run log written by agent.py.

1. Re-run every approved tool call and check that it gives the same result today.
2. List numbers in the final answer that do not appear in any tool result, so a
   person can check how they were derived. These are flags for review, not verdicts:
   a correct answer may legitimately compute a new number (a sum, a fraction).

Usage: python replay.py runs/<run_id>.jsonl
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import tool

NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def numbers_in(value: object) -> set[float]:
    return {float(x) for x in NUMBER.findall(json.dumps(value) if not isinstance(value, str) else value)}


def main(path: Path) -> int:
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    tool_records = [r for r in records if r["event"] == "tool" and r["approved"]]
    problems = 0

    for r in tool_records:
        again = json.loads(tool.call_tool(r["name"], r["arguments"]))
        logged = json.loads(r["result"])
        same = again == logged
        problems += not same
        print(f"step {r['step']} {r['name']}: {'reproduced' if same else 'DIFFERENT'}")

    final = next((r for r in records if r["event"] == "final"), None)
    if final is None:
        print("no final answer in this log")
        return 1
    seen: set[float] = set()
    for r in tool_records:
        seen |= numbers_in(json.loads(r["result"]))
    unexplained = sorted(n for n in numbers_in(final["answer"] or "") if n not in seen)
    if unexplained:
        print("numbers in the answer not found in any tool result (check by hand):", unexplained)
    else:
        print("every number in the answer appears in a tool result")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
