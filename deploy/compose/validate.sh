#!/usr/bin/env bash
# Checks the compose files and Dockerfiles under deploy/ without a Docker engine (CI has none):
#   - `docker compose config` (the Compose plugin) when present, else `docker-compose config` (v1.29,
#     Debian's package docker-compose, installed with apt-get when missing and we are root), once per
#     file and once more per profile it declares;
#   - there is one Dockerfile, deploy/Dockerfile, which copies the image directory deploy/image.sh
#     builds for its SERVICE build argument and starts its script; the compose files build every Agora
#     container with it, for services that have an image (deploy/image.sh --list), and their split
#     services are the ones the compose Prometheus discovers (built images that no longer match their
#     poms are noted);
#   - the compose network's Prometheus configuration (jobs, mounts, promtool).
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
export AGORA_AUTH_KEYS_SECRET="${AGORA_AUTH_KEYS_SECRET:-dmFsaWRhdGUtb25seS12YWxpZGF0ZS1vbmx5LXZhbGk=}"

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

# One Dockerfile, parameterised by SERVICE, for the image directories deploy/image.sh builds.
# shellcheck source=deploy/image.sh
source deploy/image.sh
images="$(image_list | paste -sd' ' -)"
others="$(find deploy -name Dockerfile -not -path deploy/Dockerfile)"
if [ -n "$others" ]; then
    echo "validate: one Dockerfile (deploy/Dockerfile, --build-arg SERVICE=…) serves every image; also found: $others" >&2
    failed=$((failed + 1))
elif ! grep -q '^ARG SERVICE$' deploy/Dockerfile \
        || ! grep -qxF 'COPY target/images/${SERVICE}/os-packages /tmp/os-packages' deploy/Dockerfile \
        || ! grep -qxF 'COPY target/images/${SERVICE} /opt/agora' deploy/Dockerfile \
        || ! grep -qxF 'RUN ln -s "$SERVICE" /opt/agora/bin/start \' deploy/Dockerfile \
        || ! grep -qF 'trained="$(cat /opt/agora/aot/trained-at)"' deploy/Dockerfile \
        || ! grep -qF '> "$image/aot/trained-at"' deploy/image.sh \
        || ! grep -qxF 'ENTRYPOINT ["/opt/agora/bin/start"]' deploy/Dockerfile \
        || ! grep -qF '> "$image/bin/$service"' deploy/image.sh \
        || ! grep -qF '> "$image/os-packages"' deploy/image.sh; then
    echo "validate: deploy/Dockerfile does not copy target/images/\${SERVICE} (its os-packages, then all of it), link the" \
        "AOT cache's training directory (aot/trained-at) to it and start its bin/\${SERVICE} through bin/start, as" \
        "deploy/image.sh builds it" >&2
    failed=$((failed + 1))
else
    checked=$((checked + 1))
fi
# Images already built (target/images/<service>) carry the start script and the packages of their pom;
# an older one is only noted (CI rebuilds every image after this check).
for service in $images; do
    image="target/images/$service"
    if [ ! -d "$image" ]; then continue; fi
    if [ ! -x "$image/bin/$service" ] || [ "$(cat "$image/os-packages" 2>/dev/null)" != "$(image_fact "$service" packages)" ]; then
        echo "validate: note: $image lacks bin/$service or os-packages, or they differ from agora.image.packages in" \
            "modules/$service/pom.xml: rebuild it before docker build (./agora image $service)"
    fi
done

# Every container a compose file builds is built with deploy/Dockerfile for a service that has an
# image, and the services of its profiles are what its Prometheus discovers by name (dns_sd_configs).
if ! python3 -c 'import yaml' 2>/dev/null && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null 2>&1 \
        || { apt-get update -qq >/dev/null; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-yaml >/dev/null; }
fi
for file in deploy/compose/*.yaml; do
    if python3 - "$file" "$images" <<'PYTHON'
import os, sys, yaml
file, images = sys.argv[1], set(sys.argv[2].split())
root = os.getcwd()
with open(file, encoding="utf-8") as f:
    services = (yaml.safe_load(f) or {}).get("services") or {}
errors, split = [], set()
for name, service in services.items():
    build = service.get("build")
    if build is None:
        continue
    if isinstance(build, str):
        build = {"context": build}
    context = os.path.abspath(os.path.join(os.path.dirname(file), build.get("context", ".")))
    dockerfile = os.path.normpath(os.path.join(context, build.get("dockerfile", "Dockerfile")))
    args = build.get("args") or {}
    if isinstance(args, list):
        args = dict(arg.split("=", 1) for arg in args)
    if dockerfile != os.path.join(root, "deploy", "Dockerfile") or context != root:
        errors.append(f"{name} is not built from the repository's root with deploy/Dockerfile")
    elif args.get("SERVICE") not in images:
        errors.append(f"{name} builds SERVICE={args.get('SERVICE')!r}, which has no image (images: {' '.join(sorted(images))})")
    elif service.get("profiles"):
        split.add(name)
# The Prometheus configuration the file mounts: its Agora jobs discover exactly the profiles' services.
mounted = [volume.split(":")[0] for service in services.values() for volume in service.get("volumes") or []
           if isinstance(volume, str) and volume.split(":")[1:2] == ["/etc/prometheus/prometheus.yml"]]
for prometheus in (os.path.normpath(os.path.join(os.path.dirname(file), m)) for m in mounted):
    with open(prometheus, encoding="utf-8") as f:
        jobs = yaml.safe_load(f)["scrape_configs"]
    for job in jobs:
        if not job["job_name"].startswith("agora"):
            continue
        names = {n for sd in job.get("dns_sd_configs", []) for n in sd.get("names", [])}
        if names != split:
            errors.append(f"{prometheus} job {job['job_name']} discovers {sorted(names)}, the profiles' services are {sorted(split)}")
for e in errors:
    print(f"validate: {file}: {e}", file=sys.stderr)
sys.exit(1 if errors else 0)
PYTHON
    then
        checked=$((checked + 1))
    else
        failed=$((failed + 1))
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
