#!/bin/sh
# Builds the converter alone and counts the instructions of converting, under callgrind, the benchmark
# corpus's formulas for PAGES pages (default 1000), then the formulas the generated pages hold (the
# 4 inline and 1 displayed of each of the 1,000-page corpus's pages); prints each count and checksum.
set -eu
cd "$(dirname "$0")"
pages="${1:-1000}"
mkdir -p .build-mathbench
python3 -c '
import sys; sys.path.insert(0, "..")
import generate
for f in generate.FORMULAS: print("i " + f)
for f in generate.DISPLAYED: print("d " + f)
' > .build-mathbench/formulas.txt
python3 -c '
import glob, re, sys, tempfile
sys.path.insert(0, "..")
import generate
with tempfile.TemporaryDirectory() as work:
    generate.generate(1000, work)
    inline, displayed = [], []
    for path in sorted(glob.glob(work + "/portal/content/**/*.md", recursive=True)):
        found = re.search(r"Here \$(.+?)\$ and \$(.+?)\$ are cut on, with \$(.+?)\$ and \$(.+?)\$ reported\.\n\n\$\$\n(.+?)\n\$\$", open(path).read(), re.S)
        if found:
            inline += found.groups()[:4]
            displayed.append(found.group(5))
for f in inline: print("i " + f)
for f in displayed: print("d " + f)
' > .build-mathbench/page-formulas.txt
swift build -c release --build-path .build-mathbench 2>&1 | tail -1
strip --strip-debug -o .build-mathbench/mathbench-nodebug .build-mathbench/release/mathbench
valgrind --tool=callgrind --callgrind-out-file=.build-mathbench/callgrind.out .build-mathbench/mathbench-nodebug "$pages" < .build-mathbench/formulas.txt 2>&1 \
    | grep -E "refs|^[0-9]+$"
echo "the pages' formulas:"
valgrind --tool=callgrind --callgrind-out-file=.build-mathbench/callgrind-pages.out .build-mathbench/mathbench-nodebug 1000 < .build-mathbench/page-formulas.txt 2>&1 \
    | grep -E "refs|^[0-9]+$"
echo "profiles: $(pwd)/.build-mathbench/callgrind.out and callgrind-pages.out (callgrind_annotate them)"
