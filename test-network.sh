#!/usr/bin/env bash
# The consortium admin's tool: runs the Corridor dev network natively (no Docker).
#
#   ./test-network.sh up [--orderers 1|3]   start everything that is not running
#   ./test-network.sh down [--clean]        stop what `up` started; --clean also wipes state
#   ./test-network.sh status                each process, its ports and health
#   ./test-network.sh logs NAME             follow one process's log
#   ./test-network.sh ports                 every port of the plan, one a line
#
# Everything listens on 127.0.0.1. The port plan is in README.md and in "the port plan" below.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The chaincode servers and gateways run on the project's Node, not the machine's.
. "$ROOT/scripts/node-env.sh"
FABRIC="$ROOT/.fabric"
BIN="$FABRIC/bin"
CONFIG="$FABRIC/config"
DATA="$FABRIC/data"
LOGS="$FABRIC/logs"
RUN="$FABRIC/run"
ORGS_DIR="$ROOT/organizations"
CHANNEL=payments
CHAINCODE=corridor
CC_LABEL=corridor
PEER_ORGS=(bank1 bank2 bank3 regulator)
BANKS=(bank1 bank2 bank3)
ORDERER_TLS_CA="$ORGS_DIR/ordererOrganizations/orderer.corridor.example/tlsca/tlsca.orderer.corridor.example-cert.pem"
# The chaincode endorsement policy: a majority of the member banks, never the regulator.
ENDORSEMENT_POLICY="OutOf(2,'Bank1MSP.peer','Bank2MSP.peer','Bank3MSP.peer')"

log() { printf '[network] %s\n' "$*"; }
die() {
    printf '[network] error: %s\n' "$*" >&2
    exit 1
}

# ---------------------------------------------------------------- the port plan

# Orderer N: grpc 7050+100(N-1), admin 7053+100(N-1), operations 9440+N.
orderer_port() { echo $((7050 + 100 * ($1 - 1))); }
orderer_admin_port() { echo $((7053 + 100 * ($1 - 1))); }
orderer_ops_port() { echo $((9440 + $1)); }

# Organisation index: bank1=1, bank2=2, bank3=3, regulator=4.
org_index() {
    case "$1" in
    bank1) echo 1 ;; bank2) echo 2 ;; bank3) echo 3 ;; regulator) echo 4 ;;
    *) die "unknown organisation $1" ;;
    esac
}
# Peer of org i: grpc (6+i)051, chaincode listener (6+i)052, operations 9450+i,
# chaincode server (6+i)060, gateway 3000+i.
peer_port() { echo $(((6 + $(org_index "$1")) * 1000 + 51)); }
peer_cc_port() { echo $(((6 + $(org_index "$1")) * 1000 + 52)); }
peer_ops_port() { echo $((9450 + $(org_index "$1"))); }
ccaas_port() { echo $(((6 + $(org_index "$1")) * 1000 + 60)); }
gateway_port() { echo $((3000 + $(org_index "$1"))); }
# The dev mail server (SMTP) and SMS sink every gateway delivers to.
DEV_MAIL_PORT=2525
DEV_SMS_PORT=2526

# Each bank's receiving account for top-ups: test IBANs with valid check digits (the US and
# Chinese banks have no IBAN of their own; these stand in for their receiving accounts).
topup_iban() {
    case "$1" in
    bank1) echo DE89370400440532013000 ;; bank2) echo GB33BUKB20201555555555 ;; bank3) echo GB94BARC10201530093459 ;;
    esac
}
# The FX provider a customer's quote asks: the bank itself where it is one (consortium.json).
fx_provider() {
    case "$1" in
    bank3) echo Bank2MSP ;; *) msp_id "$1" ;;
    esac
}

msp_id() {
    case "$1" in
    bank1) echo Bank1MSP ;; bank2) echo Bank2MSP ;; bank3) echo Bank3MSP ;; regulator) echo RegulatorMSP ;;
    esac
}
org_domain() { echo "$1.corridor.example"; }
org_dir() { echo "$ORGS_DIR/peerOrganizations/$(org_domain "$1")"; }
peer_dir() { echo "$(org_dir "$1")/peers/peer0.$(org_domain "$1")"; }
org_tls_ca() { echo "$(org_dir "$1")/tlsca/tlsca.$(org_domain "$1")-cert.pem"; }
orderer_dir() { echo "$ORGS_DIR/ordererOrganizations/orderer.corridor.example/orderers/orderer$1.orderer.corridor.example"; }

orderer_count() {
    if [[ -f "$RUN/orderers" ]]; then cat "$RUN/orderers"; else echo 1; fi
}

# ------------------------------------------------------------------ processes

pid_of() {
    local file="$RUN/$1.pid"
    [[ -f "$file" ]] && cat "$file"
}

