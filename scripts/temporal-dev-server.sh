#!/usr/bin/env bash
# Starts the Temporal dev server (SQLite-backed, Web UI unless TEMPORAL_HEADLESS=1) with our
# search attributes, and waits until it answers. Runs in the foreground; Ctrl-C stops it.
#   TEMPORAL_PORT (7233)  TEMPORAL_UI_PORT (8233)  TEMPORAL_DB_FILE (.temporal/dev.sqlite)
#   TEMPORAL_HTTP_PORT (unset: the CLI takes a random free port; tests set one they checked)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/install-temporal.sh" >&2

port="${TEMPORAL_PORT:-7233}"
ui_port="${TEMPORAL_UI_PORT:-8233}"
db_file="${TEMPORAL_DB_FILE:-$root/.temporal/dev.sqlite}"
mkdir -p "$(dirname "$db_file")"

args=(server start-dev --ip 127.0.0.1 --port "$port" --db-filename "$db_file" --log-level warn
  --sqlite-pragma journal_mode=WAL --sqlite-pragma synchronous=OFF)
# Our search attributes: the list the server engine registers too.
while read -r name type; do
  [[ -z "$name" || "$name" == \#* ]] || args+=(--search-attribute "$name=$type")
done <"$root/temporal/search-attributes.txt"
# The CLI's random HTTP port can be taken between its choice and its bind (seen in CI): tests pass one.
if [[ -n "${TEMPORAL_HTTP_PORT:-}" ]]; then args+=(--http-port "$TEMPORAL_HTTP_PORT"); fi
if [[ "${TEMPORAL_HEADLESS:-0}" == "1" ]]; then args+=(--headless); else args+=(--ui-port "$ui_port"); fi

exec "$root/.tools/bin/temporal" "${args[@]}"
