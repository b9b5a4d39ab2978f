# Throwaway resources on the machine's own PostgreSQL, NATS and Redis, for the image's training run
# (./agora image), the image smoke test and the image measurements. Sourced, not run.
#
# Where the servers are (defaults: the CI machine's services, see README.md):
#   AGORA_SCRATCH_PG_HOST (127.0.0.1)  AGORA_SCRATCH_PG_PORT (5432)  AGORA_SCRATCH_PG_USER (postgres, trust auth)
#   AGORA_SCRATCH_NATS (127.0.0.1:4222, JetStream)  AGORA_SCRATCH_REDIS (127.0.0.1:6379)
# Every name made here carries a random token, so runs never meet each other or the test suite.

scratch_pg_host="${AGORA_SCRATCH_PG_HOST:-127.0.0.1}"
scratch_pg_port="${AGORA_SCRATCH_PG_PORT:-5432}"
scratch_pg_user="${AGORA_SCRATCH_PG_USER:-postgres}"
scratch_nats="${AGORA_SCRATCH_NATS:-127.0.0.1:4222}"
scratch_redis="${AGORA_SCRATCH_REDIS:-127.0.0.1:6379}"
# A service image without auth in its process must be told where auth publishes its keys, or it does
# not start. These runs have no auth beside them: they name an address where nothing answers, so a
# token is refused (what the runs exercise); a process that runs auth reads its keys in-process and
# never uses this address.
scratch_jwks_url="http://127.0.0.1:9/.well-known/jwks.json"

scratch_token() {
    printf '%s%04x' "$(date +%s)" "$((RANDOM))"
}

scratch_psql() {
    psql -X -q -v ON_ERROR_STOP=1 -h "$scratch_pg_host" -p "$scratch_pg_port" -U "$scratch_pg_user" -d postgres "$@"
}

# Creates a database and prints its JDBC URL.
scratch_db_create() { # name
    scratch_psql -c "CREATE DATABASE \"$1\"" >&2
    printf 'jdbc:postgresql://%s:%s/%s' "$scratch_pg_host" "$scratch_pg_port" "$1"
}

scratch_db_drop() { # name
    scratch_psql -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >&2 || true
}

scratch_port_open() { # host:port
    (exec 3<>"/dev/tcp/${1%:*}/${1##*:}") 2>/dev/null
}

# A TCP port on 127.0.0.1 that nothing listens on now.
scratch_free_port() {
    local port
    for _ in $(seq 1 200); do
        # Below Linux's ephemeral range (32768 and up): a port there may be taken by an outgoing
        # connection between this look and the server's bind.
        port=$((20000 + RANDOM % 12000))
        if ! scratch_port_open "127.0.0.1:$port"; then
            printf '%s' "$port"
            return 0
        fi
    done
    echo "no free port found" >&2
    return 1
}

# One JetStream API request over the NATS text protocol (no nats CLI here); prints the reply.
scratch_nats_request() { # subject payload
    local subject="$1" payload="$2" line reply=""
    exec 4<>"/dev/tcp/${scratch_nats%:*}/${scratch_nats##*:}" || return 1
    printf 'CONNECT {"verbose":false,"pedantic":false}\r\nSUB _INBOX.scratch 1\r\nPUB %s _INBOX.scratch %d\r\n%s\r\n' \
        "$subject" "${#payload}" "$payload" >&4
    while IFS= read -r -t 5 line <&4; do
        line="${line%$'\r'}"
        case "$line" in
            MSG\ *) IFS= read -r -t 5 reply <&4; reply="${reply%$'\r'}"; break ;;
            PING) printf 'PONG\r\n' >&4 ;;
            -ERR*) echo "nats: $line" >&2; break ;;
        esac
    done
    exec 4>&-
    printf '%s' "$reply"
}

# Deletes the JetStream streams of an events prefix (the service names them <PREFIX>_<scope>).
scratch_streams_delete() { # events prefix
    local upper names name
    upper="$(tr '[:lower:]' '[:upper:]' <<<"$1")"
    names="$(scratch_nats_request '$JS.API.STREAM.NAMES' '{}' | grep -o '"streams":\[[^]]*\]' | grep -o '"[A-Z0-9_-]*"' | tr -d '"')" || true
    for name in $names; do
        if [[ "$name" == "${upper}_"* ]]; then
            scratch_nats_request "\$JS.API.STREAM.DELETE.$name" '' >/dev/null || true
        fi
    done
}

# How many messages the JetStream streams of an events prefix hold, together.
scratch_streams_messages() { # events prefix
    local upper names name messages total=0
    upper="$(tr '[:lower:]' '[:upper:]' <<<"$1")"
    names="$(scratch_nats_request '$JS.API.STREAM.NAMES' '{}' | grep -o '"streams":\[[^]]*\]' | grep -o '"[A-Z0-9_-]*"' | tr -d '"')" || true
    for name in $names; do
        if [[ "$name" == "${upper}_"* ]]; then
            messages="$(scratch_nats_request "\$JS.API.STREAM.INFO.$name" '' | grep -o '"messages":[0-9]*' | head -n 1 | cut -d: -f2)" || true
            total=$((total + ${messages:-0}))
        fi
    done
    printf '%s' "$total"
}

# The events in a database's outboxes (every <service>_outbox table, in every schema): "<rows> <unsent>".
scratch_outbox_counts() { # database
    local union
    union="$(scratch_psql -d "$1" -At -c "SELECT string_agg(format('SELECT count(*) AS n, count(*) FILTER (WHERE sent_at IS NULL) AS u FROM %I.%I', table_schema, table_name), ' UNION ALL ') FROM information_schema.tables WHERE table_name LIKE '%\\_outbox'")"
    if [ -z "$union" ]; then
        printf '0 0'
        return 0
    fi
    scratch_psql -d "$1" -At -F ' ' -c "SELECT coalesce(sum(n), 0), coalesce(sum(u), 0) FROM ($union) AS outboxes"
}

# Deletes the Redis keys of a prefix (RESP over /dev/tcp: SCAN, then DEL; no redis-cli needed).
scratch_redis_clear() { # key prefix
    local keys
    if command -v redis-cli >/dev/null 2>&1; then
        keys="$(redis-cli -h "${scratch_redis%:*}" -p "${scratch_redis##*:}" --scan --pattern "$1*" 2>/dev/null)" || return 0
        if [ -n "$keys" ]; then
            xargs -r redis-cli -h "${scratch_redis%:*}" -p "${scratch_redis##*:}" DEL <<<"$keys" >/dev/null 2>&1 || true
        fi
    fi
}

# Waits until a URL answers 200; prints nothing, fails after the timeout (seconds).
scratch_wait_200() { # url timeout [pid]
    local deadline=$((SECONDS + ${2:-60}))
    while [ "$SECONDS" -lt "$deadline" ]; do
        if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1")" = 200 ]; then
            return 0
        fi
        if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
            return 1
        fi
        sleep 0.1
    done
    return 1
}
