#!/usr/bin/env bash
# npm start: installs what a fresh machine lacks, then brings the whole system up.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/ensure-installed.sh
npm run --silent build:pixel
npm run --silent build:dashboard
exec node --import tsx scripts/start-system.ts
