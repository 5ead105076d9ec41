"""Read-only ROOT tools for LLM agents.

Two tools, each described by a JSON Schema that an agent framework can pass to a
language model, and each implemented as a plain Python function:

    list_branches     the branches of a tree, with their types and the entry count
    histogram_branch  a histogram of one branch, with under- and overflow counts

`call_tool(name, arguments)` is the single entry point for an agent loop: it validates
the arguments against the schema, runs the tool, and always returns a JSON string,
never an exception, so the model can read and react to errors.

Files are only read from one data directory, set by the HEP_TOOL_DATA environment
variable (default: ./data). Run `python tool.py --help` for a command-line test.
"""

from __future__ import annotations

import argparse
import json
import math
import os
from pathlib import Path
from typing import Any, Callable

import awkward as ak
import numpy as np
import uproot
from jsonschema import Draft202012Validator, ValidationError

DATA_DIR = Path(os.environ.get("HEP_TOOL_DATA", "data")).resolve()
MAX_ENTRIES = 5_000_000
MAX_BINS = 500

_FILE = {
    "type": "string",
    "description": "Path of a .root file relative to the data directory, e.g. 'uproot-HZZ.root'.",
    "pattern": "^[A-Za-z0-9_./-]+\\.root$",
}
_TREE = {
    "type": "string",
    "description": "Name of the TTree inside the file, e.g. 'events'.",
    "pattern": "^[A-Za-z0-9_/]+$",
}

LIST_BRANCHES_SPEC = {
    "name": "list_branches",
    "description": (
        "List the branches of a TTree in a ROOT file with their C++ types, and the number "
        "of entries. Call this before histogram_branch to learn the exact branch names."
    ),
    "parameters": {
        "type": "object",
        "properties": {"file": _FILE, "tree": _TREE},
        "required": ["file", "tree"],
        "additionalProperties": False,
    },
}

HISTOGRAM_BRANCH_SPEC = {
    "name": "histogram_branch",
    "description": (
        "Histogram the values of one numeric branch of a TTree. Variable-length branches "
        "(one list per entry, e.g. muon pT) are flattened. Returns bin edges, counts, "
        "underflow, overflow and the number of values read. Values are in the units "
        "stored in the file."
    ),
    "parameters": {
        "type": "object",
        "properties": {
            "file": _FILE,
            "tree": _TREE,
            "branch": {
                "type": "string",
                "description": "Exact branch name, as returned by list_branches.",
                "pattern": "^[A-Za-z_][A-Za-z0-9_.]*$",
            },
            "bins": {"type": "integer", "minimum": 1, "maximum": MAX_BINS},
            "range": {
                "type": "array",
                "description": "[low, high] edges of the histogram.",
                "items": {"type": "number"},
                "minItems": 2,
                "maxItems": 2,
            },
            "max_entries": {
                "type": "integer",
                "description": "Read at most this many entries (default: all, up to the tool's limit).",
                "minimum": 1,
                "maximum": MAX_ENTRIES,
            },
        },
        "required": ["file", "tree", "branch", "bins", "range"],
        "additionalProperties": False,
    },
}


class ToolError(Exception):
    """An error the model should see and can act on (bad path, unknown branch, ...)."""


def _resolve(file: str) -> Path:
    path = (DATA_DIR / file).resolve()
    if not path.is_relative_to(DATA_DIR):
        raise ToolError("file must be inside the data directory")
    if not path.is_file():
        raise ToolError(f"no such file: {file}")
    return path


def _open_tree(file: str, tree: str):
    handle = uproot.open(_resolve(file))
    try:
        obj = handle[tree]
    except KeyError:
        names = [k.split(";")[0] for k in handle.keys()]
        handle.close()
        raise ToolError(f"no object {tree!r} in {file}; available: {names}") from None
    if not isinstance(obj, uproot.TTree):
        handle.close()
        raise ToolError(f"{tree!r} is a {type(obj).__name__}, not a TTree")
    return handle, obj


def list_branches(file: str, tree: str) -> dict[str, Any]:
    handle, t = _open_tree(file, tree)
    with handle:
        return {"file": file, "tree": tree, "entries": t.num_entries, "branches": t.typenames()}


def histogram_branch(
    file: str, tree: str, branch: str, bins: int, range: list[float], max_entries: int = MAX_ENTRIES
) -> dict[str, Any]:
    low, high = float(range[0]), float(range[1])
    if not (math.isfinite(low) and math.isfinite(high) and low < high):
        raise ToolError("range must be two finite numbers with low < high")
    handle, t = _open_tree(file, tree)
    with handle:
        if branch not in t.keys():
            raise ToolError(f"no branch {branch!r} in {tree}; call list_branches to see the names")
        n_read = min(t.num_entries, max_entries)
        array = t[branch].array(library="ak", entry_stop=n_read)
    try:
        values = ak.to_numpy(ak.flatten(array, axis=None)).astype(np.float64)
    except (TypeError, ValueError) as exc:
        raise ToolError(f"branch {branch!r} is not numeric: {exc}") from None

    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(finite, bins=bins, range=(low, high))
    return {
        "file": file,
        "tree": tree,
        "branch": branch,
        "entries_read": int(n_read),
        "entries_in_tree": int(t.num_entries),
        "values_read": int(values.size),
        "non_finite": int(values.size - finite.size),
        "underflow": int(np.count_nonzero(finite < low)),
        "overflow": int(np.count_nonzero(finite > high)),
        "edges": [float(e) for e in edges],
        "counts": [int(c) for c in counts],
        "uproot_version": uproot.__version__,
    }


TOOLS: dict[str, tuple[dict[str, Any], Callable[..., dict[str, Any]]]] = {
    "list_branches": (LIST_BRANCHES_SPEC, list_branches),
    "histogram_branch": (HISTOGRAM_BRANCH_SPEC, histogram_branch),
}
READ_ONLY = {"list_branches", "histogram_branch"}


def openai_tools() -> list[dict[str, Any]]:
    """The tool specifications in the format of OpenAI-compatible chat APIs."""
    return [{"type": "function", "function": spec} for spec, _ in TOOLS.values()]


def call_tool(name: str, arguments: str | dict[str, Any]) -> str:
    """Validate, run and serialise one tool call. Never raises."""
    if name not in TOOLS:
        return json.dumps({"ok": False, "error": f"unknown tool {name!r}; available: {sorted(TOOLS)}"})
    spec, function = TOOLS[name]
    try:
        args = json.loads(arguments) if isinstance(arguments, str) else dict(arguments)
        Draft202012Validator(spec["parameters"]).validate(args)
        return json.dumps({"ok": True, "result": function(**args)})
    except json.JSONDecodeError as exc:
        return json.dumps({"ok": False, "error": f"arguments are not valid JSON: {exc}"})
    except ValidationError as exc:
        return json.dumps({"ok": False, "error": f"invalid arguments: {exc.message}"})
    except ToolError as exc:
        return json.dumps({"ok": False, "error": str(exc)})


def main() -> None:
    parser = argparse.ArgumentParser(description="Call a tool by hand, as an agent would.")
    parser.add_argument("name", choices=sorted(TOOLS))
    parser.add_argument("arguments", help="the arguments as a JSON object")
    args = parser.parse_args()
    print(json.dumps(json.loads(call_tool(args.name, args.arguments)), indent=2))


if __name__ == "__main__":
    main()
