#!/usr/bin/env bash
# The main job on the embedded default: install what is missing, build, and run `demo`: a
# simulated Bitstamp account served on 127.0.0.1 (checking signatures, nonces and timestamps
# like Bitstamp), synced through the real libcurl adapter and signer into a fresh SQLite store,
# then the store's report. No credentials, no network beyond loopback.
# Extra arguments go to `demo` (e.g. --seed 7 --history-days 90, or --connector fireblocks).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release > /dev/null
cmake --build build-release --target bitstamp-connector
echo
echo "== bitstamp-connector demo $*"
./build-release/bitstamp-connector demo "$@"
