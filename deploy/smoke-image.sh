#!/usr/bin/env bash
# CI's smoke test of a service image: builds it (./agora image), starts it against the machine's
# PostgreSQL, NATS and Redis (deploy/scratch.sh: a throwaway database, stream and key prefixes, free
# ports on 127.0.0.1), and checks, as an operator would. The same checks for every image; what differs
# comes from the service's pom (agora.image.*, deploy/image.sh):
#   - it answers 200 on its ready path (agora.image.ready) and on /observe/health, also through
#     deploy/Dockerfile's own HEALTHCHECK command;
#   - the service's own checks (agora.image.smoke: a status and texts per request), e.g. the
#     territory service lists DK, NO and SE (created at first start);
#   - its training requests (agora.image.warmup) answer without a 5xx; every refusal, there, in its own
#     checks and for an unknown route, is application/problem+json;
#   - /openapi documents every path of every OpenAPI fragment (agora-openapi/*.yaml) in its jars;
#   - the operator listener wants the operator token the image generated (mode 600) and refuses browsers;
#   - /observe/metrics answers in Prometheus text and OpenMetrics, with the JVM's, HTTP and pool meters
#     (what Prometheus scrapes; images leave out metrics jars, see deploy/image.sh image_drop_jars);
#   - the JVM used the image's AOT cache (the start script found it usable where the image is; no AOT
#     error or warning in the log);
#   - every event its first start wrote to an outbox was published to NATS JetStream (jnats runs
#     without Bouncy Castle): the outboxes drain and the streams hold at least as many messages;
#   - SIGTERM stops it within 15 s.
#
#   deploy/smoke-image.sh <service> [--no-build]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
service="${1:?usage: deploy/smoke-image.sh <service> [--no-build]}"
image="$root/target/images/$service"
# shellcheck source=deploy/image.sh
source "$root/deploy/image.sh"
# shellcheck source=deploy/scratch.sh
source "$root/deploy/scratch.sh"

if ! image_known "$service"; then
    echo "smoke: no image for '$service' (known: $(image_list | paste -sd' ' -))" >&2
    exit 2
fi
ready="$(image_fact "$service" ready)"
warmup="$(image_fact "$service" warmup)"
checks="$(image_fact "$service" smoke)"

if [ "${2:-}" != --no-build ]; then
    "$root/agora" image "$service"
fi

token="$(scratch_token)"
database="agora_smoke_${service}_$token"
prefix="agorasmoke$token"
log="$root/target/smoke-$service.log"
pid=""
cleanup() {
    if [ -n "$pid" ]; then kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
    scratch_db_drop "$database"
    scratch_streams_delete "$prefix"
    scratch_redis_clear "$prefix:"
}
trap cleanup EXIT
fail() {
    echo "smoke: $service image: $*" >&2
    echo "smoke: its log ($log):" >&2
    tail -n 60 "$log" >&2
    exit 1
}

url="$(scratch_db_create "$database")"
port="$(scratch_free_port)"
operator="$(scratch_free_port)"
(
    export AGORA_DB_URL="$url" AGORA_DB_USER="$scratch_pg_user" AGORA_NATS_URL="nats://$scratch_nats" \
        AGORA_REDIS_URL="redis://$scratch_redis" AGORA_EVENTS_PREFIX="$prefix" AGORA_REDIS_PREFIX="$prefix:" \
        AGORA_SECURITY_JWKS_dash_URL="$scratch_jwks_url" SERVER_PORT="$port" AGORA_OPERATOR_PORT="$operator" AGORA_HOME="$root/target"
    exec "$image/bin/$service"
) > "$log" 2>&1 &
pid=$!
base="http://127.0.0.1:$port"

deadline=$((SECONDS + 60))
while :; do
    status="$(curl -s -o /dev/null -w '%{http_code}' "$base$ready" || true)"
    if [ "$status" = 200 ]; then
        break
    fi
    if ! kill -0 "$pid" 2>/dev/null; then fail "stopped before answering"; fi
    if [ "$SECONDS" -ge "$deadline" ]; then fail "no 200 from $ready within 60 s (last status $status)"; fi
    sleep 0.2
done
echo "smoke: $service image answers 200 on $ready"

