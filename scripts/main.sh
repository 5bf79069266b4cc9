#!/usr/bin/env bash
# The main job on the embedded default: install what is missing, build, and run the connector
# against a bundled capture (no credentials, no network). Prints records, then a summary.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build --target bitstamp-connector
echo
echo "== bitstamp-connector replay fixtures/captures/all/one_account_two_cycles.jsonl"
./build/bitstamp-connector replay fixtures/captures/all/one_account_two_cycles.jsonl "$@"
