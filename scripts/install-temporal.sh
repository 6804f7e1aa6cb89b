#!/usr/bin/env bash
# Installs the pinned Temporal CLI into .tools/bin (git-ignored) and reuses it when present.
# Route 1: `go install` of the pinned module (works where only the Go module proxy is reachable).
# Route 2: the official release tarball, where the open internet is reachable.
set -euo pipefail

TEMPORAL_CLI_VERSION="${TEMPORAL_CLI_VERSION:-v1.5.1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="$root/.tools/bin"
binary="$bin_dir/temporal"
stamp="$bin_dir/temporal.version"

if [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$TEMPORAL_CLI_VERSION" ]]; then
  echo "temporal CLI $TEMPORAL_CLI_VERSION already installed at $binary"
  exit 0
fi
mkdir -p "$bin_dir"

install_with_go() {
  command -v go >/dev/null 2>&1 || return 1
  # Go needs writable module and build caches. The user's own caches are reused when
  # writable (a second clone then builds in seconds); otherwise they go in .tools/go.
  local gomodcache gocache
  gomodcache="$(go env GOMODCACHE 2>/dev/null || true)"
  gocache="$(go env GOCACHE 2>/dev/null || true)"
  if ! mkdir -p "$gomodcache" "$gocache" 2>/dev/null || [[ ! -w "$gomodcache" || ! -w "$gocache" ]]; then
    export GOMODCACHE="$root/.tools/go/mod" GOCACHE="$root/.tools/go/cache"
  fi
  export GOFLAGS="${GOFLAGS:--modcacherw}"
  echo "building temporal CLI $TEMPORAL_CLI_VERSION with go install (first build takes minutes)..."
  local started=$SECONDS
  GOBIN="$bin_dir" go install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"
  echo "built in $((SECONDS - started)) s"
}

install_from_release() {
  command -v curl >/dev/null 2>&1 || return 1
  local version="${TEMPORAL_CLI_VERSION#v}" arch
  case "$(uname -m)" in x86_64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) return 1 ;; esac
  local os; os="$(uname -s | tr '[:upper:]' '[:lower:]')"
  local url="https://github.com/temporalio/cli/releases/download/v${version}/temporal_cli_${version}_${os}_${arch}.tar.gz"
  echo "downloading $url"
  curl -fsSL --max-time 120 "$url" | tar -xz -C "$bin_dir" temporal
}

if install_with_go || install_from_release; then
  echo "$TEMPORAL_CLI_VERSION" > "$stamp"
  "$binary" --version
else
  echo "could not install the Temporal CLI: neither 'go install' nor the release download worked" >&2
  exit 1
fi
