#!/usr/bin/env bash
# npm test: installs what a fresh machine lacks, starts a Temporal dev server of the tests' own
# (its own port and SQLite file, so a running `npm start` is not disturbed), runs mocha.
# Extra arguments go to mocha, e.g. `npm test -- --grep credited`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-installed.sh --with-browser

npm run --silent build:pixel
npm run --silent build:dashboard

# A free port and a database of this run's own, so that two runs on one machine do not collide.
port="${TEST_TEMPORAL_PORT:-$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")}"
run_id="$$"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/influtrace_test_${run_id}}"
workdir="$(mktemp -d)"
TEMPORAL_PORT="$port" TEMPORAL_HEADLESS=1 TEMPORAL_DB_FILE="$workdir/temporal.sqlite" \
  bash scripts/temporal-dev-server.sh >"$workdir/temporal.log" 2>&1 &
temporal_pid=$!
cleanup() {
  kill "$temporal_pid" 2>/dev/null || true
  wait "$temporal_pid" 2>/dev/null || true
  rm -rf "$workdir"
  if [[ "$TEST_DATABASE_URL" == *"/influtrace_test_${run_id}" ]]; then
    node -e "const {Client}=require('pg');const c=new Client(process.argv[1]);c.connect().then(()=>c.query('drop database if exists influtrace_test_${run_id} with (force)')).finally(()=>c.end())" \
      "${TEST_DATABASE_URL%/*}/postgres" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
if ! bash scripts/wait-for-temporal.sh "127.0.0.1:$port" 120; then
  cat "$workdir/temporal.log" >&2
  exit 1
fi

# Files or globs given run alone; otherwise the whole suite (mocha would add a spec from .mocharc to them).
has_spec=false
for arg in "$@"; do [[ "$arg" == *.ts || "$arg" == test/* ]] && has_spec=true; done
$has_spec || set -- "$@" 'test/**/*.test.ts'

TEST_TEMPORAL_ADDRESS="127.0.0.1:$port" NODE_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}" \
  npx mocha "$@"
