#!/usr/bin/env bash
# Builds the shipped content with the edge cases beside it (Tests/Exports/edge-cases: a site.yml with
# every citation field, and resources and a tutorial whose titles and authors are hard to export),
# then runs the export check on it. Usage: check_edge_cases.sh PORTAL_BINARY
set -euo pipefail
cd "$(dirname "$0")/../.."
portal="$1"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r content "$work/content"
cp -r Tests/Exports/edge-cases/. "$work/content/"
if ! "$portal" build --content "$work/content" --templates templates --output "$work/site" --base-url https://example.org/portal/ >"$work/build.log" 2>&1; then
  cat "$work/build.log"
  exit 1
fi
python3 Tests/Exports/check_exports.py "$work/site"