is_running() {
    local pid
    pid="$(pid_of "$1")" || return 1
    [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

port_in_use() {
    ss -Hltn "sport = :$1" 2>/dev/null | grep -q .
}

# start NAME PORTS... -- COMMAND...: runs COMMAND in its own session, logs to
# .fabric/logs/NAME.log and records its PID. Skips a process that already runs.
start() {
    local name="$1"
    shift
    local ports=()
    while [[ "$1" != "--" ]]; do
        ports+=("$1")
        shift
    done
    shift
    if is_running "$name"; then
        log "$name already running (pid $(pid_of "$name"))"
        return 0
    fi
    for port in "${ports[@]}"; do
        if port_in_use "$port"; then
            die "port $port for $name is already taken by another process: $(ss -Hltnp "sport = :$port" | awk '{print $NF}' | head -1)"
        fi
    done
    mkdir -p "$LOGS" "$RUN"
    setsid "$@" >>"$LOGS/$name.log" 2>&1 </dev/null &
    echo $! >"$RUN/$name.pid"
    log "started $name (pid $!, ports ${ports[*]})"
}

# wait_healthy NAME CHECK...: waits up to 90 s for CHECK to succeed; reports a
# process that died on start with the end of its log.
wait_healthy() {
    local name="$1"
    shift
    local deadline=$((SECONDS + 90))
    until "$@" >/dev/null 2>&1; do
        if ! is_running "$name"; then
            printf '[network] error: %s died on start; last lines of %s:\n' "$name" "$LOGS/$name.log" >&2
            tail -n 25 "$LOGS/$name.log" >&2
            exit 1
        fi
        if ((SECONDS > deadline)); then
            printf '[network] error: %s not healthy after 90 s; last lines of its log:\n' "$name" >&2
            tail -n 25 "$LOGS/$name.log" >&2
            exit 1
        fi
        sleep 0.5
    done
}

healthz() { curl -fsS "http://127.0.0.1:$1/healthz" | grep -q '"OK"'; }
listening() { port_in_use "$1"; }
gateway_healthy() { curl -fsS "http://127.0.0.1:$1/health" | jq -e '.status == "ok"'; }
sms_sink_healthy() { curl -fsS "http://127.0.0.1:$1/health" | jq -e '.status == "ok"'; }

# -------------------------------------------------------------------- set-up

require_tools() {
    local missing=()
    for tool in node npm jq curl ss setsid tar gzip sha256sum openssl; do
        command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
    done
    ((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (scripts/setup.sh installs them)"
}

install_dependencies() {
    "$ROOT/scripts/setup.sh"
    log "building chaincode and gateway"
    (cd "$ROOT" && npm run build --silent)
}

generate_crypto() {
    if [[ -d "$ORGS_DIR/peerOrganizations" && -d "$ORGS_DIR/ordererOrganizations" ]]; then
        return 0
    fi
    log "generating crypto material with cryptogen"
    "$BIN/cryptogen" generate --config="$ORGS_DIR/crypto-config.yaml" --output="$ORGS_DIR" >/dev/null
}

# The ledger roles of an identity live in its certificate, as the Fabric CA attribute
# extension (OID 1.2.3.4.5.6.7.8.1, JSON {"attrs": {...}}), which cryptogen cannot
# write. So each bank's gateway identity is issued here with openssl, signed by the
# org's CA as a client (NodeOU) certificate: corridor.roles lists what it may do.
ROLES_OID=1.2.3.4.5.6.7.8.1
GATEWAY_ROLES=payments,treasury,compliance,governance

issue_identity() {
    local org="$1" name="$2" roles="$3"
    local ca msp attrs
    ca="$(org_dir "$org")/ca"
    msp="$(org_dir "$org")/users/$name@$(org_domain "$org")/msp"
    [[ -f "$msp/signcerts/cert.pem" ]] && return 0
    mkdir -p "$msp/signcerts" "$msp/keystore"
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$msp/keystore/priv_sk" 2>/dev/null
    chmod 600 "$msp/keystore/priv_sk"
    attrs="$(printf '{"attrs":{"corridor.roles":"%s"}}' "$roles" | od -An -tx1 | tr -d ' \n')"
    printf '%s\n' "keyUsage = critical, digitalSignature" "basicConstraints = critical, CA:FALSE" \
        "authorityKeyIdentifier = keyid" "$ROLES_OID = DER:$attrs" >"$msp/extensions.cnf"
    openssl req -new -key "$msp/keystore/priv_sk" \
        -subj "/C=US/ST=California/L=San Francisco/OU=client/CN=$name@$(org_domain "$org")" |
        openssl x509 -req -CA "$ca/ca.$(org_domain "$org")-cert.pem" -CAkey "$ca/priv_sk" -set_serial "0x$(openssl rand -hex 16)" \
            -days 3650 -sha256 -extfile "$msp/extensions.cnf" -out "$msp/signcerts/cert.pem" 2>/dev/null ||
        die "could not issue the $name identity of $org"
    rm "$msp/extensions.cnf"
}

issue_gateway_identities() {
    for org in "${BANKS[@]}"; do
        issue_identity "$org" Gateway "$GATEWAY_ROLES"
    done
}

# Peer and orderer config: Fabric's sample config with Docker switched off and our
# external builder in place. Per-node settings come from environment variables.
write_node_config() {
    mkdir -p "$CONFIG/peer" "$CONFIG/orderer"
    sed -e 's#^\(    endpoint:\) unix:///var/run/docker.sock#\1#' \
        -e "s#^\(       - name:\) ccaas_builder#\1 corridor-ccaas#" \
        -e "s#^\(         path:\) /opt/hyperledger/ccaas_builder#\1 $ROOT/network/ccaas-builder#" \
        -e 's#^\(           - \)CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG#\1CORRIDOR_CCAAS_ADDRESS\n\1CORRIDOR_CCAAS_ROOT_CERT\n\1CORRIDOR_CCAAS_CLIENT_CERT\n\1CORRIDOR_CCAAS_CLIENT_KEY#' \
        "$FABRIC/sampleconfig/core.yaml" >"$CONFIG/peer/core.yaml"
    grep -q "path: $ROOT/network/ccaas-builder" "$CONFIG/peer/core.yaml" || die "could not configure the external builder in core.yaml"
    grep -q '^    endpoint:$' "$CONFIG/peer/core.yaml" || die "could not switch Docker off in core.yaml"
    cp "$FABRIC/sampleconfig/orderer.yaml" "$CONFIG/orderer/orderer.yaml"
}

# Go's garbage collector runs when the heap doubles (GOGC=100). Peers and orderers
# allocate per transaction and per block; letting the heap grow four-fold before a
# collection means fewer collections for about 300 MB more memory per peer (about 500 MB
# each). In bench:ledger one paired measurement gave the peers 16-19 ms of CPU per
# payment against 24.7 ms without it; later rounds varied as much (README, Benchmarks).
NODE_GOGC="${CORRIDOR_GOGC:-400}"

orderer_vars() {
    local n="$1" dir
    dir="$(orderer_dir "$n")"
    printf '%s\n' FABRIC_CFG_PATH="$CONFIG/orderer" \
        FABRIC_LOGGING_SPEC=INFO \
        GOGC="$NODE_GOGC" \
        ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
        ORDERER_GENERAL_LISTENPORT="$(orderer_port "$n")" \
        ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
        ORDERER_GENERAL_LOCALMSPDIR="$dir/msp" \
        ORDERER_GENERAL_TLS_ENABLED=true \
        ORDERER_GENERAL_TLS_PRIVATEKEY="$dir/tls/server.key" \
        ORDERER_GENERAL_TLS_CERTIFICATE="$dir/tls/server.crt" \
        ORDERER_GENERAL_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
        ORDERER_GENERAL_CLUSTER_CLIENTCERTIFICATE="$dir/tls/server.crt" \
        ORDERER_GENERAL_CLUSTER_CLIENTPRIVATEKEY="$dir/tls/server.key" \
        ORDERER_GENERAL_CLUSTER_ROOTCAS="[$dir/tls/ca.crt]" \
        ORDERER_GENERAL_BOOTSTRAPMETHOD=none \
        ORDERER_CHANNELPARTICIPATION_ENABLED=true \
        ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$(orderer_admin_port "$n")" \
        ORDERER_ADMIN_TLS_ENABLED=true \
        ORDERER_ADMIN_TLS_CERTIFICATE="$dir/tls/server.crt" \
        ORDERER_ADMIN_TLS_PRIVATEKEY="$dir/tls/server.key" \
        ORDERER_ADMIN_TLS_ROOTCAS="[$dir/tls/ca.crt]" \
        ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
        ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$dir/tls/ca.crt]" \
        ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$(orderer_ops_port "$n")" \
        ORDERER_METRICS_PROVIDER=prometheus \
        ORDERER_FILELEDGER_LOCATION="$DATA/orderer$n/ledger" \
        ORDERER_CONSENSUS_WALDIR="$DATA/orderer$n/etcdraft/wal" \
        ORDERER_CONSENSUS_SNAPDIR="$DATA/orderer$n/etcdraft/snapshot"
}

peer_vars() {
    local org="$1" dir
    dir="$(peer_dir "$org")"
    printf '%s\n' FABRIC_CFG_PATH="$CONFIG/peer" \
        FABRIC_LOGGING_SPEC=INFO \
        GOGC="$NODE_GOGC" \
        CORE_PEER_ID="peer0.$(org_domain "$org")" \
        CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$org")" \
        CORE_PEER_LISTENADDRESS="127.0.0.1:$(peer_port "$org")" \
        CORE_PEER_CHAINCODEADDRESS="127.0.0.1:$(peer_cc_port "$org")" \
        CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$(peer_cc_port "$org")" \
        CORE_PEER_GOSSIP_BOOTSTRAP="127.0.0.1:$(peer_port "$org")" \
        CORE_PEER_GOSSIP_EXTERNALENDPOINT="127.0.0.1:$(peer_port "$org")" \
        CORE_PEER_LOCALMSPID="$(msp_id "$org")" \
        CORE_PEER_MSPCONFIGPATH="$dir/msp" \
        CORE_PEER_TLS_ENABLED=true \
        CORE_PEER_TLS_CERT_FILE="$dir/tls/server.crt" \
        CORE_PEER_TLS_KEY_FILE="$dir/tls/server.key" \
        CORE_PEER_TLS_ROOTCERT_FILE="$dir/tls/ca.crt" \
        CORE_PEER_FILESYSTEMPATH="$DATA/peer-$org" \
        CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$(peer_ops_port "$org")" \
        CORE_METRICS_PROVIDER=prometheus \
        CORE_PEER_LIMITS_CONCURRENCY_GATEWAYSERVICE=2000 \
        CORRIDOR_CCAAS_ADDRESS="127.0.0.1:$(ccaas_port "$org")" \
        CORRIDOR_CCAAS_ROOT_CERT="$(org_tls_ca "$org")" \
        CORRIDOR_CCAAS_CLIENT_CERT="$dir/tls/server.crt" \
        CORRIDOR_CCAAS_CLIENT_KEY="$dir/tls/server.key"
}

# The peer CLI acting as the organisation's admin against its own peer.
admin_env() {
    local org="$1"
    shift
    env FABRIC_CFG_PATH="$CONFIG/peer" \
        FABRIC_LOGGING_SPEC=WARN \
        CORE_PEER_LOCALMSPID="$(msp_id "$org")" \
        CORE_PEER_MSPCONFIGPATH="$(org_dir "$org")/users/Admin@$(org_domain "$org")/msp" \
        CORE_PEER_ADDRESS="127.0.0.1:$(peer_port "$org")" \
        CORE_PEER_TLS_ENABLED=true \
        CORE_PEER_TLS_ROOTCERT_FILE="$(org_tls_ca "$org")" \
        "$@"
}

start_orderers() {
    local count="$1"
    for ((n = 1; n <= count; n++)); do
        mkdir -p "$DATA/orderer$n"
        mapfile -t vars < <(orderer_vars "$n")
        start "orderer$n" "$(orderer_port "$n")" "$(orderer_admin_port "$n")" "$(orderer_ops_port "$n")" -- \
            env "${vars[@]}" "$BIN/orderer"
    done
    for ((n = 1; n <= count; n++)); do
        wait_healthy "orderer$n" healthz "$(orderer_ops_port "$n")"
    done
}

start_peers() {
    for org in "${PEER_ORGS[@]}"; do
        mkdir -p "$DATA/peer-$org"
        mapfile -t vars < <(peer_vars "$org")
        start "peer-$org" "$(peer_port "$org")" "$(peer_cc_port "$org")" "$(peer_ops_port "$org")" -- \
            env "${vars[@]}" "$BIN/peer" node start
    done
    for org in "${PEER_ORGS[@]}"; do
        wait_healthy "peer-$org" healthz "$(peer_ops_port "$org")"
    done
}

osnadmin_on() {
    local n="$1" dir
    shift
    dir="$(orderer_dir "$n")"
    "$BIN/osnadmin" channel "$@" -o "127.0.0.1:$(orderer_admin_port "$n")" \
        --ca-file "$dir/tls/ca.crt" --client-cert "$dir/tls/server.crt" --client-key "$dir/tls/server.key"
}

create_channel() {
    local count="$1" block="$FABRIC/channel/$CHANNEL.block" profile=CorridorDev
    ((count == 3)) && profile=CorridorRaft3
    mkdir -p "$FABRIC/channel"
    if [[ ! -f "$block" ]]; then
        log "creating the genesis block of channel $CHANNEL (profile $profile)"
        "$BIN/configtxgen" -configPath "$ROOT/network" -profile "$profile" -channelID "$CHANNEL" \
            -outputBlock "$block" 2>/dev/null
    fi
    for ((n = 1; n <= count; n++)); do
        # osnadmin exits 0 on HTTP errors: read the status line instead.
        if ! osnadmin_on "$n" list --channelID "$CHANNEL" 2>/dev/null | grep -q '^Status: 200'; then
            log "orderer$n joins $CHANNEL"
            osnadmin_on "$n" join --channelID "$CHANNEL" --config-block "$block" | grep -q '^Status: 201' ||
                die "orderer$n could not join $CHANNEL: see $LOGS/orderer$n.log"
        fi
    done
    for org in "${PEER_ORGS[@]}"; do
        join_peer "$org" "$block" || die "peer-$org could not join $CHANNEL: see $LOGS/peer-$org.log"
    done
}

# Joins the peer unless it holds the channel's ledger already. Asking to join is the
# check: a peer restarted on a long ledger (seen after 4,000 blocks) can fail getinfo
# while it opens the ledger, yet refuses a join with "already exists" at once. Every up
# on a running network takes that path.
join_peer() {
    local org="$1" block="$2"
    for ((i = 1; i <= 20; i++)); do
        if admin_env "$org" "$BIN/peer" channel join -b "$block" >/dev/null 2>"$RUN/retry.err"; then
            log "peer-$org joined $CHANNEL"
            return 0
        fi
        grep -q "already exists" "$RUN/retry.err" && return 0
        sleep 1
    done
    cat "$RUN/retry.err" >&2
    return 1
}

retry() {
    local attempts="$1"
    shift
    for ((i = 1; i <= attempts; i++)); do
        if "$@" >/dev/null 2>"$RUN/retry.err"; then return 0; fi
        sleep 1
    done
    cat "$RUN/retry.err" >&2
    return 1
}

# A chaincode-as-a-service package holds only metadata and a connection template.
# It is built byte-for-byte reproducibly so its package id never changes.
package_chaincode() {
    local work="$FABRIC/chaincode/package" out="$FABRIC/chaincode/$CC_LABEL.tar.gz"
    rm -rf "$work"
    mkdir -p "$work/src"
    printf '{"type":"ccaas","label":"%s"}\n' "$CC_LABEL" >"$work/metadata.json"
    printf '{"address":"","dial_timeout":"10s","tls_required":true,"client_auth_required":true}\n' \
        >"$work/src/connection.json"
    local tar_flags=(--sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu)
    tar "${tar_flags[@]}" -C "$work/src" -cf - connection.json | gzip -n >"$work/code.tar.gz"
    tar "${tar_flags[@]}" -C "$work" -cf - code.tar.gz metadata.json | gzip -n >"$out"
    echo "$out"
}

deploy_chaincode() {
    local package package_id
    package="$(package_chaincode)"
    package_id="$(admin_env bank1 "$BIN/peer" lifecycle chaincode calculatepackageid "$package")"
    echo "$package_id" >"$RUN/package-id"
    for org in "${PEER_ORGS[@]}"; do
        if ! admin_env "$org" "$BIN/peer" lifecycle chaincode queryinstalled -O json 2>/dev/null |
            jq -e --arg id "$package_id" '.installed_chaincodes // [] | any(.package_id == $id)' >/dev/null; then
            log "installing $package_id on peer-$org"
            admin_env "$org" "$BIN/peer" lifecycle chaincode install "$package" >/dev/null 2>&1 ||
                die "install on peer-$org failed: see $LOGS/peer-$org.log"
        fi
    done
    start_chaincode_servers "$package_id"
    local version sequence=1
    version="$(jq -r .version "$ROOT/chaincode/package.json")"
    local committed
    committed="$(admin_env bank1 "$BIN/peer" lifecycle chaincode querycommitted -C "$CHANNEL" -n "$CHAINCODE" -O json 2>/dev/null || true)"
    if [[ -n "$committed" ]]; then
        if [[ "$(jq -r .version <<<"$committed")" == "$version" ]]; then
            log "chaincode $CHAINCODE $version already committed (sequence $(jq -r .sequence <<<"$committed"))"
            return 0
        fi
        sequence=$(($(jq -r .sequence <<<"$committed") + 1))
        log "upgrading chaincode $CHAINCODE to $version (sequence $sequence)"
    fi
    local definition=(-C "$CHANNEL" -n "$CHAINCODE" -v "$version" --sequence "$sequence" --signature-policy "$ENDORSEMENT_POLICY")
    local orderer=(-o "127.0.0.1:$(orderer_port 1)" --tls --cafile "$ORDERER_TLS_CA")
    for org in "${PEER_ORGS[@]}"; do
        log "approving $CHAINCODE $version for $(msp_id "$org")"
        # Retried: a freshly joined orderer needs a few seconds to elect a Raft leader.
        retry 30 admin_env "$org" "$BIN/peer" lifecycle chaincode approveformyorg "${definition[@]}" \
            --package-id "$package_id" "${orderer[@]}" || die "approval by $org failed"
    done
    local endorsers
    mapfile -t endorsers < <(endorser_flags)
    log "committing $CHAINCODE $version to $CHANNEL"
    retry 10 admin_env bank1 "$BIN/peer" lifecycle chaincode commit "${definition[@]}" "${orderer[@]}" "${endorsers[@]}" ||
        die "commit of $CHAINCODE failed"
}

# Peer flags for the CLI to collect a majority (banks 1 and 2) of endorsements.
endorser_flags() {
    local org
    for org in bank1 bank2; do
        printf '%s\n' --peerAddresses "127.0.0.1:$(peer_port "$org")" --tlsRootCertFiles "$(org_tls_ca "$org")"
    done
}

start_chaincode_servers() {
    local package_id="$1"
    for org in "${PEER_ORGS[@]}"; do
        local tls
        tls="$(org_dir "$org")/peers/chaincode.$(org_domain "$org")/tls"
        start "chaincode-$org" "$(ccaas_port "$org")" -- \
            env --chdir="$ROOT/chaincode" node "$ROOT/node_modules/fabric-shim/cli.js" server \
            --chaincode-address "127.0.0.1:$(ccaas_port "$org")" --chaincode-id "$package_id" \
            --chaincode-tls-cert-file "$tls/server.crt" --chaincode-tls-key-file "$tls/server.key" \
            --chaincode-tls-client-cacert-file "$(org_tls_ca "$org")"
    done
    for org in "${PEER_ORGS[@]}"; do
        wait_healthy "chaincode-$org" listening "$(ccaas_port "$org")"
    done
}

# Cross-bank endorsement needs each bank's peer to have learned, through gossip, which
# peers run the chaincode; until then the peer Gateway cannot satisfy the policy.
endorsers_known() {
    local org="$1" user
    user="$(org_dir "$org")/users/User1@$(org_domain "$org")/msp"
    "$BIN/discover" endorsers --channel "$CHANNEL" --chaincode "$CHAINCODE" \
        --server "127.0.0.1:$(peer_port "$org")" --MSP "$(msp_id "$org")" \
        --userKey "$(ls "$user"/keystore/*)" --userCert "$(ls "$user"/signcerts/*.pem)" \
        --peerTLSCA "$(org_tls_ca "$org")" 2>/dev/null | jq -e '.[0].Layouts | length > 0' >/dev/null
}

# The member registry starts from network/consortium.json, once per ledger; later
# changes go through majority-approved proposals on the ledger itself.
init_consortium() {
    local members
    members="$(admin_env bank1 "$BIN/peer" chaincode query -C "$CHANNEL" -n "$CHAINCODE" \
        -c '{"Args":["Members:ListMembers"]}' 2>/dev/null)" || die "could not read the member registry"
    if [[ "$(jq 'length' <<<"$members")" != 0 ]]; then
        return 0
    fi
    log "founding the member registry from network/consortium.json"
    local args
    args="$(jq -c '{Args: ["Members:InitConsortium", (. | tojson)]}' "$ROOT/network/consortium.json")"
    local endorsers
    mapfile -t endorsers < <(endorser_flags)
    admin_env bank1 "$BIN/peer" chaincode invoke -C "$CHANNEL" -n "$CHAINCODE" -c "$args" --waitForEvent \
        -o "127.0.0.1:$(orderer_port 1)" --tls --cafile "$ORDERER_TLS_CA" "${endorsers[@]}" >/dev/null 2>"$RUN/init.err" ||
        die "founding the member registry failed: $(cat "$RUN/init.err")"
}

# Only banks submit; the regulator's clients are not channel writers, which the
# discovery service requires.
wait_for_endorsers() {
    for org in "${BANKS[@]}"; do
        wait_healthy "peer-$org" endorsers_known "$org"
    done
}

# Each bank's back office, its tests and the load tests all call from loopback: one client
# address, so the flood guard admits far more than the 1,200 a minute of the default.
start_dev_messages() {
    start dev-mail "$DEV_MAIL_PORT" -- node "$ROOT/gateway/dist/src/tools/dev-mail.js" "$DEV_MAIL_PORT"
    start dev-sms "$DEV_SMS_PORT" -- node "$ROOT/gateway/dist/src/tools/dev-sms.js" "$DEV_SMS_PORT"
    wait_healthy dev-mail listening "$DEV_MAIL_PORT"
    wait_healthy dev-sms sms_sink_healthy "$DEV_SMS_PORT"
}

# The gateways send mail and SMS to the dev servers and serve what they sent at
# GET /v1/dev/mailbox (CORRIDOR_DEV_MAILBOX, never set on a production gateway).
# Their webhook receivers listen on loopback too: plain http to 127.0.0.1 is allowed here, never by default.
start_gateways() {
    for org in "${PEER_ORGS[@]}"; do
        # A bank's gateway acts with the identity whose certificate carries its ledger
        # roles; the regulator's only reads, so its plain client identity is enough.
        local user="$(org_dir "$org")/users/Gateway@$(org_domain "$org")/msp"
        [[ "$org" == regulator ]] && user="$(org_dir "$org")/users/User1@$(org_domain "$org")/msp"
        mkdir -p "$FABRIC/gateway/$org"
        # The regulator has no customers: no top-ups, no quotes.
        local self_service=()
        [[ "$org" == regulator ]] || self_service=(CORRIDOR_TOPUP_IBAN="$(topup_iban "$org")" CORRIDOR_FX_PROVIDER="$(fx_provider "$org")")
        start "gateway-$org" "$(gateway_port "$org")" -- \
            env CORRIDOR_ORG="$org" \
            CORRIDOR_MSP_ID="$(msp_id "$org")" \
            CORRIDOR_PORT="$(gateway_port "$org")" \
            CORRIDOR_PEER_ENDPOINT="127.0.0.1:$(peer_port "$org")" \
            CORRIDOR_PEER_TLS_CA="$(org_tls_ca "$org")" \
            CORRIDOR_PEER_HOST_ALIAS="peer0.$(org_domain "$org")" \
            CORRIDOR_CERT="$(ls "$user"/signcerts/*.pem)" \
            CORRIDOR_KEY="$(ls "$user"/keystore/*)" \
            CORRIDOR_CHANNEL="$CHANNEL" \
            CORRIDOR_CHAINCODE="$CHAINCODE" \
            CORRIDOR_DATA_DIR="$FABRIC/gateway/$org" \
            CORRIDOR_API_KEYS_FILE="$FABRIC/gateway/$org/api-keys.json" \
            CORRIDOR_REQUESTS_PER_MINUTE="${CORRIDOR_REQUESTS_PER_MINUTE:-60000}" \
            CORRIDOR_SMTP_URL="smtp://127.0.0.1:$DEV_MAIL_PORT" \
            CORRIDOR_SMTP_FROM="no-reply@$(org_domain "$org")" \
            CORRIDOR_SMS_URL="http://127.0.0.1:$DEV_SMS_PORT" \
            CORRIDOR_DEV_MAILBOX=true \
            "${self_service[@]}" \
            CORRIDOR_WEBHOOKS_ALLOW_HTTP_LOOPBACK="${CORRIDOR_WEBHOOKS_ALLOW_HTTP_LOOPBACK:-1}" \
            CORRIDOR_RESPONSE_CHECK="${CORRIDOR_RESPONSE_CHECK:-1}" \
            node "$ROOT/gateway/dist/src/main.js"
    done
    for org in "${PEER_ORGS[@]}"; do
        wait_healthy "gateway-$org" gateway_healthy "$(gateway_port "$org")"
    done
}

# Dev API keys, one per role, written once per organisation (git-ignored, mode 600).
write_api_keys() {
    for org in "${PEER_ORGS[@]}"; do
        local file="$FABRIC/gateway/$org/api-keys.json"
        [[ -f "$file" ]] && continue
        mkdir -p "$(dirname "$file")"
        local role=admin
        [[ "$org" == regulator ]] && role=auditor
        (umask 077 && printf '{"%s":"%s"}\n' "$role" "$(openssl rand -hex 24)" >"$file")
    done
}

print_summary() {
    printf '\nCorridor dev network on channel %s (chaincode %s):\n' "$CHANNEL" "$CHAINCODE"
    status
    printf '\nAPI keys for the gateways: %s/gateway/<org>/api-keys.json\n' "$FABRIC"
    node "$ROOT/web/scripts/dev-staff.ts" || log "the dev staff sign-ins could not be made"
}

# -------------------------------------------------------------------- commands

up() {
    local count=""
    while (($#)); do
        case "$1" in
        --orderers)
            count="${2:-}"
            shift 2
            ;;
        *) die "unknown option $1 for up" ;;
        esac
    done
    if [[ -n "$count" && "$count" != 1 && "$count" != 3 ]]; then die "--orderers takes 1 or 3"; fi
    if [[ -f "$RUN/orderers" && -n "$count" && "$count" != "$(orderer_count)" ]]; then
        die "this network was created with $(orderer_count) orderer(s); run 'down --clean' first to change it"
    fi
    count="${count:-$(orderer_count)}"
    local started=$SECONDS
    install_dependencies
    require_tools
    generate_crypto
    issue_gateway_identities
    write_node_config
    mkdir -p "$RUN" "$LOGS" "$DATA"
    echo "$count" >"$RUN/orderers"
    start_orderers "$count"
    start_peers
    create_channel "$count"
    deploy_chaincode
    wait_for_endorsers
    init_consortium
    write_api_keys
    start_dev_messages
    start_gateways
    log "up in $((SECONDS - started)) s"
    print_summary
}

process_names() {
    echo dev-mail
    echo dev-sms
    local count
    count="$(orderer_count)"
    for ((n = 1; n <= 3; n++)); do
        if ((n <= count)) || [[ -f "$RUN/orderer$n.pid" ]]; then echo "orderer$n"; fi
    done
    for org in "${PEER_ORGS[@]}"; do echo "peer-$org"; done
    for org in "${PEER_ORGS[@]}"; do echo "chaincode-$org"; done
    for org in "${PEER_ORGS[@]}"; do echo "gateway-$org"; done
}

ports_of() {
    case "$1" in
    orderer*) local n="${1#orderer}"
        echo "$(orderer_port "$n") $(orderer_admin_port "$n") $(orderer_ops_port "$n")" ;;
    peer-*) local org="${1#peer-}"
        echo "$(peer_port "$org") $(peer_cc_port "$org") $(peer_ops_port "$org")" ;;
    chaincode-*) ccaas_port "${1#chaincode-}" ;;
    gateway-*) gateway_port "${1#gateway-}" ;;
    dev-mail) echo "$DEV_MAIL_PORT" ;;
    dev-sms) echo "$DEV_SMS_PORT" ;;
    esac
}

