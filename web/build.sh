#!/usr/bin/env bash
# Builds web/dist/index.html: comparatif as one HTML file (the core compiled to WebAssembly,
# the repository's table.csv, datapackage.json and the workbook `comparatif export` writes for
# them, the DSFR's styles and fonts, all inlined) that works opened from disk and served over
# HTTP, and makes no request. Run from anywhere, again whenever the table changes:
#
#     web/build.sh
#
# Installs what it needs: the wasm32-unknown-unknown target (rustup) and the DSFR's stylesheet
# (npm, pinned in web/package-lock.json, no install script). The first build takes a few
# minutes; later ones only rebuild what changed. The workbook is written by the native command
# (rust_xlsxwriter is not built for the browser: see Cargo.toml): $COMPARATIF when set (the
# tests give theirs), else `cargo build --release` in target/ as CI builds it.
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
comparatif="${COMPARATIF:-}"
if [ -z "$comparatif" ]; then
    CARGO_TARGET_DIR="$PWD/target" cargo build --release --quiet --locked --bin comparatif
    comparatif="$PWD/target/release/comparatif"
fi
workbook="$CARGO_TARGET_DIR/tableau.xlsx"
rm -f "$workbook"
said=$("$comparatif" export table.csv --descriptor datapackage.json --output "$workbook" 2>&1) \
    || { printf '%s\n' "$said" >&2; echo "web/build.sh : « comparatif export table.csv » a échoué : le tableau du dépôt doit être valide" >&2; exit 2; }
python3 web/assemble.py "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/comparatif_web.wasm" "$workbook" web/dist/index.html
