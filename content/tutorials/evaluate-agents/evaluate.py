"""Evaluate the agent of agentic-analysis-loop on the tasks in tasks.yaml.

Every task is run several times, because a model's behaviour varies from run to run.
The true answers are computed independently with uproot (the REFERENCES below), and
each run is scored automatically. The script reports per-task pass rates, an overall
pass rate with a 95% Wilson interval, and the fraction of tasks solved in every run.

Usage:
    python evaluate.py --model MODEL_NAME --repeats 5 --out results.json

Needs agent.py and tool.py (parts 1 and 2 of the series) in the same folder, and the
OpenAI-compatible server settings described in part 2.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import re
from pathlib import Path
from typing import Any, Callable

import awkward as ak
import numpy as np
import uproot
import yaml

import agent
import tool

REFERENCES: dict[str, Callable[[Any], float]] = {
    "n_events": lambda t: t.num_entries,
    "two_muon_fraction": lambda t: float(np.mean(t["NMuon"].array(library="np") >= 2)),
    "mean_muons": lambda t: float(np.mean(t["NMuon"].array(library="np"))),
    "hard_muons": lambda t: int(ak.sum(abs(t["Muon_Px"].array()) > 50)),
}

ANSWER = re.compile(r"ANSWER:\s*([^\s]+)", re.IGNORECASE)


def parse_answer(text: str | None) -> float | str | None:
    """The value on the last 'ANSWER:' line: a number, 'none', or None if absent or unreadable."""
    matches = ANSWER.findall(text or "")
    if not matches:
        return None
    value = matches[-1].strip().rstrip(".").lower()
    if value == "none":
        return "none"
    try:
        return float(value)
    except ValueError:
        return None


def score(task: dict[str, Any], answer: float | str | None, truth: float | None) -> bool:
    if task.get("reference") is None:
        return answer == "none"
    return isinstance(answer, float) and abs(answer - truth) <= float(task.get("tolerance", 0))


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion k/n."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denominator = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def run_statistics(log_path: Path) -> dict[str, int]:
    records = [json.loads(line) for line in log_path.read_text().splitlines() if line.strip()]
    tools = [r for r in records if r["event"] == "tool"]
    return {
        "model_steps": sum(r["event"] == "model" for r in records),
        "tool_calls": len(tools),
        "tool_errors": sum(not json.loads(r["result"])["ok"] for r in tools),
        "hit_step_limit": any(r["event"] == "stopped" for r in records),
    }


def main() -> None:
    from openai import OpenAI

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=Path, default=Path("tasks.yaml"))
    parser.add_argument("--model", required=True)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--max-steps", type=int, default=8)
    parser.add_argument("--log-dir", type=Path, default=Path("runs/eval"))
    parser.add_argument("--out", type=Path, default=Path("results.json"))
    args = parser.parse_args()

    spec = yaml.safe_load(args.tasks.read_text())
    with uproot.open(tool.DATA_DIR / spec["data_file"]) as f:
        tree = f["events"]
        truths = {t["id"]: (REFERENCES[t["reference"]](tree) if t.get("reference") else None)
                  for t in spec["tasks"]}

    client = OpenAI()
    approve = lambda name, arguments: name in tool.READ_ONLY  # unattended, read-only tools only
    results = []
    for task in spec["tasks"]:
        for repeat in range(args.repeats):
            log = agent.RunLog(args.log_dir)
            text = agent.run_agent(task["prompt"], client=client, model=args.model, log=log,
                                   approve=approve, max_steps=args.max_steps)
            answer = parse_answer(text)
            passed = score(task, answer, truths[task["id"]])
            results.append({"task": task["id"], "repeat": repeat, "answer": answer,
                            "truth": truths[task["id"]], "passed": passed,
                            "log": str(log.path), **run_statistics(log.path)})
            print(f"{task['id']:28s} run {repeat}: {'pass' if passed else 'FAIL'} "
                  f"(answer {answer!r}, truth {truths[task['id']]!r})")

    n, k = len(results), sum(r["passed"] for r in results)
    low, high = wilson(k, n)
    per_task = {}
    for task in spec["tasks"]:
        runs = [r for r in results if r["task"] == task["id"]]
        per_task[task["id"]] = {"passed": sum(r["passed"] for r in runs), "runs": len(runs)}
    all_runs_pass = sum(v["passed"] == v["runs"] for v in per_task.values()) / len(per_task)

    summary = {
        "date": datetime.date.today().isoformat(),
        "model": args.model,
        "tasks_sha256": hashlib.sha256(args.tasks.read_bytes()).hexdigest(),
        "tasks_version": spec["version"],
        "system_prompt_sha256": hashlib.sha256(agent.SYSTEM_PROMPT.encode()).hexdigest(),
        "repeats": args.repeats,
        "pass_rate": k / n,
        "pass_rate_95": [low, high],
        "tasks_passed_in_every_run": all_runs_pass,
        "per_task": per_task,
        "runs": results,
    }
    args.out.write_text(json.dumps(summary, indent=2, default=str))
    print(f"\npass rate {k}/{n} = {k / n:.2f} (95% interval {low:.2f}-{high:.2f}); "
          f"tasks passed in every run: {all_runs_pass:.2f}")


if __name__ == "__main__":
    main()
