#!/usr/bin/env bash
# The tests that depend on Temporal's semantics, on the production engine (temporal-server on
# PostgreSQL, 4 history shards: scripts/temporal-server.sh): the order pipeline, confirmation
# timers, refunds, webhook retries, schedules, reconciliation, finding workflows by search
# attribute, and the Temporal, worker and PostgreSQL fault tests. `.ci/run` runs it beside the
# main suite (which runs everything on the dev server). Extra arguments go to mocha.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
files=(
  test/server-engine/*.test.ts
  test/pipeline/order-pipeline.test.ts
  test/pipeline/admin-refund.test.ts
  test/pipeline/server-confirmation-setting.test.ts
  test/workflows/*.test.ts
  test/webhooks/webhook-delivery.test.ts
  test/webhooks/order-events.test.ts
  test/webhooks/worker-restart.test.ts
  test/webhooks/temporal-restart.test.ts
  test/admin-api/order-workflow-link.test.ts
  test/reliability/temporal-restarted.test.ts
  test/reliability/worker-killed.test.ts
  test/reliability/worker-killed-awaiting-confirmation.test.ts
  test/reliability/postgres-unreachable.test.ts
)
TEST_TEMPORAL_ENGINE=server exec bash scripts/test.sh "${files[@]}" "$@"
