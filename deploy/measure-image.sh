#!/usr/bin/env bash
# Measures a service image (docs/benchmarks.md#images): its size, the time from process start to the
# first 200, and the resident memory after that first 200 and after a few hundred more requests,
# with and without its AOT cache (AGORA_AOT=off), and so what the cache costs on disk and buys at
# start. Public tools only: du, curl, /proc. Any service with an image (deploy/image.sh --list).
#
#   deploy/measure-image.sh <service> [runs] [requests]     # defaults: 7 runs, 300 requests
#   deploy/measure-image.sh <service> <runs> <requests> <label>=<image dir>[:<JVM options>]…
#
# The second form compares images or JVM options instead (each with its AOT cache): the variants'
# starts take turns, so load from other work on the machine falls on all of them alike. E.g.
#   deploy/measure-image.sh territory 7 300 before=/tmp/territory-before after=target/images/territory \
#       'c2=target/images/territory:-XX:TieredStopAtLevel=4'
#
# Builds the image when target/images/<service> is missing. Runs against the machine's PostgreSQL,
# NATS and Redis (deploy/scratch.sh) with a throwaway database and prefixes, all removed at the end.
# AGORA_MEASURE_PATH is the path timed to its first 200 and then requested, by default the service's
# ready path (agora.image.ready in its pom: /api/territories for the territory service and the pod,
# which needs the database, so it counts a real start, not just an open socket; /observe/health for
# auth, which serves no territory alone).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
service="${1:?usage: deploy/measure-image.sh <service> [runs] [requests] [<label>=<image dir>[:<JVM options>]…]}"
runs="${2:-7}"
requests="${3:-300}"
variants=("${@:4}")
# shellcheck source=deploy/image.sh
source "$root/deploy/image.sh"
# shellcheck source=deploy/scratch.sh
source "$root/deploy/scratch.sh"
if ! image_known "$service"; then
    echo "measure: no image for '$service' (known: $(image_list | paste -sd' ' -))" >&2
    exit 2
fi
path="${AGORA_MEASURE_PATH:-$(image_fact "$service" ready)}"
image="${AGORA_IMAGE_DIR:-$root/target/images/$service}"

if [ ! -x "$image/bin/$service" ]; then
    "$root/agora" image "$service"
fi

token="$(scratch_token)"
database="agora_measure_${service}_$token"
prefix="agorameasure$token"
pid=""
dirs=()
cleanup() {
    if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    scratch_db_drop "$database"
    scratch_streams_delete "$prefix"
    scratch_redis_clear "$prefix:"
    # The runs use the image directories as their AGORA_HOME: what they generated there (the operator
    # token, a key secret) is theirs, not the images'.
    local dir
    for dir in "$image" "${dirs[@]}"; do rm -rf "$dir/.agora"; done
}
trap cleanup EXIT
url="$(scratch_db_create "$database")"
port="$(scratch_free_port)"
operator="$(scratch_free_port)"
export AGORA_DB_URL="$url" AGORA_DB_USER="$scratch_pg_user" AGORA_NATS_URL="nats://$scratch_nats" \
    AGORA_REDIS_URL="redis://$scratch_redis" AGORA_EVENTS_PREFIX="$prefix" AGORA_REDIS_PREFIX="$prefix:" \
    AGORA_SECURITY_JWKS_dash_URL="$scratch_jwks_url" SERVER_PORT="$port" AGORA_OPERATOR_PORT="$operator"
log="$(mktemp)"

rss_mb() { # pid
    awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$1/status"
}

median() { # numbers on stdin
    sort -n | awk '{v[NR] = $1} END {if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

stop() {
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
}

# One start: prints "<seconds to first 200> <RSS MB then> <RSS MB after the requests> <CPU seconds to
# the first 200>". CPU time (user + system, from /proc, 10 ms ticks) moves less than wall time when
# other work shares the machine.
one_run() { # AGORA_AOT value [image directory [JVM options]]
    local start end first rss_first rss_after cpu_first dir="${2:-$image}" options="${3:-${AGORA_JAVA_OPTS:-}}"
    start="$(date +%s%N)"
    AGORA_AOT="$1" AGORA_HOME="$dir" AGORA_JAVA_OPTS="$options" "$dir/bin/$service" > "$log" 2>&1 &
    pid=$!
    until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port$path")" = 200 ]; do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "measure: the $service image stopped; its log:" >&2
            cat "$log" >&2
            exit 1
        fi
        sleep 0.005
    done
    end="$(date +%s%N)"
    first="$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.3f", (b - a) / 1e9}')"
    rss_first="$(rss_mb "$pid")"
    cpu_first="$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$pid/stat")"
    # Requests in batches of 50 over one connection each (curl reuses it for repeated URLs).
    local batch=()
    for _ in $(seq 1 50); do batch+=("http://127.0.0.1:$port$path"); done
    for _ in $(seq 1 $((requests / 50))); do
        curl -s "${batch[@]}" > /dev/null
    done
    rss_after="$(rss_mb "$pid")"
    if [ "$1" = on ] && grep -qi 'aot.*\(error\|mismatch\|disabled\|unable\)\|without the aot cache' "$log"; then
        echo "measure: the AOT cache was not used:" >&2
        grep -i aot "$log" >&2
    fi
    stop
    printf '%s %s %s %s\n' "$first" "$rss_first" "$rss_after" "$cpu_first"
}