health_of() {
    local name="$1"
    is_running "$name" || {
        echo "stopped"
        return 0
    }
    local ok=false
    case "$name" in
    orderer*) healthz "$(orderer_ops_port "${name#orderer}")" && ok=true ;;
    peer-*) healthz "$(peer_ops_port "${name#peer-}")" && ok=true ;;
    chaincode-*) listening "$(ccaas_port "${name#chaincode-}")" && ok=true ;;
    gateway-*) gateway_healthy "$(gateway_port "${name#gateway-}")" >/dev/null 2>&1 && ok=true ;;
    dev-mail) listening "$DEV_MAIL_PORT" && ok=true ;;
    dev-sms) sms_sink_healthy "$DEV_SMS_PORT" >/dev/null 2>&1 && ok=true ;;
    esac
    if $ok; then echo "healthy"; else echo "unhealthy"; fi
}

status() {
    printf '%-20s %-8s %-20s %s\n' NAME PID PORTS HEALTH
    local name failures=0 health
    while read -r name; do
        health="$(health_of "$name")"
        [[ "$health" == healthy ]] || failures=$((failures + 1))
        printf '%-20s %-8s %-20s %s\n' "$name" "$(pid_of "$name" || echo -)" "$(ports_of "$name")" "$health"
    done < <(process_names)
    return $((failures > 0))
}

