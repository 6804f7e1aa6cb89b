#!/usr/bin/env bash
# Installs what this project needs on a fresh machine, and skips what is already there:
# npm packages (npm ci), the pinned Temporal CLI, and with --with-browser Debian's chromium.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "installing npm packages (npm ci)..."
  npm ci --no-audit --no-fund
fi

bash scripts/install-temporal.sh

if [[ "${1:-}" == "--with-browser" ]] && ! command -v "${CHROMIUM_PATH:-/usr/bin/chromium}" >/dev/null 2>&1; then
  echo "installing Debian's chromium for the browser tests..."
  if [[ "$(id -u)" == "0" ]]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
  fi
fi
