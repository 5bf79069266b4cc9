#!/usr/bin/env bash
# Installs every build and test dependency from Debian 12 packages (clang and its runtime for
# the libFuzzer targets of scripts/fuzz.sh, which scripts/test.sh runs briefly). Safe to run again:
# apt-get skips what is already there, and nothing is installed when all packages are present.
set -euo pipefail

packages=(
  cmake g++ make ninja-build pkg-config ca-certificates
  libcurl4-openssl-dev libssl-dev libsqlite3-dev
  nlohmann-json3-dev libsimdjson-dev
  libgtest-dev libgmock-dev googletest librapidcheck-dev libbenchmark-dev
  clang libclang-rt-14-dev
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "setup: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