down() {
    local clean=false
    [[ "${1:-}" == "--clean" ]] && clean=true
    local name pid
    # Gateways first, orderers last: nothing is left waiting on a stopped dependency.
    for name in $(process_names | tac); do
        pid="$(pid_of "$name" || true)"
        if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
            kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
            log "stopping $name (pid $pid)"
        fi
    done
    for name in $(process_names); do
        pid="$(pid_of "$name" || true)"
        [[ -z "$pid" ]] && continue
        for _ in $(seq 1 40); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.25
        done
        if kill -0 "$pid" 2>/dev/null; then
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
            log "killed $name"
        fi
        rm -f "$RUN/$name.pid"
    done
    if $clean; then
        log "removing ledgers, logs, config and crypto material"
        rm -rf "$DATA" "$LOGS" "$RUN" "$CONFIG" "$FABRIC/channel" "$FABRIC/chaincode" "$FABRIC/gateway" \
            "$ORGS_DIR/peerOrganizations" "$ORGS_DIR/ordererOrganizations"
    fi
    log "down"
}

# Every port of the plan, for checks that nothing is left listening.
plan_ports() {
    local n org
    for n in 1 2 3; do echo "$(orderer_port "$n") $(orderer_admin_port "$n") $(orderer_ops_port "$n")"; done
    for org in "${PEER_ORGS[@]}"; do
        echo "$(peer_port "$org") $(peer_cc_port "$org") $(peer_ops_port "$org") $(ccaas_port "$org") $(gateway_port "$org")"
    done | tr ' ' '\n'
    echo "$DEV_MAIL_PORT"
    echo "$DEV_SMS_PORT"
}

logs() {
    local name="${1:-}"
    [[ -n "$name" ]] || die "usage: $0 logs NAME (one of: $(process_names | tr '\n' ' '))"
    [[ -f "$LOGS/$name.log" ]] || die "no log for $name"
    tail -n 100 -F "$LOGS/$name.log"
}

usage() {
    sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
}

main() {
    local command="${1:-}"
    shift || true
    case "$command" in
    up) up "$@" ;;
    down) down "$@" ;;
    status) status ;;
    logs) logs "$@" ;;
    ports) plan_ports | tr ' ' '\n' ;;
    -h | --help | help | "") usage ;;
    *)
        usage
        exit 2
        ;;
    esac
}

main "$@"
