#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian packages, npm dependencies, the Fabric
# build. Safe to run again; each step is skipped when already done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[setup] %s\n' "$*"; }

# command -> Debian package that provides it
declare -A PACKAGES=(
    [jq]=jq [curl]=curl [ss]=iproute2 [openssl]=openssl [setsid]=util-linux
    [tar]=tar [gzip]=gzip [sha256sum]=coreutils [gcc]=gcc [git]=git
)
missing=()
for cmd in "${!PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${PACKAGES[$cmd]}")
done
# PostgreSQL 15 runs the index store tests (scripts/postgres.sh); its binaries are not on PATH.
dpkg -s postgresql-15 >/dev/null 2>&1 || missing+=(postgresql)
if ((${#missing[@]} > 0)); then
    log "installing Debian packages: ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
        echo "[setup] error: need root to install ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v node >/dev/null 2>&1; then
    echo "[setup] error: Node.js >= 20.19 is required" >&2
    exit 1
fi
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' ||
    { echo "[setup] error: Node.js >= 20.19 is required, found $(node --version)" >&2; exit 1; }

# npm ci when node_modules is missing or older than the lockfile.
if [[ ! -d "$ROOT/node_modules" || "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]]; then
    log "installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
fi

"$ROOT/scripts/install-fabric.sh"
log "ready"
