#!/usr/bin/env bash
# npm run bench:ledger — Caliper rounds against the running dev network (started if
# it is down), one Caliper launch per round so each round's blocks can be examined.
# ROUNDS="noop random hot fx" by default. Prints one table of figures at the end.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
ROUNDS="${ROUNDS:-noop random hot fx}"

"$ROOT/test-network.sh" status >/dev/null 2>&1 || "$ROOT/test-network.sh" up
cd "$BENCH"
[[ -d node_modules ]] || npm ci --no-audit --no-fund --loglevel=error
"$ROOT/node_modules/.bin/tsc" -p "$BENCH"
rm -rf reports
mkdir -p reports
node dist/network-config.js >/dev/null

if [[ " $ROUNDS " =~ " random " || " $ROUNDS " =~ " hot " || " $ROUNDS " =~ " fx " ]]; then
    node dist/prepare-accounts.js
fi
for round in $ROUNDS; do
    from="$(node dist/report.js height)"
    echo "[bench] round $round from block $from"
    npx caliper launch manager \
        --caliper-workspace "$BENCH" \
        --caliper-networkconfig .generated/network.json \
        --caliper-benchconfig "benchmarks/$round.yaml" \
        --caliper-flow-only-test \
        --caliper-report-path "reports/$round.html" >"reports/$round.log" 2>&1 ||
        { tail -n 30 "reports/$round.log"; exit 1; }
    # The last transactions of a round may still be in a batch being cut.
    sleep 2
    node dist/report.js round "$round" "$from" "$(node dist/report.js height)"
done
node dist/report.js table
