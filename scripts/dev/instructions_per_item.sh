#!/usr/bin/env bash
# Instructions per item of one benchmark, by callgrind: runs the benchmark twice (short and
# longer), counts the instructions inside its function each time, and divides the difference by
# the difference in items, so the setup (building the page, the tables) cancels out.
# Usage: scripts/dev/instructions_per_item.sh BENCHMARK_NAME [BENCH_BINARY]
#   e.g. scripts/dev/instructions_per_item.sh BM_MapUserTransactionsPage
set -euo pipefail
name="$1"
binary="${2:-build-release/bench/bitstamp_bench}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

measure() {  # min_time -> "instructions items"
  valgrind --tool=callgrind --callgrind-out-file="$work/out" --toggle-collect="*::${name}(benchmark::State&)" \
    "$binary" --benchmark_filter="^${name}\$" --benchmark_min_time="$1" \
    --benchmark_format=json --benchmark_out="$work/json" --v=2 >"$work/log" 2>&1
  local instructions iterations per_iteration
  instructions=$(grep '^summary:' "$work/out" | awk '{print $2}')
  # Every run the library made (its estimation runs too), as its log says: "Running NAME for N".
  iterations=$(grep -o "Running ${name} for [0-9]*" "$work/log" | awk '{s += $NF} END {print s}')
  per_iteration=$(python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["benchmarks"][0]; print(round(b["items_per_second"]*b["cpu_time"]/{"ns":1e9,"us":1e6,"ms":1e3,"s":1}[b["time_unit"]]))' "$work/json")
  echo "$instructions $((iterations * per_iteration))"
}

read -r small_instructions small_items < <(measure 0.05)
read -r large_instructions large_items < <(measure 1.5)
python3 - "$name" "$small_instructions" "$small_items" "$large_instructions" "$large_items" <<'PY'
import sys
name, si, sn, li, ln = sys.argv[1], *map(int, sys.argv[2:])
if ln <= sn:
    sys.exit(f"{name}: the longer run did not process more items ({sn} then {ln})")
print(f"{name}: {(li - si) / (ln - sn):,.0f} instructions per item ({ln - sn:,} items between the two runs)")
PY
