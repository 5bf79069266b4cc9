#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz/) with clang under ASan and UBSan in build-fuzz/, and runs
# each for SECONDS (default 60), as many at once as there are cores, from the committed seed
# corpus (fuzz/corpus/<target>/, never modified: new inputs go to build-fuzz/work/<target>/).
# Every target asserts the core's own invariants, not only "no crash" (fuzz/targets.hpp).
#   bash scripts/fuzz.sh          # one minute each
#   bash scripts/fuzz.sh 600      # ten minutes each
# A finding is written to build-fuzz/findings/<target>/ and the script exits 1. Reproduce it
# with ./build-fuzz/fuzz/fuzz_<target> FILE, fix it, and copy FILE into
# tests/regressions/fuzz/<target>/ (named after the bug): the normal suite replays it forever.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: bash scripts/fuzz.sh [SECONDS]   (SECONDS per target, a positive integer)" >&2
  exit 2
fi

# BITSTAMP_FUZZ_BUILD: a build whose targets are already made (scripts/test.sh's sanitizer
# pass, configured with -DBITSTAMP_FUZZ_TARGETS=ON); otherwise build-fuzz is configured and built.
targets_dir=${BITSTAMP_FUZZ_BUILD:-build-fuzz}
if [ -z "${BITSTAMP_FUZZ_BUILD:-}" ]; then
  bash scripts/setup.sh > /dev/null
  CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBITSTAMP_FUZZ=ON > /dev/null
  cmake --build build-fuzz -j "$(nproc)"
fi

targets=(responses capture config state record_json fireblocks_responses)
mkdir -p build-fuzz/logs
run_target() {
  local target=$1
  mkdir -p "build-fuzz/work/$target" "build-fuzz/findings/$target"
  # -timeout: an input taking longer than 10 s is a finding (a hang), not patience.
  "./$targets_dir/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -print_final_stats=1 \
    -artifact_prefix="build-fuzz/findings/$target/" "build-fuzz/work/$target" "fuzz/corpus/$target" \
    > "build-fuzz/logs/$target.log" 2>&1
}

echo "== fuzzing ${#targets[@]} targets for ${seconds} s each, $(nproc) at a time"
declare -A pid_of
for target in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n || true; done
  run_target "$target" &
  pid_of[$target]=$!
done
failed=0
for target in "${targets[@]}"; do
  if wait "${pid_of[$target]}"; then
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/logs/$target.log" | grep -o '[0-9]*$' || echo "?")
    echo "fuzz $target: clean, $runs inputs (log build-fuzz/logs/$target.log)"
  else
    failed=1
    echo "fuzz $target: FINDING (log build-fuzz/logs/$target.log; input in build-fuzz/findings/$target/)"
    grep -E "invariant broken|ERROR: |SUMMARY" "build-fuzz/logs/$target.log" | head -5 || true
  fi
done
exit "$failed"
