#!/usr/bin/env bash
# Checks Agora's monitoring against the real thing:
#   1. `promtool check config`, `promtool check rules` and `promtool test rules` over deploy/prometheus,
#      the target files (deploy/prometheus/targets: groups labelled pod and service), and the
#      structure of grafana/dashboards/pod-overview.json;
#   2. starts a pod (`./agora run`, embedded PostgreSQL, a private nats-server and redis-server when
#      those binaries exist, else the in-process defaults) on free ports, gives it a little load
#      (lists, gets, 404s, 400s, `./agora territory create`, and with NATS a short NATS outage that
#      makes the relay fail and the readiness check answer 503), runs Prometheus on it (scraping every
#      second) with the agora and agora-health jobs of deploy/prometheus/prometheus.yml (aimed at it,
#      labelled as targets/pod.yml labels the local pod), a blackbox exporter and the rules, and
#      runs every panel query of the dashboard against it: any
#      query that errors, returns nothing or reads a metric Prometheus does not have fails the check
#      (naming the panel and query). Also checks the health endpoints, the readiness probe, the
#      contract's label values (docs/metrics.md) and that every rule evaluates without error.
#
# Usage: deploy/check-dashboard.sh [--static]      (--static: step 1 only, no pod)
#        CHECK_DASHBOARD_BACKENDS=in-process deploy/check-dashboard.sh   (no private NATS/Redis)
# Installs prometheus and prometheus-blackbox-exporter with apt when missing (without starting their
# system services). Leaves nothing running; logs in target/check-dashboard/.
set -euo pipefail

export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export PATH="$JAVA_HOME/bin:$PATH:/usr/local/sbin:/usr/sbin:/sbin"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
work="$root/target/check-dashboard"
dashboard="$root/grafana/dashboards/pod-overview.json"
helper=(python3 "$root/deploy/check-dashboard.py")

say() { echo "check-dashboard: $*"; }
fail() { echo "check-dashboard: FAILED: $*" >&2; exit 1; }

# --- cleanup on every exit path ------------------------------------------------------------------
pod_pid="" prom_pid="" blackbox_pid="" nats_pid="" redis_pid="" policy_added=""
stop_pid() { # pid, seconds to wait after TERM
    local pid="$1" waited=0
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    while kill -0 "$pid" 2>/dev/null && [ "$waited" -lt $(( $2 * 4 )) ]; do
        sleep 0.25
        waited=$(( waited + 1 ))
    done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    local status=$?
    set +e
    if [ -n "$pod_pid" ]; then
        stop_pid "$pod_pid" 20
        kill -KILL -- "-$pod_pid" 2>/dev/null # a build still running under ./agora run
        # An embedded PostgreSQL left behind by a pod that had to be killed.
        local pg_pid_file="$work/home/data/postgres/postmaster.pid"
        if [ -f "$pg_pid_file" ]; then
            local pg_pid
            pg_pid="$(head -n 1 "$pg_pid_file")"
            [ -n "$pg_pid" ] && kill -0 "$pg_pid" 2>/dev/null && kill -INT "$pg_pid" 2>/dev/null
        fi
    fi
    stop_pid "$prom_pid" 10
    stop_pid "$blackbox_pid" 5
    stop_pid "$nats_pid" 5
    stop_pid "$redis_pid" 5
    [ -n "$policy_added" ] && rm -f /usr/sbin/policy-rc.d
    rm -rf "$work/prometheus-data" "$work/nats"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- tools ---------------------------------------------------------------------------------------
apt_install() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y --no-install-recommends "$@" || { apt-get update && apt-get install -y --no-install-recommends "$@"; }
}
ensure_tools() {
    command -v curl >/dev/null || apt_install curl
    command -v python3 >/dev/null || apt_install python3
    python3 -c 'import yaml' 2>/dev/null || apt_install python3-yaml
    if command -v prometheus >/dev/null && command -v promtool >/dev/null \
            && command -v prometheus-blackbox-exporter >/dev/null; then
        return 0
    fi
    say "installing Prometheus and its blackbox exporter (Debian packages)"
    # The package would start a system service on :9090; policy-rc.d forbids that during the install.
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        policy_added=1
    fi
    apt_install prometheus prometheus-blackbox-exporter
    if [ -n "$policy_added" ]; then
        rm -f /usr/sbin/policy-rc.d
        policy_added=""
    fi
    # Should a service have started anyway (systemd machines), stop it and keep it from starting.
    local service
    for service in prometheus prometheus-blackbox-exporter; do
        if command -v systemctl >/dev/null && systemctl is-active --quiet "$service" 2>/dev/null; then
            systemctl stop "$service" || true
            systemctl disable "$service" || true
        fi
        if [ -x "/etc/init.d/$service" ] && "/etc/init.d/$service" status >/dev/null 2>&1; then
            "/etc/init.d/$service" stop || true
        fi
    done
}

