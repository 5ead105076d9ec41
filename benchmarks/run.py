#!/usr/bin/env python3
"""Benchmarks portal against Hugo on the same generated corpus.

    python3 benchmarks/run.py [--sizes 1000 10000] [--runs 3] [--work /tmp/portal-bench]

Builds portal in release mode, writes each corpus with generate.py, then alternates full builds
of portal and (when `hugo` is on the PATH) Hugo, from empty output folders, and prints the median
wall time, CPU time (user + system) and peak resident memory of each, with the ratios. It also
times portal's one-off build into the kept output after a one-page body edit and after a title
edit (the manifest beside the output lets it keep the pages that did not change),
and, with `portal serve` running, the time from saving an edit to the browser's reload event for
five actions (a body edit, a title edit, adding a page, deleting it, editing a kind's template), with
two browsers open, one on the edited tutorial and one on the tutorials listing (the server writes
the pages browsers show before it tells them to reload, and the other changed pages right after,
which it also times), and Hugo's server's full rebuild time for the first two. With a C compiler (`cc`), each run also times the
kernel's floor for each tool's output: a C program (write_floor.c) recreating the same folders and
files of the same sizes on two threads, from memory, doing nothing else.
Last, for each size, it measures what the formulas cost (issue 14: at most 5% at 10,000 pages): it
writes the same corpus without them (`generate.py --no-math`) and alternates full builds of the two
(`--math-runs` pairs), printing the median of each pair's ratio of wall and of CPU time
(`--skip-math` leaves this out).
Peak memory and times come from GNU time (/usr/bin/time), which must be installed.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate  # noqa: E402


def timed(command):
    """Runs `command`; returns (wall s, cpu s, peak KB)."""
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", "-o", report.name] + command,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wall, user, system, peak = report.read().split()[-4:]
    return float(wall), float(user) + float(system), int(peak)


ACTIONS = (("body", "text of one page"), ("title", "title of one page"), ("summary", "summary of one page"),
           ("add", "add a page"), ("delete", "delete that page"), ("template", "edit a kind's template"))


def started_server(command, environment=None):
    """Starts `portal serve` as `command`; returns the process and its port once its first build is done.

    The server's log is its standard error, which the caller must keep reading."""
    import re
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=environment)
    port = None
    for line in server.stderr:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if found:
            port = int(found.group(1))
        if line.startswith("Built") or "failed" in line:
            break
    return server, port


class ServerLog:
    """A server's log, read line by line on a thread as it comes (a server writing into a full pipe
    would block), for waiting until a line shows."""

    def __init__(self, server, stream):
        import threading
        self.server = server
        self.lines = []
        self.condition = threading.Condition()

        def read():
            for line in stream:
                with self.condition:
                    self.lines.append(line)
                    self.condition.notify_all()
        threading.Thread(target=read, daemon=True).start()

    def mark(self):
        """Where the next line will be: `wait_for` looks from there."""
        with self.condition:
            return len(self.lines)

    def find(self, pattern, after):
        """The match of `pattern` in the first line from `after` on that has one, or None."""
        import re
        with self.condition:
            for line in self.lines[after:]:
                found = re.search(pattern, line)
                if found:
                    return found
        return None

    def wait_for(self, pattern, after, timeout=600):
        """Returns once a line from `after` on matches `pattern`; raises if the server ends or `timeout` seconds pass without a line."""
        import re
        with self.condition:
            while True:
                if any(re.search(pattern, line) for line in self.lines[after:]):
                    return
                if self.server.poll() is not None or not self.condition.wait(timeout=timeout):
                    raise RuntimeError("the server wrote no line matching %r" % pattern)


# The pages the benchmark's two browsers show: the edited tutorial and the listing it is in.
SHOWN = ("/tutorials/tutorial-00001/", "/tutorials/")


