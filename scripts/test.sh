#!/usr/bin/env bash
# Builds everything and runs every test: C++ (domain, storage, service over
# gRPC), the gateway's Go tests, and the end-to-end tests through the real
# binaries.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
ctest --test-dir build --output-on-failure --timeout 600 -j "$(nproc)"
