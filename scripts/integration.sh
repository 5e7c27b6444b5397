#!/usr/bin/env bash
# Integration tests on the real network, then the web app's journey in Chromium on it.
# Reuses a network that is already up; if it starts one itself it also runs the
# three-orderer Raft phase and tears everything down afterwards, then checks that no
# process or port of the plan is left.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/node-env.sh"
NET="$ROOT/test-network.sh"
status=0

ports_still_bound() {
    local port bound=()
    for port in $("$NET" ports); do
        ss -Hltn "sport = :$port" | grep -q . && bound+=("$port")
    done
    if ((${#bound[@]} > 0)); then
        echo "[integration] error: ports still bound after down: ${bound[*]}" >&2
        return 0
    fi
    return 1
}

teardown() {
    "$NET" down --clean
    if ports_still_bound; then status=1; fi
}

if "$NET" status >/dev/null 2>&1; then
    echo "[integration] reusing the running network"
    npm --prefix "$ROOT/gateway" run --silent test:integration || status=1
npm --prefix "$ROOT/web" run --silent test:browser || status=1
    echo "[integration] the Raft phase needs a network of its own: not run against a reused one"
    exit $status
fi

"$NET" down --clean >/dev/null 2>&1 || true
started=$SECONDS
"$NET" up
echo "[integration] dev network up in $((SECONDS - started)) s"
npm --prefix "$ROOT/gateway" run --silent test:integration || status=1
npm --prefix "$ROOT/web" run --silent test:browser || status=1
teardown

started=$SECONDS
"$NET" up --orderers 3
echo "[integration] three-orderer network up in $((SECONDS - started)) s"
npm --prefix "$ROOT/gateway" run --silent test:raft || status=1
teardown
exit $status
