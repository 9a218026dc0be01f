#!/usr/bin/env bash
# Builds the C++ test programs with AddressSanitizer and UndefinedBehavior-
# Sanitizer in their own tree build-asan/ and runs them: any memory error or
# undefined behaviour fails the run. Only the test targets are built.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/ccache.sh

tests=(domain_test storage_test auth_test app_test api_test)
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
generator=()
if [ ! -f build-asan/CMakeCache.txt ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
# -O1: sanitized code at -O2 builds slower and reports no more.
# shellcheck disable=SC2086
cmake -S . -B build-asan "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo $BILLING_LAUNCHER \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS="$flags" \
  -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" >/dev/null
cmake --build build-asan -j "$(nproc)" --target "${tests[@]}"

# detect_leaks=0: gRPC and protobuf keep process-lifetime allocations that
# LeakSanitizer reports at exit; memory errors and UB are what this is for.
export ASAN_OPTIONS=halt_on_error=1:detect_leaks=0:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
for test in "${tests[@]}"; do
  start=$SECONDS
  "build-asan/bin/$test" --gtest_brief=1 > "build-asan/$test.log" 2>&1 ||
    { grep -v '"level":"info"' "build-asan/$test.log" | tail -60; echo "sanitized $test FAILED"; exit 1; }
  echo "sanitized $test: $(grep -E '^\[  PASSED' "build-asan/$test.log") in $((SECONDS - start)) s"
done
