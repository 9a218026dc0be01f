#!/usr/bin/env bash
# Configures and builds everything (service, tests, gateway) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
source scripts/lib/ccache.sh
generator=()
if [ ! -f build/CMakeCache.txt ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
# BILLING_CMAKE_ARGS: extra cache settings (scripts/test.sh sets -Werror).
# shellcheck disable=SC2086
cmake -S . -B build "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo $BILLING_LAUNCHER ${BILLING_CMAKE_ARGS:-} >/dev/null
cmake --build build -j "$(nproc)"
