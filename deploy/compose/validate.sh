#!/usr/bin/env bash
# Checks the compose files and Dockerfiles under deploy/ without a Docker engine (CI has none):
#   - `docker compose config` (the Compose plugin) when present, else `docker-compose config` (v1.29,
#     Debian's package docker-compose, installed with apt-get when missing and we are root), once per
#     file and once more per profile it declares;
#   - every Dockerfile copies an image directory that `./agora image` builds and starts its script.
# Secrets the compose files require are given dummy values here, only for the check.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "validate: installing docker-compose (Debian package) to check the compose files"
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null 2>&1; then
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
    fi
    compose=(docker-compose)
else
    echo "validate: neither 'docker compose' nor 'docker-compose' is installed (apt-get install docker-compose)" >&2
    exit 1
fi

export AGORA_DB_PASSWORD="${AGORA_DB_PASSWORD:-validate-only}"
export AGORA_WEB_CURSOR_SECRET="${AGORA_WEB_CURSOR_SECRET:-validate-only-validate-only-validate-only}"

checked=0
failed=0
for file in deploy/compose/*.yaml; do
    profiles="$(grep -o 'profiles: *\[[^]]*\]' "$file" | grep -o '"[^"]*"' | tr -d '"' | sort -u)" || true
    for profile in "" $profiles; do
        args=(-f "$file")
        if [ -n "$profile" ]; then args+=(--profile "$profile"); fi
        if "${compose[@]}" "${args[@]}" config -q; then
            checked=$((checked + 1))
        else
            echo "validate: $file${profile:+ (profile $profile)} is not valid" >&2
            failed=$((failed + 1))
        fi
    done
    # Mounted files and directories written elsewhere (Prometheus, Grafana) may not be there yet.
    for mount in $(grep -o '\.\./[^:]*:/' "$file" | sed 's/:\/$//' | sort -u); do
        if [ ! -e "deploy/compose/$mount" ]; then
            echo "validate: note: $file mounts $mount, which does not exist (yet)"
        fi
    done
done

for dockerfile in deploy/*/Dockerfile; do
    service="$(basename "$(dirname "$dockerfile")")"
    if ! grep -q "^COPY target/images/$service /opt/agora$" "$dockerfile" \
            || ! grep -q "^ENTRYPOINT \[\"/opt/agora/bin/$service\"\]$" "$dockerfile" \
            || ! grep -q "^$service agora\.$service/agora\.$service\.Main " agora; then
        echo "validate: $dockerfile does not run the image ./agora image $service builds" >&2
        failed=$((failed + 1))
    else
        checked=$((checked + 1))
    fi
done

# The compose network's Prometheus configuration, with the rules it mounts beside it: the compose file
# mounts both where the configuration expects them, its jobs are jobs of deploy/prometheus/prometheus.yml
# (the alert rules and the dashboard select on those names), and promtool accepts it.
compose_jobs="$(grep -o 'job_name: *[a-z-]*' deploy/compose/prometheus/prometheus.yml | awk '{print $2}' | sort)"
main_jobs="$(grep -o 'job_name: *[a-z-]*' deploy/prometheus/prometheus.yml | awk '{print $2}' | sort)"
unknown_jobs="$(comm -23 <(echo "$compose_jobs") <(echo "$main_jobs"))"
if [ -n "$unknown_jobs" ]; then
    echo "validate: deploy/compose/prometheus/prometheus.yml has jobs deploy/prometheus/prometheus.yml lacks: $unknown_jobs" >&2
    failed=$((failed + 1))
elif ! grep -q '^ *- \./prometheus/prometheus\.yml:/etc/prometheus/prometheus\.yml:ro$' deploy/compose/pod-dk.yaml \
        || ! grep -q '^ *- \.\./prometheus/rules:/etc/prometheus/rules:ro$' deploy/compose/pod-dk.yaml \
        || ! grep -q '^ *- --config\.file=/etc/prometheus/prometheus\.yml$' deploy/compose/pod-dk.yaml; then
    echo "validate: deploy/compose/pod-dk.yaml does not mount the compose Prometheus configuration and deploy/prometheus/rules in /etc/prometheus" >&2
    failed=$((failed + 1))
else
    checked=$((checked + 1))
fi
if command -v promtool >/dev/null 2>&1; then
    promdir="$(mktemp -d)"
    cp deploy/compose/prometheus/prometheus.yml "$promdir/"
    cp -r deploy/prometheus/rules "$promdir/rules"
    if promtool check config "$promdir/prometheus.yml" >/dev/null; then
        checked=$((checked + 1))
    else
        echo "validate: deploy/compose/prometheus/prometheus.yml does not pass promtool check config" >&2
        failed=$((failed + 1))
    fi
    rm -rf "$promdir"
else
    echo "validate: promtool missing; deploy/check-dashboard.sh installs it (skipping the compose Prometheus check)"
fi

echo "validate: $checked checks, $failed failing"
[ "$failed" -eq 0 ]