kb() { du -sk "$1" 2>/dev/null | cut -f1; }
size() { # image directory
    printf 'total %.1f MB = runtime %.1f MB + app %.1f MB + AOT cache %.1f MB' \
        "$(bc -l <<<"$(kb "$1")/1024")" "$(bc -l <<<"$(kb "$1/runtime")/1024")" \
        "$(bc -l <<<"$(kb "$1/app")/1024")" "$(bc -l <<<"$(kb "$1/aot")/1024")"
}
summary() { # label, then one result line per run on stdin
    local results
    results="$(cat)"
    printf '  %-13s: first 200 %s s (CPU %s s), RSS %s MB after it, %s MB after %d requests   [%s]\n' "$1" \
        "$(awk '{print $1}' <<<"$results" | median)" "$(awk '{print $4}' <<<"$results" | median)" \
        "$(awk '{print $2}' <<<"$results" | median)" "$(awk '{print $3}' <<<"$results" | median)" "$requests" \
        "$(tr '\n' ';' <<<"$results" | sed 's/;/; /g')"
}

if [ "${#variants[@]}" -gt 0 ]; then
    labels=() dirs=() options=()
    for variant in "${variants[@]}"; do
        labels+=("${variant%%=*}")
        spec="${variant#*=}"
        dirs+=("${spec%%:*}")
        if [[ "$spec" == *:* ]]; then options+=("${spec#*:}"); else options+=(""); fi
    done
    # A first start migrates the fresh database and creates the seed territories: not measured.
    one_run on "${dirs[0]}" "${options[0]}" > /dev/null
    printf 'image %s, %d variants, load average before: %s\n' "$service" "${#labels[@]}" "$(cut -d" " -f1-3 /proc/loadavg)"
    for i in "${!labels[@]}"; do
        printf '  %-13s: %s%s, %s\n' "${labels[$i]}" "${dirs[$i]}" "${options[$i]:+ (${options[$i]})}" "$(size "${dirs[$i]}")"
    done
    printf '  %d runs each, taking turns, %d requests to %s after the first 200 (medians; every run listed)\n' "$runs" "$requests" "$path"
    declare -A results=()
    for _ in $(seq 1 "$runs"); do
        for i in "${!labels[@]}"; do
            results[$i]+="$(one_run on "${dirs[$i]}" "${options[$i]}")"$'\n'
        done
    done
    for i in "${!labels[@]}"; do
        printf '%s' "${results[$i]}" | grep . | summary "${labels[$i]}"
    done
    printf '  load average after: %s\n' "$(cut -d" " -f1-3 /proc/loadavg)"
    rm -f "$log"
    exit 0
fi

# A first start migrates the fresh database and creates the seed territories: not measured.
one_run on > /dev/null

printf 'image %s (%s), load average before: %s\n' "$service" "$image" "$(cut -d" " -f1-3 /proc/loadavg)"
printf '  size: %s\n' "$(size "$image")"
printf '  %d runs each, %d requests to %s after the first 200 (medians; every run listed)\n' "$runs" "$requests" "$path"
declare -A medians=()
for mode in on off; do
    results="$(for _ in $(seq 1 "$runs"); do one_run "$mode"; done)"
    summary "AOT cache $mode" <<<"$results"
    for column in 1 2 3 4; do
        medians[$mode$column]="$(awk -v c="$column" '{print $c}' <<<"$results" | median)"
    done
done
# What the cache costs and buys: its size on disk against the start it saves (medians, on − off).
printf '  the AOT cache: %.1f MB on disk; first 200 %+.3f s (CPU %+.2f s), RSS %+.1f MB after it, %+.1f MB after %d requests\n' \
    "$(bc -l <<<"$(kb "$image/aot")/1024")" \
    "$(bc -l <<<"${medians[on1]} - ${medians[off1]}")" "$(bc -l <<<"${medians[on4]} - ${medians[off4]}")" \
    "$(bc -l <<<"${medians[on2]} - ${medians[off2]}")" "$(bc -l <<<"${medians[on3]} - ${medians[off3]}")" "$requests"
printf '  load average after: %s\n' "$(cut -d" " -f1-3 /proc/loadavg)"
rm -f "$log"
