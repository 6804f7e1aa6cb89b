#!/bin/sh
# Sets up InfluTrace's Temporal server, idempotently (every step can run again at any time):
#   setup.sh schema      creates the databases when absent, then brings both schemas to the
#                        version this temporal-sql-tool embeds (update, never recreate)
#   setup.sh namespace   waits for the server, registers the namespace with its retention and
#                        our search attributes (temporal/search-attributes.txt) when missing,
#                        and waits until queries accept them
# Runs with /bin/sh in the temporalio/admin-tools image (docker-compose.yml) and locally
# (scripts/temporal-server.sh), with temporal-sql-tool and temporal (the CLI) on PATH.
# Reads the variables of temporal/config/server.yaml (TEMPORAL_DB_*, TEMPORAL_VISIBILITY_DB_NAME)
# and TEMPORAL_ADDRESS [127.0.0.1:7233], TEMPORAL_NAMESPACE [default],
# TEMPORAL_NAMESPACE_RETENTION [72h]: how long a closed workflow's history stays readable
# (UI, `temporal workflow show`); orders, refunds and deliveries are kept in InfluTrace's own
# database, so Temporal's copy is for investigating, and three days cover a weekend.
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
address="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_NAMESPACE_RETENTION:-72h}"

# temporal-sql-tool reads its connection from these.
export SQL_PLUGIN=postgres12
export SQL_HOST="${TEMPORAL_DB_HOST:-127.0.0.1}"
export SQL_PORT="${TEMPORAL_DB_PORT:-5432}"
export SQL_USER="${TEMPORAL_DB_USER:-postgres}"
export SQL_PASSWORD="${TEMPORAL_DB_PASSWORD:-}"

# setup_database NAME SCHEMA: NAME exists and its schema is at the newest embedded version.
setup_database() {
  # Creates it when absent (an existing one is left as is). PostgreSQL may still be starting:
  # failures are retried for 60 s.
  tries=0
  until out="$(temporal-sql-tool --db "$1" create-database 2>&1)"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "$out" >&2
      echo "could not create or reach database $1 on $SQL_HOST:$SQL_PORT" >&2
      return 1
    fi
    sleep 1
  done
  # Version tables only (IF NOT EXISTS; the version is set to 0.0 only where none is recorded),
  # then every versioned step newer than the recorded version.
  quietly temporal-sql-tool --db "$1" setup-schema -v 0.0
  quietly temporal-sql-tool --db "$1" update-schema --schema-name "$2"
  current="$(printf '%s\n' "$out" | sed -n 's/.*found zero updates from current version \([0-9.]*\).*/\1/p')"
  if [ -n "$current" ]; then
    echo "database $1: schema $2 at version $current, nothing to update"
  else
    echo "database $1: schema $2 updated ($(printf '%s\n' "$out" | grep -c 'Processing schema file') update files applied)"
  fi
}

# quietly COMMAND...: runs it, keeps its output in $out, and shows it only when it fails.
quietly() {
  if ! out="$("$@" 2>&1)"; then
    echo "$out" >&2
    return 1
  fi
}

setup_schema() {
  setup_database "${TEMPORAL_DB_NAME:-temporal}" postgresql/v12/temporal
  setup_database "${TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}" postgresql/v12/visibility
}

setup_namespace() {
  tries=0
  until out="$(temporal operator cluster health --address "$address" 2>&1)"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 240 ]; then echo "$out" >&2; echo "Temporal at $address does not answer after 2 minutes" >&2; exit 1; fi
    sleep 0.5
  done

  if temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null 2>&1; then
    echo "namespace $namespace already registered (its retention is kept; this setup registers new ones with $retention)"
  else
    # Another setup may register it at the same moment: then it exists, which is all we want.
    temporal operator namespace create --address "$address" --namespace "$namespace" --retention "$retention" >/dev/null 2>&1 ||
      temporal operator namespace describe --address "$address" --namespace "$namespace" >/dev/null
    echo "namespace $namespace registered (retention $retention)"
  fi

  # A new namespace reaches every service's cache within seconds: until then, lists fail.
  tries=0
  until registered="$(temporal operator search-attribute list --address "$address" --namespace "$namespace" 2>/dev/null)"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 120 ]; then echo "namespace $namespace not usable after 60 s" >&2; exit 1; fi
    sleep 0.5
  done
  probe=""
  grep -v '^#' "$here/search-attributes.txt" | while read -r name type; do
    [ -n "$name" ] || continue
    have="$(printf '%s\n' "$registered" | awk -v n="$name" '$1 == n { print $2 }')"
    if [ -z "$have" ]; then
      temporal operator search-attribute create --address "$address" --namespace "$namespace" --name "$name" --type "$type" >/dev/null
      echo "search attribute $name ($type) registered"
    elif [ "$have" != "$type" ]; then
      echo "search attribute $name exists with type $have, expected $type" >&2
      exit 1
    fi
  done
  for name in $(grep -v '^#' "$here/search-attributes.txt" | awk 'NF { print $1 }'); do
    probe="${probe:+$probe AND }$name = 'probe'"
  done

  # The frontend caches search attributes for up to a minute: wait until queries accept ours.
  tries=0
  until temporal workflow list --address "$address" --namespace "$namespace" --limit 1 --query "$probe" >/dev/null 2>&1; do
    tries=$((tries + 1))
    if [ "$tries" -ge 180 ]; then echo "search attributes still not usable after 90 s" >&2; exit 1; fi
    sleep 0.5
  done
  echo "namespace $namespace ready with search attributes: $(grep -v '^#' "$here/search-attributes.txt" | awk 'NF { printf "%s%s", sep, $1; sep = ", " }')"
}

case "${1:-}" in
  schema) setup_schema ;;
  namespace) setup_namespace ;;
  *) echo "usage: $0 schema|namespace" >&2; exit 2 ;;
esac