# --- 1. static checks ----------------------------------------------------------------------------
static_checks() {
    promtool check config deploy/prometheus/prometheus.yml
    "${helper[@]}" targets deploy/prometheus/targets
    promtool check rules deploy/prometheus/rules/agora.yml
    promtool test rules deploy/prometheus/rules/agora_test.yml
    prometheus-blackbox-exporter --config.file=deploy/prometheus/blackbox.yml --config.check 2>&1 | tail -n 1
    "${helper[@]}" lint "$dashboard"
    for file in grafana/provisioning/datasources/prometheus.yaml grafana/provisioning/dashboards/agora.yaml; do
        python3 -c 'import sys, yaml; yaml.safe_load(open(sys.argv[1]))' "$file" || fail "$file is not valid YAML"
    done
}

# --- 2. live check -------------------------------------------------------------------------------
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_until() { # seconds, description, command…
    local seconds="$1" what="$2" i
    shift 2
    for i in $(seq 1 $(( seconds * 4 ))); do
        if "$@" >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.25
    done
    echo "check-dashboard: $what did not happen within ${seconds}s" >&2
    return 1
}
status_of() { curl -s -o /dev/null -w '%{http_code}' --max-time 10 "$@" || true; }
codes=""
hit() { codes="$codes $(status_of "$@")"; }

start_nats() {
    mkdir -p "$work/nats"
    nats-server -a 127.0.0.1 -p "$nats_port" -js -sd "$work/nats" > "$work/nats.log" 2>&1 &
    nats_pid=$!
    wait_until 10 "nats-server on :$nats_port" port_open "$nats_port"
}

# Waits for the pod's first answer: up to 3 minutes (./agora run builds first when sources changed),
# but gives up when the pod exits, or when its log (once the JVM logs) has not moved for 30 s.
wait_for_pod() {
    local deadline=$(( SECONDS + 180 )) size=-1 moved=$SECONDS now
    while [ "$SECONDS" -lt "$deadline" ]; do
        if curl -sf --max-time 2 "http://127.0.0.1:$server_port/api/territories" >/dev/null 2>&1; then
            return 0
        fi
        if ! kill -0 "$pod_pid" 2>/dev/null; then
            echo "check-dashboard: the pod exited" >&2
            return 1
        fi
        now="$(stat -c %s "$work/pod.log" 2>/dev/null || echo 0)"
        if [ "$now" != "$size" ]; then
            size="$now"
            moved=$SECONDS
        elif grep -q ' INFO ' "$work/pod.log" && [ $(( SECONDS - moved )) -ge 30 ]; then
            echo "check-dashboard: the pod logs nothing more and does not answer (hung?)" >&2
            return 1
        fi
        sleep 0.25
    done
    echo "check-dashboard: the pod did not answer within 180s" >&2
    return 1
}

pod_did_not_start() {
    echo "check-dashboard: the pod did not answer; last lines of $work/pod.log:" >&2
    tail -n 40 "$work/pod.log" >&2
    if kill -0 "$pod_pid" 2>/dev/null && command -v jcmd >/dev/null; then
        timeout 20 jcmd "$pod_pid" Thread.dump_to_file -format=text "$work/pod-threads.txt" >/dev/null 2>&1 || true
        [ -s "$work/pod-threads.txt" ] && echo "check-dashboard: thread dump (virtual threads too) in $work/pod-threads.txt" >&2
        if grep -q 'MMeterRegistry.onMeterAdded' "$work/pod-threads.txt" 2>/dev/null; then
            echo "check-dashboard: threads wait on each other registering meters: Helidon's MMeterRegistry" \
                "and Micrometer's registry lock in opposite orders (e.g. the GC notification thread of" \
                "JvmGcMetrics against a meter registered through Helidon). The threads involved:" >&2
            awk 'BEGIN { RS = ""; ORS = "\n\n" } /MMeterRegistry/' "$work/pod-threads.txt" | head -n 80 >&2
        fi
    fi
    fail "pod start"
}

