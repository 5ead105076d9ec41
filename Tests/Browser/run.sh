#!/usr/bin/env bash
# Build the site and run the real-browser tests against it.
#
#   Tests/Browser/run.sh PORTAL_BINARY [OUTPUT_FOLDER]
#
# PORTAL_BINARY is a built `portal` (e.g. .build/debug/portal); OUTPUT_FOLDER
# (default /tmp/portal-browser-site) receives the site, built from the
# repository's content/ and templates/ with a --base-url under the same
# /a/b/portal/ prefix the tests serve it from. Needs Debian's chromium and
# chromium-driver, the Python packages in requirements.txt, and axe-core 4 from PyPI. Any extra
# arguments go to pytest (e.g. -k search). Exits non-zero when the build or
# any test fails.
set -euo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 PORTAL_BINARY [OUTPUT_FOLDER] [PYTEST_ARGS...]" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
portal="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
output="${2:-/tmp/portal-browser-site}"
shift $(( $# >= 2 ? 2 : 1 ))

if [[ ! -x "$portal" ]]; then
  echo "error: $portal is not an executable portal binary" >&2
  exit 2
fi
for tool in /usr/bin/chromium /usr/bin/chromedriver; do
  if [[ ! -x "$tool" ]]; then
    echo "error: $tool is missing (apt-get install -y chromium chromium-driver)" >&2
    exit 2
  fi
done

case "$output" in
  /*) ;;
  *) output="$PWD/$output" ;;
esac

# axe-core 4 for the accessibility checks: the axe.min.js inside the axe-playwright-python
# wheel (the wheel only; its Playwright dependency is not needed with Selenium).
axe_dir="${PORTAL_AXE_DIR:-/tmp/portal-axe}"
if [[ ! -s "$axe_dir/axe.min.js" ]]; then
  mkdir -p "$axe_dir"
  python3 -m pip download -q --no-deps "axe-playwright-python==0.1.8" -d "$axe_dir"
  python3 -c 'import sys, zipfile, glob; w = zipfile.ZipFile(glob.glob(sys.argv[1] + "/axe_playwright_python-*.whl")[0]); open(sys.argv[1] + "/axe.min.js", "wb").write(w.read("axe_playwright_python/axe.min.js"))' "$axe_dir"
fi
export PORTAL_AXE="$axe_dir/axe.min.js"

echo "== building the site into $output"
(cd "$repo" && "$portal" build --content content --templates templates \
  --output "$output" --base-url "http://127.0.0.1:8765/a/b/portal/")

echo "== running the browser tests"
start=$(date +%s)
status=0
(cd "$here" && PORTAL_SITE="$output" PORTAL_BINARY="$portal" PYTHONDONTWRITEBYTECODE=1 \
  python3 -m pytest -q "$@") || status=$?
echo "== browser tests finished in $(( $(date +%s) - start )) s (exit $status)"
exit "$status"
