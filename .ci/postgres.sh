#!/usr/bin/env bash
# Start a throwaway PostgreSQL (Debian's package) for the sync server tests.
#
# Run as root. Idempotent: a second run reuses the running server. Writes
#   export GIGDESK_TEST_PG_URL=postgresql+psycopg://gigdesk:gigdesk@127.0.0.1:5433/gigdesk_test
# to $PG_ENV_FILE (default /tmp/gigdesk-pg.env) for .ci/run to source, and prints it.
set -euo pipefail

PORT="${PG_PORT:-5433}"
DATA_DIR="${PG_DATA_DIR:-/tmp/gigdesk-pg-data}"
ENV_FILE="${PG_ENV_FILE:-/tmp/gigdesk-pg.env}"
DB_NAME=gigdesk_test
DB_USER=gigdesk
DB_PASS=gigdesk
URL="postgresql+psycopg://${DB_USER}:${DB_PASS}@127.0.0.1:${PORT}/${DB_NAME}"

bin_dir() {
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

if [ -z "$(bin_dir)" ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
BIN="$(bin_dir)"
as_pg() { runuser -u postgres -- "$@"; }

if ! as_pg "$BIN/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
    if [ ! -f "$DATA_DIR/PG_VERSION" ]; then
        rm -rf "$DATA_DIR"
        install -d -o postgres -g postgres -m 700 "$DATA_DIR"
        as_pg "$BIN/initdb" -D "$DATA_DIR" -U postgres --auth=trust -E UTF8 \
            --locale=C.UTF-8 >/dev/null
    fi
    # fsync off: a test database, thrown away with the data dir.
    as_pg "$BIN/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 start \
        -o "-p $PORT -k /tmp -h 127.0.0.1 -c fsync=off -c synchronous_commit=off \
-c full_page_writes=off -c max_connections=200" >/dev/null
fi

psql_pg() { as_pg psql -h /tmp -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
if [ -z "$(psql_pg -c "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
    psql_pg -c "CREATE ROLE $DB_USER LOGIN PASSWORD '$DB_PASS' CREATEDB"
fi
if [ -z "$(psql_pg -c "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
    psql_pg -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
fi

echo "export GIGDESK_TEST_PG_URL=$URL" > "$ENV_FILE"
echo "GIGDESK_TEST_PG_URL=$URL"
