#!/usr/bin/env bash
# npm run bench:ledger — Caliper rounds against the running dev network (started if
# it is down), one Caliper launch per round so each round's blocks can be examined.
# ROUNDS="noop random hot fx" and REPEAT=1 by default; with noop among the rounds, a no-op
# also runs after every other round. Prints one table of figures at the end.
set -euo pipefail

BENCH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH")"
. "$ROOT/scripts/node-env.sh"
ROUNDS="${ROUNDS:-noop random hot fx}"
REPEAT="${REPEAT:-1}"

"$ROOT/test-network.sh" status >/dev/null 2>&1 || "$ROOT/test-network.sh" up
cd "$BENCH"
corridor_npm_ci "$BENCH"
"$ROOT/node_modules/.bin/tsc" -p "$BENCH"
rm -rf reports
mkdir -p reports
node dist/network-config.js >/dev/null

# The no-op runs before and after every other round: on this machine the speed of the
# same work drifts by tens of per cent within minutes, so each round is compared with the
# no-ops on either side of it rather than with one measured minutes before.
sequence=()
if [[ " $ROUNDS " =~ " noop " ]]; then
    sequence=(noop)
    for round in $ROUNDS; do
        [[ "$round" == noop ]] || sequence+=("$round" noop)
    done
else
    read -r -a sequence <<<"$ROUNDS"
fi

# Each repetition opens fresh payers and runs every round again; with REPEAT > 1 the
# table ends with the median of each round's ratio to its no-ops.
for repetition in $(seq 1 "$REPEAT"); do
    if [[ " $ROUNDS " =~ " random " || " $ROUNDS " =~ " hot " || " $ROUNDS " =~ " fx " ]]; then
        node dist/prepare-accounts.js
    fi
    slot=0
    for round in "${sequence[@]}"; do
        slot=$((slot + 1))
        from="$(node dist/report.js height)"
        echo "[bench] round $round ($repetition of $REPEAT, slot $slot) from block $from"
        # CPU times of the network's processes and the machine, for the round's machine-time figures.
        node dist/report.js cpu >"reports/$round.cpu.json"
        npx caliper launch manager \
            --caliper-workspace "$BENCH" \
            --caliper-networkconfig .generated/network.json \
            --caliper-benchconfig "benchmarks/$round.yaml" \
            --caliper-flow-only-test \
            --caliper-report-path "reports/$round.html" >"reports/$round.log" 2>&1 ||
            { tail -n 30 "reports/$round.log"; exit 1; }
        # The last transactions of a round may still be in a batch being cut.
        sleep 2
        node dist/report.js round "$round" "$repetition" "$slot" "$from" "$(node dist/report.js height)"
    done
done
node dist/report.js table
