#!/usr/bin/env bash
# npm test: installs what a fresh machine lacks, starts a Temporal dev server of the tests' own
# (its own port and SQLite file, so a running `npm start` is not disturbed), runs mocha.
# Extra arguments go to mocha, e.g. `npm test -- --grep credited`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-installed.sh --with-browser

npm run --silent build:pixel

port="${TEST_TEMPORAL_PORT:-7243}"
workdir="$(mktemp -d)"
TEMPORAL_PORT="$port" TEMPORAL_HEADLESS=1 TEMPORAL_DB_FILE="$workdir/temporal.sqlite" \
  bash scripts/temporal-dev-server.sh >"$workdir/temporal.log" 2>&1 &
temporal_pid=$!
cleanup() {
  kill "$temporal_pid" 2>/dev/null || true
  wait "$temporal_pid" 2>/dev/null || true
  rm -rf "$workdir"
}
trap cleanup EXIT
if ! bash scripts/wait-for-temporal.sh "127.0.0.1:$port" 120; then
  cat "$workdir/temporal.log" >&2
  exit 1
fi

TEST_TEMPORAL_ADDRESS="127.0.0.1:$port" NODE_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}" \
  npx mocha "$@"
