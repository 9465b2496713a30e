#!/usr/bin/env bash
# Builds web/dist/index.html: comparatif as one HTML file (the core compiled to WebAssembly,
# the repository's datapackage.json, the DSFR's styles and fonts, all inlined) that works opened
# from disk and served over HTTP, and makes no request. Run from anywhere:
#
#     web/build.sh
#
# Installs what it needs: the wasm32-unknown-unknown target (rustup) and the DSFR's stylesheet
# (npm, pinned in web/package-lock.json, no install script). The first build takes a few
# minutes; later ones only rebuild what changed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="$PWD/web/target"

if command -v rustup >/dev/null; then
    rustup target add wasm32-unknown-unknown >/dev/null 2>&1 \
        || { echo "web/build.sh : impossible d'installer la cible wasm32-unknown-unknown (rustup)" >&2; exit 2; }
fi
if [ ! -f web/node_modules/@gouvfr/dsfr/package.json ]; then
    (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
cargo build --release --quiet --locked --manifest-path web/Cargo.toml --target wasm32-unknown-unknown
python3 web/assemble.py "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/comparatif_web.wasm" web/dist/index.html
