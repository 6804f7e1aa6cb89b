#!/usr/bin/env bash
# Starts the Temporal dev server (SQLite-backed, Web UI unless TEMPORAL_HEADLESS=1) with our
# search attributes, and waits until it answers. Runs in the foreground; Ctrl-C stops it.
#   TEMPORAL_PORT (7233)  TEMPORAL_HTTP_PORT (TEMPORAL_PORT + 1000)  TEMPORAL_UI_PORT (8233)
#   TEMPORAL_DB_FILE (.temporal/dev.sqlite)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/install-temporal.sh" >&2

port="${TEMPORAL_PORT:-7233}"
ui_port="${TEMPORAL_UI_PORT:-8233}"
# The CLI's own default, said out loud: tests choose both ports (scripts/temporal-server-port.ts).
http_port="${TEMPORAL_HTTP_PORT:-$((port + 1000))}"
db_file="${TEMPORAL_DB_FILE:-$root/.temporal/dev.sqlite}"
mkdir -p "$(dirname "$db_file")"

args=(server start-dev --ip 127.0.0.1 --port "$port" --http-port "$http_port" --db-filename "$db_file" --log-level warn
  --sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=OFF)
# Our search attributes: the list the server engine registers too.
while read -r name type; do
  [[ -z "$name" || "$name" == \#* ]] || args+=(--search-attribute "$name=$type")
done <"$root/temporal/search-attributes.txt"
if [[ "${TEMPORAL_HEADLESS:-0}" == "1" ]]; then args+=(--headless); else args+=(--ui-port "$ui_port"); fi

exec "$root/.tools/bin/temporal" "${args[@]}"
