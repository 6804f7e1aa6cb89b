#!/usr/bin/env bash
# Waits until the Temporal frontend at $1 (host:port) answers, for at most $2 seconds (60).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
address="${1:-127.0.0.1:7233}"
deadline=$((SECONDS + ${2:-60}))
until "$root/.tools/bin/temporal" operator cluster health --address "$address" >/dev/null 2>&1; do
  if (( SECONDS > deadline )); then echo "Temporal at $address did not answer in time" >&2; exit 1; fi
  sleep 0.5
done