status="$(curl -s -o /dev/null -w '%{http_code}' "$base/observe/health" || true)"
[ "$status" = 200 ] || fail "/observe/health answers $status"
# deploy/Dockerfile's HEALTHCHECK, run as Docker would run it (exec form), against this process.
healthcheck="$(python3 -c 'import json, re, sys
text = open(sys.argv[1]).read().replace("\\\n", " ")
print(json.dumps(json.loads(re.search(r"HEALTHCHECK.*?CMD (\[.*\])", text).group(1))))' "$root/deploy/Dockerfile")"
mapfile -t command < <(python3 -c 'import json, sys; print("\n".join(json.loads(sys.argv[1])))' "$healthcheck")
if [ "${#command[@]}" -lt 2 ] || ! SERVER_PORT="$port" "${command[@]}"; then fail "deploy/Dockerfile's HEALTHCHECK command fails"; fi
echo "smoke: /observe/health answers 200, also to deploy/Dockerfile's HEALTHCHECK"

# One request of a list: prints "<status> <content type>" and leaves the body in $answer_file.
answer_file="$(mktemp)"
trap 'rm -f "$answer_file"; cleanup' EXIT
ask() { # item
    image_request "$base" "$1" -o "$answer_file" -w '%{http_code} %{content_type}\n' || echo "000 -"
}
problem_if_refused() { # item status content-type
    if [ "$2" -ge 400 ] && [[ "$3" != application/problem+json* ]]; then
        fail "$1 answered $2 as '$3', not application/problem+json: $(head -c 300 "$answer_file")"
    fi
}

status_matches() { # status wanted: 200, 4xx, 401|404
    local alternative alternatives
    IFS='|' read -ra alternatives <<<"$2"
    for alternative in "${alternatives[@]}"; do
        # shellcheck disable=SC2053 # a pattern on purpose: 4xx is 4[0-9][0-9]
        if [[ "$1" == ${alternative//x/[0-9]} ]]; then return 0; fi
    done
    return 1
}

# The service's own checks: "METHOD PATH [BODY] -> STATUS [TEXT…]".
while IFS= read -r item; do
    request="${item%% -> *}"
    read -r want texts <<<"${item#* -> }"
    read -r status type < <(ask "$request")
    status_matches "$status" "$want" || fail "$request answered $status, expected $want: $(head -c 300 "$answer_file")"
    problem_if_refused "$request" "$status" "$type"
    for text in $texts; do
        grep -qF -- "$text" "$answer_file" || fail "$request: the answer lacks $text: $(head -c 300 "$answer_file")"
    done
    echo "smoke: $request -> $status${texts:+ with $texts}"
done < <(image_items "$checks")

# The training run's requests, once each: no server error, refusals as problems.
answers=()
while IFS= read -r item; do
    read -r status type < <(ask "$item")
    if [ "$status" = 000 ] || [ "$status" -ge 500 ]; then fail "$item (a training request) answered $status: $(head -c 300 "$answer_file")"; fi
    problem_if_refused "$item" "$status" "$type"
    answers+=("$item -> $status")
done < <(image_items "$warmup")
echo "smoke: its training requests answer ($(IFS=';'; echo "${answers[*]}" | sed 's/;/; /g'))"

read -r status type < <(ask "GET /api/no-such-route")
[ "$status" = 404 ] || fail "an unknown route answered $status, not 404"
problem_if_refused "GET /api/no-such-route" "$status" "$type"
echo "smoke: an unknown route answers 404 as a problem"

# The served documents cover every OpenAPI fragment the image ships (the service's, the platform's):
# the public listener's /openapi the public paths, the operator listener's the /operator ones.
operator_document="$(mktemp)"
trap 'rm -f "$answer_file" "$operator_document"; cleanup' EXIT
curl -sf -o "$answer_file" "$base/openapi" || fail "/openapi failed"
# The operator listener answers only with the token the image generated under its AGORA_HOME (mode 600).
token_file="$root/target/.agora/operator.token"
[ "$(stat -c %a "$token_file" 2>/dev/null)" = 600 ] || fail "no operator token file of mode 600 at $token_file"
status="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$operator/openapi" || true)"
[ "$status" = 401 ] || fail "the operator listener answered $status without the operator token, not 401"
status="$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(cat "$token_file")" \
    -H 'Origin: https://evil.example' "http://127.0.0.1:$operator/openapi" || true)"
[ "$status" = 403 ] || fail "the operator listener answered $status to a browser's request, not 403"
curl -sf -o "$operator_document" -H "Authorization: Bearer $(cat "$token_file")" "http://127.0.0.1:$operator/openapi" \
    || fail "the operator listener's /openapi failed"
echo "smoke: the operator listener refuses requests without its token (401) and browsers' (403)"
missing="$(python3 - "$answer_file" "$operator_document" "$image/app" <<'PYTHON'
import glob, json, re, sys, zipfile
PATH = re.compile(r"^  (/[^\s:]*):\s*$", re.M)
def served(file):
    text = open(file, encoding="utf-8").read()
    try:
        return set(json.loads(text).get("paths", {}))
    except ValueError:
        return set(PATH.findall(text))
public, operator = served(sys.argv[1]), served(sys.argv[2])
wanted = {}
for jar in sorted(glob.glob(sys.argv[3] + "/*.jar")):
    with zipfile.ZipFile(jar) as z:
        for name in z.namelist():
            if re.fullmatch(r"agora-openapi/[^/]+\.ya?ml", name):
                for path in PATH.findall(z.read(name).decode("utf-8")):
                    wanted.setdefault(path, name)
print(f"{len(wanted)} paths of {len(set(wanted.values()))} fragments; {len(public)} public, {len(operator)} operator paths served")
for path, name in sorted(wanted.items()):
    if path not in (operator if path.startswith("/operator/") else public):
        print(f"{path} ({name})")
PYTHON
)" || fail "reading the served OpenAPI documents and the image's fragments failed"
summary="$(head -n 1 <<<"$missing")"
missing="$(tail -n +2 <<<"$missing")"
[ -z "$missing" ] || fail "the served OpenAPI documents lack: $(paste -sd' ' - <<<"$missing")"
echo "smoke: /openapi (public and operator listener) documents every path of the image's OpenAPI fragments ($summary)"

