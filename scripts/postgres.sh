#!/usr/bin/env bash
# A PostgreSQL cluster for the gateway's index tests: .fabric/postgres, owned by the
# postgres user (the server refuses to run as root), on 127.0.0.1:5433 only. When the
# postgres user cannot reach the checkout (a clone inside a private temporary folder),
# the cluster lives in /var/tmp instead, named after the checkout.
#   scripts/postgres.sh start    creates the cluster, role and database if missing, starts it
#   scripts/postgres.sh stop     stops it (data kept)
#   scripts/postgres.sh status   exit 0 when it accepts connections
#   scripts/postgres.sh url      prints the connection URL for CORRIDOR_TEST_PG_URL
# Every command is safe to repeat.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PGBIN="${PGBIN:-/usr/lib/postgresql/15/bin}"
DATA="$ROOT/.fabric/postgres"
if ! runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    DATA="/var/tmp/corridor-postgres-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
fi
PORT=5433
ROLE=corridor_test
DATABASE=corridor_index_test
# A test-only password: the server listens on loopback only.
PASSWORD=corridor_test
URL="postgresql://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DATABASE"

log() { printf '[postgres] %s\n' "$*"; }
as_postgres() {
    if [[ $(id -un) == postgres ]]; then
        "$@"
    else
        # From /: the postgres user may not be allowed into the caller's directory.
        (cd / && runuser -u postgres -- "$@")
    fi
}

ready() { "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$PORT"; }

psql_admin() { as_postgres "$PGBIN/psql" -X -q -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }

create_cluster() {
    [[ -f "$DATA/PG_VERSION" ]] && return 0
    log "creating cluster in $DATA"
    mkdir -p "$DATA"
    chown postgres:postgres "$DATA"
    chmod 700 "$DATA"
    as_postgres "$PGBIN/initdb" -D "$DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    # The superuser may connect over loopback without a password (only the postgres OS user
    # runs psql as it); every other role needs its password.
    cat >"$DATA/pg_hba.conf" <<EOF
local all all trust
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
EOF
    chown postgres:postgres "$DATA/pg_hba.conf"
}

start() {
    command -v runuser >/dev/null || { echo "[postgres] error: runuser missing (util-linux)" >&2; exit 1; }
    [[ -x "$PGBIN/postgres" ]] || { echo "[postgres] error: no PostgreSQL 15 in $PGBIN (apt-get install postgresql)" >&2; exit 1; }
    create_cluster
    if ! ready; then
        log "starting on 127.0.0.1:$PORT"
        as_postgres "$PGBIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 30 \
            -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories=$DATA -c fsync=off" start >/dev/null
    fi
    if [[ -z $(psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'") ]]; then
        psql_admin -c "CREATE ROLE $ROLE LOGIN PASSWORD '$PASSWORD'"
    fi
    if [[ -z $(psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DATABASE'") ]]; then
        psql_admin -c "CREATE DATABASE $DATABASE OWNER $ROLE"
    fi
    log "ready: $URL"
}

stop() {
    if [[ -f "$DATA/postmaster.pid" ]]; then
        log "stopping"
        as_postgres "$PGBIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null || true
    fi
}

case "${1:-}" in
start) start ;;
stop) stop ;;
status)
    if ready; then
        log "running on 127.0.0.1:$PORT"
    else
        log "not running"
        exit 1
    fi
    ;;
url) echo "$URL" ;;
*)
    echo "usage: $0 start|stop|status|url" >&2
    exit 2
    ;;
esac
