#!/usr/bin/env bash
# Runs the libFuzzer targets (tests/fuzz: money, dates, free text, the
# Authorization header and JWTs) for a fixed time each, from the committed
# seed corpus, in their own clang tree build-fuzz/ (ASan + UBSan). A crash or
# a broken property (the targets abort) fails the run and leaves the input in
# build-fuzz/artifacts/. BILLING_FUZZ_SECONDS: time per target (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian bookworm: clang-14 and its runtime (libFuzzer, sanitizers).
packages=(clang-14 libclang-rt-14-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

targets=(money_fuzz dates_fuzz text_fuzz authorization_fuzz)
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
generator=()
if [ ! -f build-fuzz/CMakeCache.txt ] && command -v ninja >/dev/null 2>&1; then
  generator=(-G Ninja)
fi
source scripts/lib/ccache.sh
# shellcheck disable=SC2086
cmake -S . -B build-fuzz "${generator[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo $BILLING_LAUNCHER \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_CXX_FLAGS="$flags" -DBILLING_FUZZ=ON >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]}"

seconds=${BILLING_FUZZ_SECONDS:-20}
mkdir -p build-fuzz/artifacts
for target in "${targets[@]}"; do
  name=${target%_fuzz}
  # The committed seeds stay untouched; what the fuzzer learns goes to a
  # working copy under build-fuzz/.
  work=build-fuzz/corpus/$name
  mkdir -p "$work"
  start=$SECONDS
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
    "build-fuzz/bin/$target" -max_total_time="$seconds" -max_len=10000 -timeout=10 \
    -artifact_prefix=build-fuzz/artifacts/"$name"- "$work" "tests/fuzz/corpus/$name" \
    2> "build-fuzz/$name.log" || { tail -40 "build-fuzz/$name.log"; exit 1; }
  echo "fuzz $name: $(grep -o 'Done [0-9]* runs' "build-fuzz/$name.log" || echo '?') in $((SECONDS - start)) s"
done
