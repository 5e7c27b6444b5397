#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian packages, the project's Node.js (pinned in
# scripts/node-env.sh), npm dependencies, the Fabric build. Safe to run again; each step
# is skipped when already done.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
log() { printf '[setup] %s\n' "$*"; }

# command -> Debian package that provides it (g++ and make build the native npm modules)
declare -A PACKAGES=(
    [jq]=jq [curl]=curl [ss]=iproute2 [openssl]=openssl [setsid]=util-linux
    [tar]=tar [gzip]=gzip [sha256sum]=coreutils [gcc]=gcc [g++]=g++ [make]=make [git]=git
    # Only to fetch the project's Node.js; Debian's Node itself runs nothing of ours.
    [npm]=npm
    # The web app's browser tests drive Debian's Chromium (playwright-core downloads no browser).
    [chromium]=chromium
)
missing=()
for cmd in "${!PACKAGES[@]}"; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("${PACKAGES[$cmd]}")
done
# PostgreSQL 15 runs the index store tests (scripts/postgres.sh); its binaries are not on PATH.
dpkg -s postgresql-15 >/dev/null 2>&1 || missing+=(postgresql)
# Chinese glyphs for the web app's zh-CN screenshots; without them every character is a box.
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if ((${#missing[@]} > 0)); then
    log "installing Debian packages: ${missing[*]}"
    if [[ $(id -u) -ne 0 ]]; then
        echo "[setup] error: need root to install ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

. "$ROOT/scripts/node-env.sh"
corridor_npm_ci "$ROOT"

"$ROOT/scripts/install-fabric.sh"
log "ready"
