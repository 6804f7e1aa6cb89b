#!/usr/bin/env bash
# The production Temporal engine (`TEMPORAL_ENGINE=server npm start`): temporal-server on
# PostgreSQL with temporal/config/server.yaml, after temporal/setup.sh has set up or updated the
# schemas; then registers the namespace and our search attributes, and serves the Web UI unless
# TEMPORAL_HEADLESS=1. Runs in the foreground; Ctrl-C (or SIGTERM) stops the server and the UI.
#   TEMPORAL_PORT (7233)  TEMPORAL_UI_PORT (8233)  and the variables of temporal/config/server.yaml
#   (TEMPORAL_DB_HOST, TEMPORAL_DB_NAME, TEMPORAL_HISTORY_SHARDS, …) and temporal/setup.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/install-temporal.sh" >&2
bash "$root/scripts/install-temporal-server.sh" >&2
export PATH="$root/.tools/bin:$PATH"
cd "$root"

export TEMPORAL_PORT="${TEMPORAL_PORT:-7233}"
# Each of the server's four services (frontend, history, matching, worker) opens pools of its
# own: at most 4 × (10 + 3) connections here, within a development PostgreSQL's default 100
# beside the app. temporal/config/server.yaml's defaults (20 and 10) are for a PostgreSQL sized
# for Temporal (docker-compose.yml raises max_connections to 300).
export TEMPORAL_DB_MAX_CONNS="${TEMPORAL_DB_MAX_CONNS:-10}" TEMPORAL_VISIBILITY_DB_MAX_CONNS="${TEMPORAL_VISIBILITY_DB_MAX_CONNS:-3}"
address="127.0.0.1:$TEMPORAL_PORT"
ui_port="${TEMPORAL_UI_PORT:-8233}"
started=$SECONDS

sh temporal/setup.sh schema
schema_done=$SECONDS

server_pid="" ui_pid=""
# However this script ends (Ctrl-C, SIGTERM, a failed setup, a crash), the server and the UI end with it.
cleanup() {
  for pid in $ui_pid $server_pid; do kill -TERM "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 0' INT TERM

temporal-server --allow-no-auth --root "$root" --config temporal/config --env server start &
server_pid=$!
TEMPORAL_ADDRESS="$address" sh temporal/setup.sh namespace
echo "temporal-server ready on $address in $((SECONDS - started)) s (schemas $((schema_done - started)) s, server and namespace $((SECONDS - schema_done)) s)"

if [[ "${TEMPORAL_HEADLESS:-0}" != "1" ]]; then
  TEMPORAL_UI_ADDRESS="$address" TEMPORAL_UI_PORT="$ui_port" \
    temporal-ui-server --root "$root" --config temporal/config --env ui start &
  ui_pid=$!
  echo "Temporal UI on http://127.0.0.1:$ui_port"
fi

# Whichever stops first (the server crashed, or the UI could not bind) stops the other.
status=0
wait -n || status=$?
echo "temporal-server or its UI stopped (status $status)" >&2
exit "$status"
