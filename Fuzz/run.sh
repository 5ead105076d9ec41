#!/usr/bin/env bash
# Build the fuzz targets and run one of them.
#
#   Fuzz/run.sh TARGET [SECONDS] [LIBFUZZER_ARGS...]
#
# TARGET is FrontMatter, Markdown, RawHTML, Links, ContentTree, Math or BibTeX. The corpus grows in .build-fuzz/corpus/TARGET
# (seeded from Fuzz/Seeds/TARGET); inputs that crash or break a property are written to
# .build-fuzz/crashes/TARGET/. SECONDS defaults to 600. Replay one input with
#   .build-fuzz/release/FuzzTARGET FILE
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
target="${1:?usage: $0 FrontMatter|Markdown|RawHTML|Links|ContentTree|Math|BibTeX [SECONDS] [LIBFUZZER_ARGS...]}"
seconds="${2:-600}"
shift $(( $# >= 2 ? 2 : 1 ))

cd "$repo"
swift build --package-path Fuzz --scratch-path .build-fuzz -c release \
  --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address -Xswiftc -parse-as-library
mkdir -p ".build-fuzz/corpus/$target" ".build-fuzz/crashes/$target"
# The Swift runtime's own crash reporter would hang symbolicating under ASan; libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no
# Each target has a dictionary of the tokens its inputs are made of (YAML aliases, links that leave
# the folder, …), so the fuzzer reaches the shapes that matter sooner.
dictionary=()
if [[ -f "Fuzz/Dictionaries/$target.dict" ]]; then dictionary=(-dict="Fuzz/Dictionaries/$target.dict"); fi
exec ".build-fuzz/release/Fuzz$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=65536 "${dictionary[@]}" \
  -artifact_prefix=".build-fuzz/crashes/$target/" -print_final_stats=1 "$@" \
  ".build-fuzz/corpus/$target" "Fuzz/Seeds/$target"
