#!/usr/bin/env bash
# Builds the Fabric binaries from the Go module proxy at a pinned commit into
# .fabric/bin and copies Fabric's sampleconfig next to them. Idempotent.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The proxy refuses Fabric's v3.1.5 and v2.5.16 commits; this main-branch commit of
# 2023-04-05 (just after v2.5.0, with the peer Gateway, channel participation and
# external builders) is the newest one it serves. See README, "Fabric version".
FABRIC_MODULE=github.com/hyperledger/fabric
FABRIC_VERSION=v1.4.0-rc1.0.20230405174026-695dd57e01c2
FABRIC_LABEL=2.5.0-695dd57
COMMANDS=(peer orderer osnadmin configtxgen configtxlator cryptogen discover ledgerutil)
BIN="$ROOT/.fabric/bin"
STAMP="$BIN/.version"

log() { printf '[install-fabric] %s\n' "$*"; }

if ! command -v go >/dev/null 2>&1; then
    for candidate in /usr/local/go/bin /usr/lib/go/bin; do
        [[ -x "$candidate/go" ]] && PATH="$candidate:$PATH"
    done
fi
if ! command -v go >/dev/null 2>&1; then
    echo "[install-fabric] error: Go is not installed (need go >= 1.20 on PATH or in /usr/local/go)" >&2
    exit 1
fi

up_to_date() {
    [[ -f "$STAMP" && "$(cat "$STAMP")" == "$FABRIC_VERSION" ]] || return 1
    for cmd in "${COMMANDS[@]}"; do [[ -x "$BIN/$cmd" ]] || return 1; done
    [[ -f "$ROOT/.fabric/sampleconfig/core.yaml" ]]
}

if up_to_date; then
    log "Fabric $FABRIC_LABEL already built in $BIN"
    exit 0
fi

log "building ${COMMANDS[*]} from $FABRIC_MODULE@$FABRIC_VERSION with $(go version | cut -d' ' -f3)"
mkdir -p "$BIN"
packages=()
for cmd in "${COMMANDS[@]}"; do packages+=("$FABRIC_MODULE/cmd/$cmd"); done
started=$SECONDS
# network/fabric-build is a tiny module that requires Fabric: `go install pkg@version`
# refuses Fabric because its go.mod has a replace line, a module of our own does not.
(cd "$ROOT/network/fabric-build" && GOBIN="$BIN" GOFLAGS="-mod=readonly -buildvcs=false" go install \
    -ldflags "-X $FABRIC_MODULE/common/metadata.Version=$FABRIC_LABEL -X $FABRIC_MODULE/common/metadata.CommitSHA=${FABRIC_VERSION##*-}" \
    "${packages[@]}")
log "built in $((SECONDS - started)) s"

module_dir="$(cd "$ROOT/network/fabric-build" && go mod download -json "$FABRIC_MODULE@$FABRIC_VERSION" | jq -r .Dir)"
rm -rf "$ROOT/.fabric/sampleconfig"
cp -r "$module_dir/sampleconfig" "$ROOT/.fabric/sampleconfig"
chmod -R u+w "$ROOT/.fabric/sampleconfig"
echo "$FABRIC_VERSION" > "$STAMP"
log "installed: $("$BIN/peer" version | sed -n 's/^ Version: //p') in $BIN"