def serve_latency(portal, site, runs):
    """Starts `portal serve` on `site` with browsers showing the SHOWN pages, then times
    edit -> reload event for each of ACTIONS.

    Returns {"body": [(seconds, pages, later)], "title": [...], ...} with the time from writing the
    file to the browsers' reload event (the server's rebuild included, with the pages they show),
    the pages each rebuild changed, and the seconds the server took after the event to write the
    changed pages no browser shows (0 when none were left).
    """
    import json
    import re
    import socket
    import time
    import urllib.parse
    output = os.path.join(site, "_preview")
    # --verbose: the server logs when the work it leaves for after the reload event is done.
    server, port = started_server([portal, "serve", "--verbose", "--port", "0", "--output", output,
                                   "--content", os.path.join(site, "content"), "--templates", os.path.join(site, "templates")])
    try:
        # Keep reading the server's log, or it blocks once the pipe is full.
        log = ServerLog(server, server.stderr)
        # Each browser's live-reload script names the page it shows; the events are read from the first.
        streams = []
        for shown in SHOWN:
            stream = socket.create_connection(("127.0.0.1", port))
            stream.sendall(("GET /__portal/events?page=%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" % urllib.parse.quote(shown, safe="")).encode())
            stream.settimeout(120)
            streams.append(stream)
        events = streams[0]
        pending = b""

        def next_event(name):
            """The next `name` event's block, or None if an `errors` event comes first."""
            nonlocal pending
            while True:
                failed = pending.find(b"event: errors")
                marker = pending.find(b"event: " + name.encode())
                if failed >= 0 and (marker < 0 or failed < marker):
                    return None
                end = pending.find(b"\n\n", marker) if marker >= 0 else -1
                if marker >= 0 and end >= 0:
                    block = pending[marker:end].decode()
                    pending = pending[end + 2:]
                    return block
                pending += events.recv(65536)

        next_event("hello")
        folder = os.path.join(site, "content", "tutorials")
        edited = os.path.join(folder, "tutorial-00001.md")
        template = os.path.join(site, "templates", "tutorial.mustache")
        with open(edited, encoding="utf-8") as handle:
            original = handle.read()
        with open(template, encoding="utf-8") as handle:
            original_template = handle.read()
        results = {kind: [] for kind, _ in ACTIONS}
        current = original
        added = os.path.join(folder, "benchmark-added.md")
        try:
            for run in range(runs):
                for kind, _ in ACTIONS:
                    # A body edit keeps the front-matter; a title or summary edit keeps the body; the page added
                    # is a copy of the edited one under a new title (in its section, tags and areas).
                    if kind == "body":
                        current = current + "\nA sentence added by the benchmark, run %d.\n" % run
                        path, text = edited, current
                    elif kind == "title":
                        current = re.sub(r"^title: .*$", 'title: "Tutorial 1, edited %d times"' % (run + 1), current, count=1, flags=re.M)
                        path, text = edited, current
                    elif kind == "summary":
                        current = re.sub(r"^summary: .*$", 'summary: "A summary the benchmark wrote, run %d."' % run, current, count=1, flags=re.M)
                        path, text = edited, current
                    elif kind == "add":
                        path, text = added, re.sub(r"^title: .*$", 'title: "A page the benchmark added, run %d"' % run, original, count=1, flags=re.M)
                    elif kind == "template":
                        path, text = template, original_template + "\n<!-- edited by the benchmark, run %d -->\n" % run
                    else:
                        path, text = added, None
                    since = log.mark()
                    start = time.perf_counter()
                    if text is None:
                        os.remove(path)
                    else:
                        with open(path, "w", encoding="utf-8") as handle:
                            handle.write(text)
                    block = next_event("reload")
                    if block is None:
                        raise RuntimeError("the rebuild after the %s edit failed" % kind)
                    elapsed = time.perf_counter() - start
                    pages = len(json.loads(block.split("data: ", 1)[1])["pages"])
                    # The server logs this once everything it left for after the event is written.
                    log.wait_for(r"^After the reload: reader files", since)
                    later = log.find(r"^After the reload: (\d+) pages? no browser shows written in (\d+) ms", since)
                    results[kind].append((elapsed, pages, int(later.group(2)) / 1000 if later else 0))
                    time.sleep(1)
        finally:
            with open(edited, "w", encoding="utf-8") as handle:
                handle.write(original)
            with open(template, "w", encoding="utf-8") as handle:
                handle.write(original_template)
            if os.path.exists(added):
                os.remove(added)
        for stream in streams:
            stream.close()
        return results
    finally:
        server.terminate()
        server.wait()


