#!/usr/bin/env bash
# Rewrites fixtures/golden/**.records.jsonl and fixtures/fireblocks/golden/**.records.jsonl from
# the current build's replay of each capture,
# and the pinned simulate trace hash.
# Only for an intended change of output: read `git diff fixtures/golden` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --build build --target bitstamp-connector > /dev/null
find fixtures/captures fixtures/fireblocks/captures -name '*.jsonl' | sort | while read -r capture; do
  golden="${capture/\/captures\//\/golden\/}"
  golden="${golden%.jsonl}.records.jsonl"
  mkdir -p "$(dirname "$golden")"
  task=$(basename "$(dirname "$capture")")  # captures are grouped by tasks: "accounts+enrichment"
  extra=()
  if [ -f "${capture%.jsonl}.args" ]; then read -r -a extra < "${capture%.jsonl}.args"; fi
  ./build/bitstamp-connector replay "$capture" --tasks "${task//+/,}" --quiet "${extra[@]}" > "$golden" 2> /dev/null
  echo "wrote $golden"
done
# The pinned trace hash of `simulate --seed 42` (checked in every build type by simulator_tests).
./build/bitstamp-connector simulate --seed 42 | awk '/^trace-hash/ {print $2}' > fixtures/simulator/seed-42.trace-hash
echo "wrote fixtures/simulator/seed-42.trace-hash"
./build/bitstamp-connector simulate --connector fireblocks --seed 42 | awk '/^trace-hash/ {print $2}' > fixtures/simulator/fireblocks-seed-42.trace-hash
echo "wrote fixtures/simulator/fireblocks-seed-42.trace-hash"