# Prometheus 2.x asks for OpenMetrics first; a plain request gets the Prometheus text format.
for accept in 'text/plain;version=0.0.4' \
        'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'; do
    # Read whole first: grep -q stops early, and under pipefail curl's broken pipe would fail the check.
    metrics="$(curl -sf -H "Accept: $accept" "$base/observe/metrics")" || fail "/observe/metrics failed (Accept: $accept)"
    for name in jvm_memory_used_bytes process_cpu_time_ns_total http_server_requests_seconds_count agora_db_pool_connections; do
        grep -q "^$name" <<<"$metrics" || fail "/observe/metrics (Accept: $accept) lacks $name"
    done
done
echo "smoke: /observe/metrics answers (Prometheus text and OpenMetrics) with JVM, HTTP and pool meters"

if grep -E '\[(error|warning) *\]\[aot' "$log" >/dev/null; then fail "the JVM did not use the AOT cache cleanly"; fi
if grep -F 'starting without the AOT cache' "$log" >/dev/null; then fail "the start script did not use the AOT cache"; fi

# Whatever its first start wrote to an outbox (the territory service: territory.created for DK, NO and
# SE, pod-wide) went out through the relay to JetStream.
rows=0 unsent=0 messages=0
for _ in $(seq 1 50); do
    read -r rows unsent < <(scratch_outbox_counts "$database")
    messages="$(scratch_streams_messages "$prefix")"
    if [ "$unsent" -eq 0 ] && [ "$messages" -ge "$rows" ]; then break; fi
    sleep 0.2
done
if [ "$unsent" -ne 0 ] || [ "$messages" -lt "$rows" ]; then
    fail "of $rows events in its outboxes $unsent are unsent; the streams ${prefix^^}_* hold $messages messages"
fi
if [ "$rows" -eq 0 ]; then
    echo "smoke: its first start wrote no events (its outboxes are empty)"
else
    echo "smoke: the first start's $rows events are in JetStream (streams ${prefix^^}_*: $messages messages)"
fi

kill -TERM "$pid"
for _ in $(seq 1 150); do
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.1
done
if kill -0 "$pid" 2>/dev/null; then fail "still running 15 s after SIGTERM"; fi
wait "$pid" || true
pid=""
echo "smoke: $service image stops on SIGTERM; smoke test passed"
