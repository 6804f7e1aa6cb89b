#!/usr/bin/env bash
# Installs what this project needs on a fresh machine, and skips what is already there:
# npm packages (npm ci), the pinned Temporal CLI, and with --with-browser Debian's chromium and docker-compose.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -L node_modules ]]; then
  # A worktree that borrows another checkout's packages: npm ci would empty that checkout's
  # node_modules through the link. Install there instead.
  echo "node_modules is a link to $(readlink node_modules): not installing here"
elif [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "installing npm packages (npm ci)..."
  npm ci --no-audit --no-fund
fi

bash scripts/install-temporal.sh

# For the tests: Debian's chromium (browser tests) and docker-compose 1.x, whose `config`
# validates docker-compose.yml without a Docker daemon (test/operators/deploy-config.test.ts).
if [[ "${1:-}" == "--with-browser" ]]; then
  missing=()
  command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1 || missing+=(chromium)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  if [[ ${#missing[@]} -gt 0 ]]; then
    echo "installing Debian's ${missing[*]} for the tests..."
    sudo=()
    [[ "$(id -u)" == "0" ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  fi
fi
