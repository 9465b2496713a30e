#!/usr/bin/env bash
# Benchmark of the browser page in Chromium (see bench/web.mjs): builds the page, generates a
# 1,000-row table, prints a Markdown table for docs/performance.md.
#
#     bench/web.sh              # BENCH_RUNS=5 fresh browsers by default
set -euo pipefail
cd "$(dirname "$0")/.."
web/build.sh
[ -d tests/browser/node_modules/puppeteer-core ] \
    || (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
mkdir -p bench/data
[ -s bench/data/table-1000.csv ] || python3 bench/generate.py 1000 bench/data/table-1000.csv
node bench/web.mjs "$PWD/bench/data/table-1000.csv"