def hugo_server_latency(hugo, site, runs):
    """Starts `hugo server` on `site`, then times a body edit and a title edit of one page: from
    writing the file to Hugo's "Total in … ms" line for the rebuild it triggers (the browser's
    reload comes after it). Returns {"body": [seconds], "title": [seconds]}."""
    import re
    import time
    server = subprocess.Popen([hugo, "server", "-s", site, "--port", "0", "--bind", "127.0.0.1", "--disableFastRender"],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = ServerLog(server, server.stdout)
    try:
        log.wait_for(r"Web Server is available", 0)
        edited = os.path.join(site, "content", "tutorials", "tutorial-00001.md")
        with open(edited, encoding="utf-8") as handle:
            original = handle.read()
        current = original
        results = {"body": [], "title": []}
        try:
            for run in range(runs):
                for kind in ("body", "title"):
                    if kind == "body":
                        current = current + "\nA sentence added by the benchmark, run %d.\n" % run
                    else:
                        current = re.sub(r"^title: .*$", 'title: "Tutorial 1, edited %d times"' % (run + 1), current, count=1, flags=re.M)
                    seen = log.mark()
                    start = time.perf_counter()
                    with open(edited, "w", encoding="utf-8") as handle:
                        handle.write(current)
                    log.wait_for(r"Total in \d+ ms", seen)
                    results[kind].append(time.perf_counter() - start)
                    time.sleep(1)
        finally:
            with open(edited, "w", encoding="utf-8") as handle:
                handle.write(original)
        return results
    finally:
        server.terminate()
        server.wait()


def tree_list(folder):
    """The folders (parents first) and files of `folder`, as write_floor.c reads them."""
    lines = []
    files = []
    for parent, folders, names in os.walk(folder):
        relative = os.path.relpath(parent, folder)
        for name in sorted(folders):
            lines.append("d 0 %s" % os.path.normpath(os.path.join(relative, name)))
        for name in sorted(names):
            path = os.path.join(parent, name)
            files.append("f %d %s" % (os.path.getsize(path), os.path.normpath(os.path.join(relative, name))))
    return "\n".join(lines + files) + "\n"


def write_floor(writer, listing, target):
    """Seconds write_floor takes to recreate `listing` at `target` on two threads; removes it after.
    The disk is synced first, so that the pages the builds left to write back do not slow it: a floor."""
    shutil.rmtree(target, ignore_errors=True)
    os.sync()
    result = subprocess.run([writer, target, "2"], input=listing, capture_output=True, text=True, check=True)
    shutil.rmtree(target, ignore_errors=True)
    return float(result.stdout.split()[-1])


def formula_cost(portal, size, work, site, runs):
    """Alternates full builds of the corpus at `site` and of the same corpus without its formulas;
    returns each pair's ratio of wall and of CPU time (with / without) and the samples."""
    plain = work + "-no-math"
    generate.WITH_MATH = False
    try:
        generate.generate(size, plain)
    finally:
        generate.WITH_MATH = True
    output = os.path.join(work, "formula-cost-output")
    samples = {True: [], False: []}
    for run in range(runs):
        # Alternating which goes first, so that neither always follows the other's deletions.
        for math in ((True, False) if run % 2 == 0 else (False, True)):
            root = site if math else os.path.join(plain, "portal")
            shutil.rmtree(output, ignore_errors=True)
            samples[math].append(timed([portal, "build", "--no-reuse", "--content", os.path.join(root, "content"),
                                        "--templates", os.path.join(root, "templates"), "--output", output]))
    shutil.rmtree(output, ignore_errors=True)
    with_math, without = samples[True], samples[False]
    walls = [a[0] / b[0] for a, b in zip(with_math, without)]
    cpus = [a[1] / b[1] for a, b in zip(with_math, without)]
    return walls, cpus, with_math, without


def median(samples, index):
    return statistics.median(sample[index] for sample in samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", default=os.path.join(tempfile.gettempdir(), "portal-bench"))
    parser.add_argument("--skip-build", action="store_true", help="use the existing release build")
    parser.add_argument("--skip-hugo-server", action="store_true", help="do not time Hugo's server")
    parser.add_argument("--skip-serve", action="store_true", help="time builds only, not `portal serve` nor Hugo's server")
    parser.add_argument("--skip-math", action="store_true", help="do not measure what the formulas cost")
    parser.add_argument("--math-runs", type=int, default=8, help="pairs of builds with and without formulas")
    arguments = parser.parse_args()

    if not arguments.skip_build:
        subprocess.run(["swift", "build", "-c", "release", "--product", "portal"], cwd=ROOT, check=True)
    portal = os.path.join(ROOT, ".build", "release", "portal")
    hugo = shutil.which("hugo")
    if not hugo:
        print("hugo is not installed (sudo apt-get install hugo): timing portal only", file=sys.stderr)

    writer = None
    compiler = shutil.which("cc")
    if compiler:
        writer = os.path.join(arguments.work, "write_floor")
        os.makedirs(arguments.work, exist_ok=True)
        subprocess.run([compiler, "-O2", "-pthread", "-o", writer, os.path.join(HERE, "write_floor.c")], check=True)
    rows = []
    floors = {}
    formulas = {}
    for size in arguments.sizes:
        work = os.path.join(arguments.work, str(size))
        pages = generate.generate(size, work)
        site = os.path.join(work, "portal")
        output = os.path.join(site, "_site")
        portal_build = [portal, "build", "--content", os.path.join(site, "content"),
                        "--templates", os.path.join(site, "templates"), "--output", output]
        hugo_build = [hugo, "--quiet", "-s", os.path.join(work, "hugo"), "-d", os.path.join(work, "hugo", "public")] if hugo else None
        ours, theirs = [], []
        listings = None
        for _ in range(arguments.runs):
            for folder in (output, os.path.join(site, ".portal-cache-_site"), os.path.join(work, "hugo", "public")):
                shutil.rmtree(folder, ignore_errors=True)
            if os.path.exists(os.path.join(site, ".portal-manifest-_site")):
                os.remove(os.path.join(site, ".portal-manifest-_site"))
            ours.append(timed(portal_build))
            if hugo_build:
                theirs.append(timed(hugo_build))
            if writer:
                if listings is None:
                    listings = [("portal", tree_list(output))] + ([("Hugo", tree_list(os.path.join(work, "hugo", "public")))] if hugo_build else [])
                for tool, listing in listings:
                    floors.setdefault((size, tool), []).append(write_floor(writer, listing, os.path.join(work, "floor")))
        # A one-page edit, then a build into the kept output (the last full build's, with its manifest).
        edited = os.path.join(site, "content", "tutorials", "tutorial-00000.md")
        incremental, retitled = [], []
        for run in range(arguments.runs):
            with open(edited, "a", encoding="utf-8") as handle:
                handle.write("\nEdited %d.\n" % run)
            incremental.append(timed(portal_build))
        for run in range(arguments.runs):
            with open(edited, encoding="utf-8") as handle:
                text = handle.read()
            with open(edited, "w", encoding="utf-8") as handle:
                handle.write(text.replace('title: "', 'title: "Retitled %d ' % run, 1))
            retitled.append(timed(portal_build))
        latency = serve_latency(portal, site, arguments.runs) if not arguments.skip_serve else None
        hugo_latency = (hugo_server_latency(hugo, os.path.join(work, "hugo"), arguments.runs)
                        if hugo and not arguments.skip_hugo_server and not arguments.skip_serve else None)
        rows.append((size, pages, ours, theirs, (incremental, retitled), latency, hugo_latency))
        if not arguments.skip_math:
            formulas[size] = formula_cost(portal, size, work, site, arguments.math_runs)

    print("\n| pages | tool | wall (s) | CPU (s) | peak RSS (MB) |")
    print("|---:|---|---:|---:|---:|")
    for size, pages, ours, theirs, incremental, latency, _ in rows:
        print("| %d | portal | %.2f | %.2f | %.0f |" % (pages, median(ours, 0), median(ours, 1), median(ours, 2) / 1024))
        if theirs:
            print("| %d | Hugo %s | %.2f | %.2f | %.0f |" % (pages, "0.111", median(theirs, 0), median(theirs, 1), median(theirs, 2) / 1024))
            print("| %d | Hugo / portal | %.1fx | %.1fx | %.1fx |" % (
                pages, median(theirs, 0) / median(ours, 0), median(theirs, 1) / median(ours, 1), median(theirs, 2) / median(ours, 2)))
        for tool in ("portal", "Hugo"):
            if (size, tool) in floors:
                samples = floors[(size, tool)]
                # A floor: the least of the runs (the file system's state moves each by seconds).
                print("| %d | floor: %s's output written by write_floor.c (2 threads, from memory; least of %s) | %.2f | | |" % (
                    pages, tool, ", ".join("%.2f" % x for x in samples), min(samples)))
        for label, samples in zip(("body", "title"), incremental):
            print("| %d | portal build into the kept output after a one-page %s edit (no server) | %.2f | %.2f | %.0f |" % (
                pages, label, median(samples, 0), median(samples, 1), median(samples, 2) / 1024))
    print("\n| pages | portal serve: edit to reload event (browsers on %s) | median (ms) | pages changed | then the other changed pages (ms) "
          "| Hugo's server: edit to rebuilt, every page rendered (ms) |" % " and ".join(SHOWN))
    print("|---:|---|---:|---:|---:|---:|")
    for size, pages, ours, theirs, incremental, latency, hugo_latency in rows:
        if latency is None:
            continue
        for kind, label in ACTIONS:
            theirs_text = "%.0f" % (statistics.median(hugo_latency[kind]) * 1000) if hugo_latency and kind in hugo_latency else ""
            print("| %d | %s | %.0f | %d | %.0f | %s |" % (pages, label, median(latency[kind], 0) * 1000,
                                                         statistics.median(p for _, p, _ in latency[kind]), median(latency[kind], 2) * 1000, theirs_text))
    if formulas:
        print("\n| pages | with formulas / without: wall | CPU | with formulas: wall, CPU (s) | without: wall, CPU (s) |")
        print("|---:|---:|---:|---|---|")
        for size, (walls, cpus, with_math, without) in sorted(formulas.items()):
            print("| %d | %+.1f%% | %+.1f%% | %.2f, %.2f | %.2f, %.2f |" % (
                size, (statistics.median(walls) - 1) * 100, (statistics.median(cpus) - 1) * 100,
                median(with_math, 0), median(with_math, 1), median(without, 0), median(without, 1)))
        print("(medians of the ratios of %d alternating pairs of full builds into new folders)" % arguments.math_runs)
    if len(rows) >= 2:
        small, large = rows[0], rows[-1]
        print("\nScaling: %d pages take %.1fx the time of %d pages." % (large[1], median(large[2], 0) / median(small[2], 0), small[1]))


if __name__ == "__main__":
    main()