live_check() {
    mkdir -p "$work/home"
    rm -rf "$work/home/data" "$work/prometheus-data" "$work/nats" "$work"/*.log "$work/pod-threads.txt"
    read -r server_port operator_port db_port prom_port blackbox_port nats_port redis_port \
        < <("${helper[@]}" free-ports 7)

    export SERVER_PORT="$server_port" AGORA_OPERATOR_PORT="$operator_port" AGORA_EMBEDDED_DB_PORT="$db_port"
    export AGORA_HOME="$work/home" AGORA_OPERATOR_URL="http://127.0.0.1:$operator_port"
    unset AGORA_DB_URL AGORA_NATS_URL AGORA_REDIS_URL
    local backends="embedded PostgreSQL, in-process events and state"
    if [ "${CHECK_DASHBOARD_BACKENDS:-}" != in-process ] && command -v nats-server >/dev/null \
            && command -v redis-server >/dev/null; then
        start_nats
        redis-server --bind 127.0.0.1 --port "$redis_port" --save "" --appendonly no \
            --dir "$work" --logfile "$work/redis.log" &
        redis_pid=$!
        wait_until 10 "redis-server on :$redis_port" port_open "$redis_port"
        export AGORA_NATS_URL="nats://127.0.0.1:$nats_port" AGORA_REDIS_URL="redis://127.0.0.1:$redis_port"
        export AGORA_EVENTS_PREFIX="agoracheck" AGORA_REDIS_PREFIX="agoracheck:"
        backends="embedded PostgreSQL, private nats-server :$nats_port and redis-server :$redis_port"
    else
        say "in-process events and state (nats-server or redis-server missing, or CHECK_DASHBOARD_BACKENDS=in-process): no NATS outage"
        export CHECK_DASHBOARD_NOT_PRODUCED="agora_relay_failures_total=counted from the first failed publish; this run had no NATS to take away"
    fi

    say "starting a pod on :$server_port (operator :$operator_port; $backends)"
    local started=$SECONDS
    setsid ./agora run > "$work/pod.log" 2>&1 &
    pod_pid=$!
    wait_for_pod || pod_did_not_start
    say "pod up after $(( SECONDS - started ))s"

    prometheus-blackbox-exporter --config.file=deploy/prometheus/blackbox.yml \
        --web.listen-address="127.0.0.1:$blackbox_port" > "$work/blackbox.log" 2>&1 &
    blackbox_pid=$!
    "${helper[@]}" prom-config deploy/prometheus/prometheus.yml "$work/prometheus.yml" \
        "127.0.0.1:$server_port" "$root/deploy/prometheus/rules/agora.yml" "127.0.0.1:$blackbox_port"
    prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/prometheus-data" \
        --web.listen-address="127.0.0.1:$prom_port" > "$work/prometheus.log" 2>&1 &
    prom_pid=$!
    local prom="http://127.0.0.1:$prom_port"
    wait_until 30 "Prometheus ready on :$prom_port" curl -sf "$prom/-/ready" || { tail -n 20 "$work/prometheus.log" >&2; fail "Prometheus start"; }
    wait_until 20 "a successful scrape of the pod" \
        bash -c "curl -sfG --data-urlencode 'query=up{job=\"agora\"} == 1' '$prom/api/v1/query' | grep -q '\"value\"'" \
        || fail "scraping the pod"

    local base="http://127.0.0.1:$server_port" operator="http://127.0.0.1:$operator_port"
    # The operator listener wants the token the pod generated under its AGORA_HOME (./agora reads it too).
    local operator_token
    operator_token="Authorization: Bearer $(cat "$AGORA_HOME/.agora/operator.token")" \
        || fail "no operator token in $AGORA_HOME/.agora/operator.token"
    for path in /observe/health /observe/health/live /observe/health/ready; do
        [ "$(status_of "$base$path")" = 200 ] || fail "GET $path answered $(status_of "$base$path"), not 200"
    done

    if [ -n "$nats_pid" ]; then
        say "NATS outage: stop nats-server, create territory IS, expect relay failures and readiness 503"
        stop_pid "$nats_pid" 5
        nats_pid=""
        [ "$(status_of -X POST -H "$operator_token" -H 'Content-Type: application/json' \
            --data '{"code":"IS","name":"Ísland","language":"is"}' "$operator/operator/territories")" = 201 ] \
            || fail "creating IS with NATS down did not answer 201"
        wait_until 15 "readiness 503 while NATS is down" \
            bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' '$base/observe/health/ready')\" = 503 ]" \
            || fail "readiness during the NATS outage"
        wait_until 15 "relay failures in /observe/metrics" \
            bash -c "curl -sf '$base/observe/metrics' | grep -q '^agora_relay_failures_total'" \
            || fail "agora_relay_failures_total did not appear while NATS was down"
        sleep 2 # a few scrapes of the backlog
        start_nats
        wait_until 30 "readiness 200 after NATS is back" \
            bash -c "[ \"\$(curl -s -o /dev/null -w '%{http_code}' '$base/observe/health/ready')\" = 200 ]" \
            || fail "readiness after the NATS outage"
        say "NATS back; readiness 200 again"
        export CHECK_DASHBOARD_OUTAGE=1
    fi

    say "load: lists, gets, 404s, 400s, ./agora territory create FI, a signed-in admin"
    ./agora territory create FI --name Suomi --language fi > "$work/territory-create.log" 2>&1 \
        || { cat "$work/territory-create.log" >&2; fail "./agora territory create FI"; }
    local i territory
    # Signed-in traffic: the first DK admin (bootstrap invitation, register, login), then guarded
    # requests (the authorization view's cache) and a few wrong passwords (the throttle's cache).
    local token email access
    token="$(./agora bootstrap-admin --territory DK | tail -1)"
    email="dashboard-$(date +%s)@example.org"
    local registered signed
    registered="$(curl -s -H 'X-Territory: DK' -H 'Content-Type: application/json' --data "{\"invitation\": \"$token\", \"email\": \"$email\", \"displayName\": \"Grafana Check\", \"password\": \"panels need some data\"}" "$base/api/auth/register")"
    signed="$(curl -s -H 'X-Territory: DK' -H 'Content-Type: application/json' \
        --data "{\"email\": \"$email\", \"password\": \"panels need some data\"}" "$base/api/auth/login")"
    access="$(sed -n 's/.*"accessToken":"\([^"]*\)".*/\1/p' <<<"$signed")"
    [ -n "$access" ] || fail "the dashboard check's admin could not sign in: token '$token', register: $registered, login: $signed"
    for i in $(seq 1 3); do
        hit -X POST -H 'X-Territory: DK' -H 'Content-Type: application/json' \
            --data "{\"email\": \"$email\", \"password\": \"not the password\"}" "$base/api/auth/login"
    done
    hit -H 'X-Territory: DK' -H "Authorization: Bearer $access" "$base/api/auth/me"
    hit -H 'X-Territory: DK' -H "Authorization: Bearer $access" "$base/api/auth/sessions"
    sleep 3 # scrapes see the new series before the load below moves them
    for i in $(seq 1 10); do
        for territory in DK NO SE FI; do
            hit -H "X-Territory: $territory" "$base/api/territories"
        done
        hit "$base/api/territories/DK"
        hit "$base/api/territories/FI"
        hit "$base/api/territories/ZZ"
        hit "$base/api/no-such-route"
        hit "$base/api/territories?limit=1000"
        hit -X POST -H "$operator_token" -H 'Content-Type: application/json' --data '{"code":' "$operator/operator/territories"
        hit -H 'X-Territory: DK' -H "Authorization: Bearer $access" "$base/api/auth/me"
        hit -H 'X-Territory: DK' -H "Authorization: Bearer $access" "$base/api/auth/sessions"
    done
    say "answers:$(tr ' ' '\n' <<<"$codes" | sed '/^$/d' | sort | uniq -c | awk '{printf " %s×%s", $1, $2}')"
    grep -q ' 2' <<<"$codes" && grep -q ' 4' <<<"$codes" || fail "the load did not get both 2xx and 4xx answers"

    sleep 3 # three more scrapes and rule evaluations
    "${helper[@]}" verify "$prom" "$dashboard"
}

ensure_tools
static_checks
if [ "${1:-}" = "--static" ]; then
    say "static checks passed"
    exit 0
fi
started=$SECONDS
live_check
say "OK in $(( SECONDS - started ))s (live part)"
