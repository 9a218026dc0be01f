#!/usr/bin/env bash
# bench/ab_create_invoice.sh SERVER_A SERVER_B [ROUNDS] [DURATION]
# CreateInvoice with 32 callers against two billing-server binaries in
# alternating rounds (A, B, A, B, ...), each on its own fresh SQLite file:
# on a shared, noisy machine the pair of each round saw the same load.
# Needs what scripts/bench.sh installs (ghz in build/tools/bin, jq).
set -euo pipefail
cd "$(dirname "$0")/.."
A=$1 B=$2 rounds=${3:-4} duration=${4:-5s}
ghz=build/tools/bin/ghz
work=$(mktemp -d "${TMPDIR:-/tmp}/billing-ab.XXXXXX")
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait; rm -rf "$work"' EXIT
declare -A port key
call() { # NAME METHOD DATA GHZ_ARGS...
  local name=$1 method=$2 data=$3
  shift 3
  "$ghz" --insecure --import-paths proto --proto "billing/v1/$method" \
    --metadata "{\"authorization\":\"Apikey ${key[$name]}\"}" -d "$data" -O json "$@" \
    "127.0.0.1:${port[$name]}"
}
for name in A B; do
  bin=${!name}
  key[$name]=$("$bin" keys create --db="$work/$name.db" --account=acct_bench --scopes=all 2>/dev/null)
  "$bin" --listen=127.0.0.1:0 --db="$work/$name.db" --rate_limit_per_second=0 --reflection=false \
    >"$work/$name.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 100); do
    port[$name]=$(grep -m1 -oE '"port":[0-9]+' "$work/$name.log" 2>/dev/null | cut -d: -f2 || true)
    [ -n "${port[$name]}" ] && break
    sleep 0.1
  done
  call "$name" customer.proto \
    '{"customer":{"id":"cus_ab","name":"AB","email":"ab@bench.example","defaultCurrency":"USD"}}' \
    --call billing.v1.CustomerService.CreateCustomer -n 1 -c 1 >/dev/null
done
body='{"invoice":{"customerId":"cus_ab","dueDate":"2099-01-31","lineItems":[{"description":"Support, Q1","quantity":3,"unitAmount":"100.00","servicePeriodStart":"2026-01-01","servicePeriodEnd":"2026-03-31"}]}}'
for round in $(seq 1 "$rounds"); do
  for name in A B; do
    call "$name" invoice.proto "$body" --call billing.v1.InvoiceService.CreateInvoice \
      -c 32 -z "$duration" >"$work/out.json" 2>/dev/null || true
    echo "round $round $name: $(jq -r '"\(.rps | floor) calls/s, p50 \((.latencyDistribution[] | select(.percentage == 50) | .latency) / 1e6 | . * 100 | round / 100) ms, \(.statusCodeDistribution.OK) OK"' "$work/out.json"), load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
