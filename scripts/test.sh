#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, runs the unit tests,
# then the integration tests on a real Fabric network, and prints one total line.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Before anything else: `npm test` may have been started by another node than ours.
. "$ROOT/scripts/node-env.sh"
RESULTS="$(mktemp -d)"
trap 'rm -rf "$RESULTS"' EXIT

"$ROOT/scripts/setup.sh"
(cd "$ROOT" && npm run build --silent)

status=0
# Each suite's output is kept so its mocha summary can be added to the total.
suite() {
    local name="$1"
    shift
    printf '\n=== %s ===\n' "$name"
    if ! "$@" 2>&1 | tee "$RESULTS/$name.log"; then
        status=1
    fi
}

suite chaincode-lint npm --prefix "$ROOT/chaincode" run --silent lint
suite chaincode-imports npm --prefix "$ROOT/chaincode" run --silent lint:imports
suite gateway-lint npm --prefix "$ROOT/gateway" run --silent lint
suite gateway-imports npm --prefix "$ROOT/gateway" run --silent lint:imports
suite web-lint npm --prefix "$ROOT/web" run --silent lint
suite chaincode-unit npm --prefix "$ROOT/chaincode" run --silent test:unit
# The store contract tests (customers, idempotency, index) run on SQLite always and on
# PostgreSQL when this URL is set.
if "$ROOT/scripts/postgres.sh" start; then
    export CORRIDOR_TEST_PG_URL="$("$ROOT/scripts/postgres.sh" url)"
    trap 'rm -rf "$RESULTS"; "$ROOT/scripts/postgres.sh" stop' EXIT
else
    echo "PostgreSQL did not start: the store tests run on SQLite only"
    status=1
fi
suite gateway-unit npm --prefix "$ROOT/gateway" run --silent test:unit
# After the gateway's: the client's tests start the gateway's app from its compiled tests.
suite client-lint npm --prefix "$ROOT/client" run --silent lint
suite client-unit npm --prefix "$ROOT/client" run --silent test:unit
suite web-unit npm --prefix "$ROOT/web" run --silent test:unit
# Only the unit suite uses it; stopped before the integration phase may clean .fabric/.
"$ROOT/scripts/postgres.sh" stop
suite integration "$ROOT/scripts/integration.sh"

# Sum mocha's "N passing" / "N failing" summary lines over every suite.
total() { awk -v word="$1" '$2 == word && $1 ~ /^[0-9]+$/ { sum += $1 } END { print sum + 0 }' "$RESULTS"/*.log; }
passed=$(total passing)
failed=$(total failing)
if ((status != 0 && failed == 0)); then
    echo "a suite failed outside mocha (see its output above)"
    failed=1
fi
echo
echo "Tests: ${passed} passed, ${failed} failed"
exit $((status != 0 || failed != 0))
