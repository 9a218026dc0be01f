#!/usr/bin/env bash
# Builds everything and runs every test: C++ (domain, storage, service over
# gRPC; storage and service on SQLite and on PostgreSQL), the gateway's Go
# tests, the end-to-end tests through the real binaries, sanitizers, fuzzing,
# the contract checks (tests/contract) and the benchmark's smoke run. Each
# phase prints its duration; the total must stay well under CI's 90 minutes
# (aim: 30 on a 2-core machine with warm caches).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/phases.sh

# -Werror here (not in run.sh): a new compiler warning fails CI.
export BILLING_CMAKE_ARGS="-DBILLING_WERROR=ON ${BILLING_CMAKE_ARGS:-}"

phase "build" scripts/build.sh
# The PostgreSQL suites need a server: with-postgres.sh starts a throwaway
# one (installing Debian's postgresql when missing) around ctest.
phase "ctest" scripts/with-postgres.sh ctest --test-dir build --output-on-failure --timeout 600 -j "$(nproc)"
# Budgets on 2 cores: sanitizers (own tree, test targets only) <= 8 min
# (the timeout allows for a cold ccache on a loaded machine),
# fuzzing (4 targets x BILLING_FUZZ_SECONDS=20, plus its build) <= 2 min.
phase "sanitizers" timeout 1500 scripts/with-postgres.sh scripts/sanitize.sh
phase "fuzz" timeout 600 scripts/fuzz.sh
# The published contract against the tools a user points at it (OpenAPI
# linters, Schemathesis, generated clients, Swagger UI in Chromium, buf).
phase "contract" timeout 900 tests/contract/run.sh
# The benchmark in a few seconds, so that it cannot rot; its full run stays out.
phase "bench-smoke" scripts/bench.sh smoke
phase_summary
