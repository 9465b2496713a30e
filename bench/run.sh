#!/usr/bin/env bash
# Benchmarks of comparatif, printed as a Markdown table for the README.
#
#   bench/run.sh                 # check on 10k, 100k and 1M rows (+ frictionless on 10k)
#   bench/run.sh 10000 100000    # only these sizes
#   BENCH_RUNS=3 bench/run.sh    # fewer runs per measure (default: 10, 3 from 1M rows)
#   BENCH_HYPERFINE=0 bench/run.sh  # time with a plain loop instead of hyperfine
#
# What it does: builds the release binary, generates valid tables with bench/generate.py into
# bench/data/ (kept between runs, regenerated when the generator or table.csv changes), then
# for each benchmark measures the wall time with hyperfine (mean ± σ over several runs, one
# warm-up) — or a plain loop when hyperfine cannot be installed — and the peak resident memory
# with GNU time (`/usr/bin/time -f %M`). Every measured command must succeed (exit 0). The CPU
# column (mean user + system time) is steadier than wall time on a busy machine.
#
# Adding a benchmark (PDF, PNG, HTML…): write a `bench_NAME` function that calls
# `measure LABEL ROWS INPUT_FILE -- COMMAND…` once per case, and add NAME to BENCHES below.
# Needs: cargo, python3; installs the Debian packages hyperfine and time when missing (root).
# Takes about 2 minutes on a 2-core machine.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=$ROOT/bench/data
BIN=$ROOT/target/release/comparatif
DESCRIPTOR=$ROOT/datapackage.json
BENCHES=(check frictionless)
if [ $# -gt 0 ]; then SIZES=("$@"); else SIZES=(10000 100000 1000000); fi
# frictionless is slow (about 0.2 ms per row): compared on the smallest size only.
FRICTIONLESS_ROWS=10000

say() { printf '%s\n' "$*" >&2; }

# Installs a Debian package when COMMAND is missing (only as root, only that package).
ensure() {
  local command=$1 package=$2
  command -v "$command" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installation de $package…"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 ||
      { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1; } ||
      true
  fi
  command -v "$command" >/dev/null 2>&1
}

if [ "${BENCH_HYPERFINE:-1}" = 0 ]; then HYPERFINE=0; else
  ensure hyperfine hyperfine && HYPERFINE=1 || { HYPERFINE=0; say "hyperfine absent : mesure par une simple boucle"; }
fi
ensure /usr/bin/time time || { say "GNU time (/usr/bin/time) est nécessaire pour la mémoire"; exit 2; }

say "compilation (release)…"
cargo build --release --quiet

# table FILE for ROWS rows, generated once (again when its inputs are newer).
table() {
  local rows=$1 file=$DATA/table-$1.csv
  if [ ! -s "$file" ] || [ "$ROOT/bench/generate.py" -nt "$file" ] || [ "$ROOT/table.csv" -nt "$file" ]; then
    say "génération de $rows lignes…"
    mkdir -p "$DATA"
    python3 "$ROOT/bench/generate.py" "$rows" "$file.tmp"
    mv "$file.tmp" "$file"
  fi
  printf '%s\n' "$file"
}

human_size() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1" | sed 's/\([0-9]\)\([KMG]\)/\1 \2/'; }
rows_label() {
  case $1 in
    *000000) printf '%sM' "${1%000000}" ;;
    *000) printf '%sk' "${1%000}" ;;
    *) printf '%s' "$1" ;;
  esac
}

RESULTS=()
# measure LABEL ROWS INPUT_FILE -- COMMAND…: times COMMAND, then its peak RSS; adds a row.
measure() {
  local label=$1 rows=$2 input=$3
  shift 4
  local runs=${BENCH_RUNS:-$([ "$rows" -ge 1000000 ] && echo 3 || echo 10)}
  local json=$DATA/last.json time_text
  say "mesure : $label, $(rows_label "$rows") lignes ($runs exécutions)…"
  if [ "$HYPERFINE" = 1 ]; then
    local quoted
    quoted=$(printf '%q ' "$@")
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$json" -- "$quoted" >/dev/null
    time_text=$(python3 - "$json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(f"{r['mean']:.3f} s ± {r['stddev'] or 0:.3f} s | {r['user'] + r['system']:.3f} s")
EOF
)
  else
    time_text=$(python3 - "$runs" "$@" <<'EOF2'
import resource, statistics, subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
quiet = dict(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
subprocess.run(command, **quiet)  # warm-up
times = []
before = resource.getrusage(resource.RUSAGE_CHILDREN)
for _ in range(runs):
    start = time.perf_counter()
    subprocess.run(command, **quiet)
    times.append(time.perf_counter() - start)
sigma = statistics.stdev(times) if len(times) > 1 else 0
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) / runs
print(f"{statistics.mean(times):.3f} s ± {sigma:.3f} s | {cpu:.3f} s")
EOF2
)
  fi
  local rss_kib
  rss_kib=$(/usr/bin/time -f %M -o "$DATA/last.rss" "$@" >/dev/null 2>&1 && tail -n 1 "$DATA/last.rss") ||
    { say "échec de : $*"; exit 1; }
  RESULTS+=("| $label | $(rows_label "$rows") | $(human_size "$(stat -c %s "$input")") | $time_text | $(human_size $((rss_kib * 1024))) |")
}

bench_check() {
  local rows file
  for rows in "${SIZES[@]}"; do
    file=$(table "$rows")
    measure "comparatif check" "$rows" "$file" -- "$BIN" check "$file" --descriptor "$DESCRIPTOR"
  done
}

bench_frictionless() {
  command -v frictionless >/dev/null 2>&1 || { say "frictionless absent : comparaison omise"; return 0; }
  local rows=$FRICTIONLESS_ROWS file descriptor
  file=$(table "$rows")
  descriptor=$DATA/datapackage-$rows.json
  # The same descriptor, pointing at the generated table.
  python3 - "$DESCRIPTOR" "$descriptor" "$(basename "$file")" <<'EOF'
import json, sys
package = json.load(open(sys.argv[1], encoding="utf-8"))
package["resources"][0]["path"] = sys.argv[3]
json.dump(package, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False, indent=2)
EOF
  BENCH_RUNS=${BENCH_RUNS:-3} measure "frictionless validate" "$rows" "$file" -- frictionless validate "$descriptor"
}

for bench in "${BENCHES[@]}"; do
  "bench_$bench"
done
rm -f "$DATA/last.json" "$DATA/last.rss"

printf '\nMachine : %s cœurs, %s\n\n' "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
printf '| benchmark | rows | file size | time (mean ± σ) | CPU (user + sys) | peak RSS |\n'
printf '| --- | ---: | ---: | ---: | ---: | ---: |\n'
printf '%s\n' "${RESULTS[@]}"
