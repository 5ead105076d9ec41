#!/usr/bin/env python3
"""Counts the instructions `portal serve` spends on adding and deleting a page (or other actions).

    python3 benchmarks/serve_instructions.py PORTAL [--pages 1000] [--rounds 3] [--actions add,delete]
                                             [--work /tmp/portal-serve-instructions]

The wall time of a preview action on this shared machine moves by tens of milliseconds from one
sample to the next (see docs/development.md), which hides a change worth a few percent of it. This
counts instead: it runs `portal serve` under callgrind on the generated corpus twice, once with no
action and once with ROUNDS rounds of ACTIONS, each waited for until the server has also written
the reader files it leaves for after the reload, and prints the difference divided by the number of
actions: the instructions of one action, the first build taken out. The standard library's hash
seed is fixed (SWIFT_DETERMINISTIC_HASHING), and glibc is told not to use `rep movsb`/`rep stosb`
(which callgrind counts as one instruction whatever their length), so the same binary gives the same
count from run to run, within a few tenths of a percent.

PORTAL is a release build; a copy without its DWARF 5 debug information (`strip -g`), which valgrind
cannot read, is what runs. Needs valgrind (`apt-get install valgrind`).
"""
import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import generate  # noqa: E402
import run as benchmark  # noqa: E402

ENVIRONMENT = {
    "SWIFT_DETERMINISTIC_HASHING": "1",
    "GLIBC_TUNABLES": "glibc.cpu.x86_rep_movsb_threshold=4294967295:glibc.cpu.x86_rep_stosb_threshold=4294967295",
}


def session(portal, site, rounds, actions, work):
    """Runs `portal serve` under callgrind with `rounds` rounds of `actions`; returns its instruction count."""
    counts = os.path.join(work, "callgrind.out")
    output = os.path.join(work, "preview")
    shutil.rmtree(output, ignore_errors=True)
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=" + counts,
               portal, "serve", "--verbose", "--port", "0", "--output", output,
               "--content", os.path.join(site, "content"), "--templates", os.path.join(site, "templates")]
    server, port = benchmark.started_server(command, environment=dict(os.environ, **ENVIRONMENT))
    log = benchmark.ServerLog(server, server.stderr)

    # A browser's event stream stays open, as while an editor works: the server tells it to reload.
    events = socket.create_connection(("127.0.0.1", port))
    events.sendall(b"GET /__portal/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    folder = os.path.join(site, "content", "tutorials")
    edited = os.path.join(folder, "tutorial-00001.md")
    added = os.path.join(folder, "benchmark-added.md")
    with open(edited, encoding="utf-8") as handle:
        original = handle.read()
    current = original
    try:
        for run in range(rounds):
            for action in actions:
                if action == "add":
                    path, text = added, re.sub(r"^title: .*$", 'title: "A page the benchmark added, run %d"' % run, original, count=1, flags=re.M)
                elif action == "delete":
                    path, text = added, None
                elif action == "title":
                    current = re.sub(r"^title: .*$", 'title: "Tutorial 1, edited %d times"' % (run + 1), current, count=1, flags=re.M)
                    path, text = edited, current
                else:
                    current += "\nA sentence added by the benchmark, run %d.\n" % run
                    path, text = edited, current
                since = log.mark()
                if text is None:
                    os.remove(path)
                else:
                    with open(path, "w", encoding="utf-8") as handle:
                        handle.write(text)
                # The server logs this line once everything a rebuild in place left for after the
                # reload (the pages no browser shows, then the reader files) is written.
                log.wait_for(r"^After the reload: reader files", since)
    finally:
        with open(edited, "w", encoding="utf-8") as handle:
            handle.write(original)
        if os.path.exists(added):
            os.remove(added)
        events.close()
        server.terminate()
        server.wait()
    with open(counts) as handle:
        totals = [int(line.split()[1]) for line in handle if line.startswith(("summary:", "totals:"))]
    return totals[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("portal")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--actions", default="add,delete", help="comma-separated: add, delete, title, body")
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "portal-serve-instructions"))
    arguments = parser.parse_args()
    actions = arguments.actions.split(",")
    if set(actions) - {"add", "delete", "title", "body"}:
        parser.error("actions are add, delete, title and body")
    if "delete" in actions and ("add" not in actions or actions.index("delete") < actions.index("add")):
        parser.error("a delete deletes the page an add made: put add before it")
    os.makedirs(arguments.work, exist_ok=True)
    portal = os.path.join(arguments.work, "portal")
    subprocess.run(["strip", "-g", "-o", portal, arguments.portal], check=True)
    corpus = os.path.join(arguments.work, str(arguments.pages))
    if not os.path.isdir(corpus):
        generate.generate(arguments.pages, corpus)
    site = os.path.join(corpus, "portal")
    base = session(portal, site, 0, actions, arguments.work)
    total = session(portal, site, arguments.rounds, actions, arguments.work)
    count = arguments.rounds * len(actions)
    print("%d pages: first build %.1f M instructions; %d actions (%s) %.1f M more, %.1f M each"
          % (arguments.pages, base / 1e6, count, ",".join(actions), (total - base) / 1e6, (total - base) / 1e6 / count))


if __name__ == "__main__":
    main()
