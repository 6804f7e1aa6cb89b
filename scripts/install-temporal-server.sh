#!/usr/bin/env bash
# Installs the production Temporal engine into .tools/bin (git-ignored), reusing what is there:
#   temporal-server     go.temporal.io/server/cmd/server            (the version the pinned CLI embeds)
#   temporal-sql-tool   go.temporal.io/server/cmd/tools/sql         (schema setup and upgrades)
#   temporal-ui-server  github.com/temporalio/ui-server/v2/cmd/server (the Web UI, as the CLI embeds it)
# Each binary is built once per version into a cache outside the clone
# (TEMPORAL_TOOLS_CACHE, default ~/.cache/influtrace/temporal-tools), so a fresh clone (CI) copies
# it in seconds instead of rebuilding; the first build on a machine takes minutes and is printed.
set -euo pipefail

TEMPORAL_SERVER_VERSION="${TEMPORAL_SERVER_VERSION:-v1.29.1}"
TEMPORAL_UI_SERVER_VERSION="${TEMPORAL_UI_SERVER_VERSION:-v2.42.1}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin_dir="$root/.tools/bin"
cache_dir="${TEMPORAL_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/influtrace/temporal-tools}"
mkdir -p "$bin_dir" "$cache_dir"

command -v go >/dev/null 2>&1 || {
  echo "the Temporal server engine needs Go (go install of go.temporal.io/server); Go is not installed" >&2
  exit 1
}
# Go needs writable module and build caches: the user's own when writable, else .tools/go.
gomodcache="$(go env GOMODCACHE 2>/dev/null || true)"
gocache="$(go env GOCACHE 2>/dev/null || true)"
if ! mkdir -p "$gomodcache" "$gocache" 2>/dev/null || [[ ! -w "$gomodcache" || ! -w "$gocache" ]]; then
  export GOMODCACHE="$root/.tools/go/mod" GOCACHE="$root/.tools/go/cache"
fi
export GOFLAGS="${GOFLAGS:--modcacherw}"

# install_binary NAME PACKAGE VERSION: .tools/bin/NAME at VERSION, from the cache or a fresh build.
install_binary() {
  local name="$1" package="$2" version="$3"
  local binary="$bin_dir/$name" stamp="$bin_dir/$name.version"
  if [[ -x "$binary" && -f "$stamp" && "$(cat "$stamp")" == "$version" ]]; then
    echo "$name $version already installed at $binary"
    return 0
  fi
  local cached="$cache_dir/$name-$version"
  if [[ ! -x "$cached" ]]; then
    # go install names the binary after the package's last element ("server" twice): build
    # into a directory of this binary's own, then move it into the cache under its real name.
    local build_dir
    build_dir="$(mktemp -d "$cache_dir/.build-$name-XXXXXX")"
    echo "building $name $version with go install (the first build on a machine takes minutes)..."
    local started=$SECONDS
    if ! GOBIN="$build_dir" go install "$package@$version"; then
      rm -rf "$build_dir"
      return 1
    fi
    mv "$build_dir/$(basename "$package")" "$cached"
    rm -rf "$build_dir"
    echo "built $name $version in $((SECONDS - started)) s"
  fi
  cp "$cached" "$binary.tmp.$$"
  mv "$binary.tmp.$$" "$binary"
  echo "$version" >"$stamp"
  echo "$name $version installed at $binary"
}

started=$SECONDS
install_binary temporal-server go.temporal.io/server/cmd/server "$TEMPORAL_SERVER_VERSION"
install_binary temporal-sql-tool go.temporal.io/server/cmd/tools/sql "$TEMPORAL_SERVER_VERSION"
install_binary temporal-ui-server github.com/temporalio/ui-server/v2/cmd/server "$TEMPORAL_UI_SERVER_VERSION"
echo "temporal server engine binaries ready in $((SECONDS - started)) s"
