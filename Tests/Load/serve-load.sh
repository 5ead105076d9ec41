#!/usr/bin/env bash
# Load check for the preview server: `portal serve` on loopback must answer at least 10,000
# requests from wrk (pages, a stylesheet, the 404 page) with no socket errors and no 5xx, and
# still answer afterwards. Usage: serve-load.sh PORTAL_BINARY [SECONDS_PER_URL]
set -euo pipefail
portal="$1"
seconds="${2:-4}"
port=18765
scratch="$(mktemp -d)"
output="$scratch/preview"
# The server's log goes to a file of this run's own, so a log left by an earlier run cannot say
# "Built" before this server has.
log="$scratch/serve.err"
"$portal" serve --port "$port" --output "$output" > /dev/null 2> "$log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "^Built" "$log" 2>/dev/null && break
  sleep 0.2
done
total=0
for path in /tutorials/ /assets/style.css /no/such/page/; do
  report="$(wrk -t2 -c32 -d"${seconds}s" "http://127.0.0.1:$port$path")"
  echo "$report" | sed -n '1p;/requests in/p;/Socket errors/p;/Non-2xx/p'
  if echo "$report" | grep -q "Socket errors"; then echo "socket errors on $path" >&2; exit 1; fi
  # The missing page answers 404 by design; anything else must be 2xx.
  if [ "$path" != "/no/such/page/" ] && echo "$report" | grep -q "Non-2xx"; then echo "error responses on $path" >&2; exit 1; fi
  count="$(echo "$report" | awk '/requests in/ {print $1}')"
  total=$((total + count))
done
echo "total: $total requests"
[ "$total" -ge 10000 ] || { echo "fewer than 10,000 requests" >&2; exit 1; }
curl -sf -o /dev/null "http://127.0.0.1:$port/index.html"
kill -0 "$server"
echo "the server is still up"
