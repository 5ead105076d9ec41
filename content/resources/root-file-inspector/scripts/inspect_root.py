#!/usr/bin/env python3
"""Summarise a ROOT file without changing it: its trees and RNTuples with their branches or
fields, types and entry counts, and its histograms with their binning, as JSON on standard output.

    python3 scripts/inspect_root.py FILE.root [--entries N]

With --entries N, the first N entries of every branch or field of a flat numeric type are printed too.
Reads with uproot (pip install uproot); needs no ROOT installation and writes nothing.
"""

import argparse
import json
import sys

import uproot


FLAT_TYPES = {"bool", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t",
              "float", "double", "std::int8_t", "std::uint8_t", "std::int16_t", "std::uint16_t", "std::int32_t",
              "std::uint32_t", "std::int64_t", "std::uint64_t"}


def first_entries(source, types, entries):
    flat = [name for name, typename in types.items() if typename in FLAT_TYPES]
    if not entries or not flat:
        return None
    arrays = source.arrays(flat, entry_stop=entries, library="np")
    return {name: arrays[name].tolist() for name in flat}


def describe_tree(tree, entries):
    """A TTree (or TNtuple): ROOT's classic columnar format."""
    branches = []
    for branch in tree.branches:
        item = {"name": branch.name, "type": str(branch.typename)}
        if branch.title:
            item["title"] = branch.title
        branches.append(item)
    summary = {"kind": "tree", "entries": int(tree.num_entries), "branches": branches}
    first = first_entries(tree, {b.name: str(b.typename) for b in tree.branches}, entries)
    if first is not None:
        summary["first_entries"] = first
    return summary


def describe_ntuple(ntuple, entries):
    """An RNTuple: the format that follows TTree (ROOT 6.34 and later, and uproot's default for new files)."""
    types = dict(ntuple.typenames())
    summary = {"kind": "rntuple", "entries": int(ntuple.num_entries),
               "fields": [{"name": name, "type": typename} for name, typename in types.items()]}
    first = first_entries(ntuple, types, entries)
    if first is not None:
        summary["first_entries"] = first
    return summary


def describe_histogram(histogram):
    values, *edges = histogram.to_numpy(flow=False)
    return {
        "kind": "histogram",
        "class": histogram.classname,
        "title": histogram.title,
        "bins": [len(axis) - 1 for axis in edges],
        "ranges": [[float(axis[0]), float(axis[-1])] for axis in edges],
        "sum_of_weights": float(values.sum()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", help="the ROOT file to read")
    parser.add_argument("--entries", type=int, default=0, help="also print the first N entries of flat numeric branches")
    args = parser.parse_args()

    objects = {}
    with uproot.open(args.file) as root_file:
        for key, classname in root_file.classnames(recursive=True).items():
            name = key.split(";")[0]
            if name in objects:
                continue  # an older cycle of the same object
            if classname in ("TTree", "TNtuple"):
                objects[name] = describe_tree(root_file[key], args.entries)
            elif classname == "ROOT::RNTuple":
                objects[name] = describe_ntuple(root_file[key], args.entries)
            elif classname.startswith(("TH1", "TH2", "TH3", "TProfile")):
                objects[name] = describe_histogram(root_file[key])
            else:
                objects[name] = {"kind": "other", "class": classname}
    json.dump({"file": args.file, "objects": objects}, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
