"""Tests for tool.py: run with `python -m pytest test_tool.py`.

The tests write a tiny ROOT file with known contents, so every expected number can be
checked by hand.
"""

import json

import awkward as ak
import numpy as np
import pytest
import uproot

import tool


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    pt = ak.Array([[10.0, 30.0], [], [55.0], [float("nan")]])
    run = np.array([1, 1, 2, 2], dtype=np.int32)
    with uproot.recreate(tmp_path / "small.root") as f:
        # mktree writes a TTree explicitly (recent uproot versions may default to RNTuple)
        f.mktree("events", {"Muon_pt": pt.type.content, "run": run.dtype})
        f["events"].extend({"Muon_pt": pt, "run": run})
    monkeypatch.setattr(tool, "DATA_DIR", tmp_path.resolve())
    return tmp_path


def call(name, **arguments):
    return json.loads(tool.call_tool(name, json.dumps(arguments)))


def test_list_branches(data_dir):
    out = call("list_branches", file="small.root", tree="events")
    assert out["ok"]
    assert out["result"]["entries"] == 4
    assert "Muon_pt" in out["result"]["branches"]


def test_histogram_counts_by_hand(data_dir):
    out = call("histogram_branch", file="small.root", tree="events",
               branch="Muon_pt", bins=2, range=[0, 50])
    result = out["result"]
    assert result["counts"] == [1, 1]          # 10 in [0, 25), 30 in [25, 50]
    assert result["overflow"] == 1             # 55
    assert result["non_finite"] == 1           # the NaN is counted, not binned
    assert result["values_read"] == 4


def test_max_entries_is_respected(data_dir):
    out = call("histogram_branch", file="small.root", tree="events",
               branch="run", bins=2, range=[0.5, 2.5], max_entries=2)
    assert out["result"]["counts"] == [2, 0]


@pytest.mark.parametrize("bad_file", ["../secret.root", "/etc/passwd.root", "small.txt"])
def test_rejects_files_outside_data_dir(data_dir, bad_file):
    out = call("list_branches", file=bad_file, tree="events")
    assert not out["ok"]


def test_unknown_branch_suggests_list_branches(data_dir):
    out = call("histogram_branch", file="small.root", tree="events",
               branch="Muon_pT", bins=10, range=[0, 100])
    assert not out["ok"] and "list_branches" in out["error"]


def test_schema_rejects_extra_and_missing_arguments(data_dir):
    assert not call("list_branches", file="small.root", tree="events", cut="pt > 5")["ok"]
    assert not call("histogram_branch", file="small.root", tree="events", branch="run")["ok"]


def test_bad_json_and_unknown_tool_do_not_raise():
    assert not json.loads(tool.call_tool("list_branches", "{not json"))["ok"]
    assert not json.loads(tool.call_tool("delete_file", "{}"))["ok"]
