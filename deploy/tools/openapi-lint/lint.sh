#!/usr/bin/env bash
# Lints OpenAPI documents with Spectral's oas ruleset (.spectral.yaml beside this script): exit 0 only
# when no error and no warning is left. ApiDocumentTest runs it on the documents a pod serves.
# Spectral's version is pinned in package-lock.json and installed beside this script on first use
# (needs Node 20.17+ with npm, and the npm registry once).
#   deploy/tools/openapi-lint/lint.sh DOCUMENT…
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
spectral="$here/node_modules/.bin/spectral"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "openapi-lint: Node (20.17 or later) with npm is needed to lint the API documents" >&2
    exit 3
fi
# node_modules/.agora-lock is the package-lock.json of the last install: reinstall when the pin changed.
if [ ! -x "$spectral" ] || ! cmp -s "$here/package-lock.json" "$here/node_modules/.agora-lock"; then
    echo "openapi-lint: installing Spectral (deploy/tools/openapi-lint/package-lock.json)…" >&2
    # --ignore-scripts: Spectral needs no install step, and one of its dependencies would phone home.
    (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error) >&2
    cp "$here/package-lock.json" "$here/node_modules/.agora-lock"
fi
exec "$spectral" lint --ruleset "$here/.spectral.yaml" --fail-severity=warn "$@"
