#!/usr/bin/env bash
# The main job on the embedded default: install what is missing, build, and run the connector's
# core and store against the simulated Bitstamp (no credentials, no network): a week of one
# account changing under faults and crashes, then the books checked against the account.
# Extra arguments go to `simulate` (e.g. --seed 7 --days 30 --faults none).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build-release --target bitstamp-connector
echo
echo "== bitstamp-connector simulate --seed 42 --days 7 $*"
./build-release/bitstamp-connector simulate --seed 42 --days 7 "$@"
