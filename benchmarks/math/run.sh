#!/bin/sh
# Builds the converter alone and counts the instructions of converting the benchmark corpus's
# formulas for PAGES pages (default 1000) under callgrind; prints the count and the checksum.
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
swift build -c release --build-path .build-mathbench 2>&1 | tail -1
strip --strip-debug -o .build-mathbench/mathbench-nodebug .build-mathbench/release/mathbench
valgrind --tool=callgrind --callgrind-out-file=.build-mathbench/callgrind.out .build-mathbench/mathbench-nodebug "$pages" < .build-mathbench/formulas.txt 2>&1 \
    | grep -E "refs|^[0-9]+$"
echo "profile: $(pwd)/.build-mathbench/callgrind.out (callgrind_annotate it)"
