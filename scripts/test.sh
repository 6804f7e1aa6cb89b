#!/usr/bin/env bash
# npm test: installs what a fresh machine lacks, starts a Temporal dev server of the tests' own
# (its own port and SQLite file, so a running `npm start` is not disturbed), runs mocha.
# Extra arguments go to mocha, e.g. `npm test -- --grep credited`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-installed.sh --with-browser

# TEST_SKIP_BUILD=1: the pixel and the dashboard are built already (.ci/run builds them once for two runs).
if [[ "${TEST_SKIP_BUILD:-0}" != "1" ]]; then
  npm run --silent build:pixel
  npm run --silent build:dashboard
fi

# The Temporal engine the tests run on: the dev server (default), or with
# TEST_TEMPORAL_ENGINE=server the production one (scripts/temporal-server.sh: temporal-server on
# PostgreSQL databases of this run's own, 4 history shards). Tests that start a Temporal of their
# own (test/support/temporal-server.ts) start the same engine.
export TEST_TEMPORAL_ENGINE="${TEST_TEMPORAL_ENGINE:-dev}"
[[ "$TEST_TEMPORAL_ENGINE" == dev || "$TEST_TEMPORAL_ENGINE" == server ]] ||
  { echo "TEST_TEMPORAL_ENGINE must be dev or server, not '$TEST_TEMPORAL_ENGINE'" >&2; exit 2; }

# A free port and a database of this run's own, so that two runs on one machine do not collide.
run_id="$$"
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/influtrace_test_${run_id}}"
workdir="$(mktemp -d)"
drop_databases=("influtrace_test_${run_id}")
if [[ "$TEST_TEMPORAL_ENGINE" == server ]]; then
  bash scripts/install-temporal-server.sh
  # Each of temporal-server's four services has pools of its own: small ones, so that this run's
  # servers (the shared one and those of the fault tests) stay well within a development
  # PostgreSQL's 100 connections beside everything else on the machine.
  export TEMPORAL_DB_MAX_CONNS="${TEMPORAL_DB_MAX_CONNS:-4}" TEMPORAL_VISIBILITY_DB_MAX_CONNS="${TEMPORAL_VISIBILITY_DB_MAX_CONNS:-2}"
  port="${TEST_TEMPORAL_PORT:-$(node --import tsx scripts/temporal-server-port.ts)}"
  drop_databases+=("temporal_test_${run_id}" "temporal_visibility_test_${run_id}")
  TEMPORAL_PORT="$port" TEMPORAL_HEADLESS=1 TEMPORAL_DB_NAME="temporal_test_${run_id}" \
    TEMPORAL_VISIBILITY_DB_NAME="temporal_visibility_test_${run_id}" \
    bash scripts/temporal-server.sh >"$workdir/temporal.log" 2>&1 &
else
  port="${TEST_TEMPORAL_PORT:-$(node --import tsx scripts/temporal-server-port.ts dev)}"
  TEMPORAL_PORT="$port" TEMPORAL_HTTP_PORT="$((port + 1000))" TEMPORAL_HEADLESS=1 TEMPORAL_DB_FILE="$workdir/temporal.sqlite" \
    bash scripts/temporal-dev-server.sh >"$workdir/temporal.log" 2>&1 &
fi
temporal_pid=$!
cleanup() {
  kill "$temporal_pid" 2>/dev/null || true
  wait "$temporal_pid" 2>/dev/null || true
  rm -rf "$workdir"
  [[ "$TEST_DATABASE_URL" == *"/influtrace_test_${run_id}" ]] || drop_databases=("${drop_databases[@]:1}")
  for database in "${drop_databases[@]}"; do
    node -e "const {Client}=require('pg');const c=new Client(process.argv[1]);c.connect().then(()=>c.query('drop database if exists ${database} with (force)')).finally(()=>c.end())" \
      "${TEST_DATABASE_URL%/*}/postgres" >/dev/null 2>&1 || true
  done
}
trap cleanup EXIT
# The server engine is ready once its setup has registered the namespace and search attributes.
ready() {
  if [[ "$TEST_TEMPORAL_ENGINE" == server ]]; then
    local deadline=$((SECONDS + 300))
    until grep -q "temporal-server ready" "$workdir/temporal.log" 2>/dev/null; do
      kill -0 "$temporal_pid" 2>/dev/null && ((SECONDS < deadline)) || return 1
      sleep 0.5
    done
  else
    bash scripts/wait-for-temporal.sh "127.0.0.1:$port" 120
  fi
}
if ! ready; then
  cat "$workdir/temporal.log" >&2
  exit 1
fi

# Files or globs given run alone; otherwise the whole suite (mocha would add a spec from .mocharc to them).
has_spec=false
for arg in "$@"; do [[ "$arg" == *.ts || "$arg" == test/* ]] && has_spec=true; done
# test/server-engine/ holds what only the production engine has (scripts/test-server-engine.sh runs it).
$has_spec || set -- "$@" 'test/**/*.test.ts' --ignore 'test/server-engine/**'

TEST_TEMPORAL_ADDRESS="127.0.0.1:$port" NODE_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}" \
  npx mocha "$@"
