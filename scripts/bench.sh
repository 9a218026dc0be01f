#!/usr/bin/env bash
# The benchmark of issue 14 (bench/README.md explains how to read it).
#
#   scripts/bench.sh [full] [OUT.json]   every operation against its baseline, ~3 min
#   scripts/bench.sh scale [OUT.json]    list, revenue and RSS at growing table sizes
#   scripts/bench.sh smoke [OUT.json]    both paths in a few seconds; asserts only success
#   scripts/bench.sh fresh [OUT.json]    issue 20's fresh-database figures only (create+process,
#                                        the process/cancel race, CreateInvoice x callers), ~1 min
#
# Results are printed and written as JSON (default build/bench/results.json,
# build/bench/scale.json, build/bench/smoke.json). Every server runs from this
# run's build on a fresh database in a temp dir on a free loopback port.
# Settings (environment): BENCH_DURATION (per operation, default 10s),
# BENCH_CALLERS (default 32), BENCH_DRAFTS (drafts for ProcessInvoice, default
# 5000), BENCH_SCALE_SIZES (default "1000 100000 1000000"), BENCH_SCALE_CALLS
# (calls per list measurement, default 200), BENCH_SERVER_ARGS (extra
# billing-server flags), BENCH_SERVER_BIN (another billing-server binary),
# BENCH_SKIP_BUILD=1 (use build/bin as it is), BENCH_PERF_OP (an operation's
# name, or revenue_calculation_at_SIZE in scale mode: billing-server is profiled with perf record -g while it runs, into
# BENCH_PERF_OUT, default build/bench/perf.data), BENCH_FILL (scale mode's fill:
# fast, the default, in-process with BENCH_FILL_THREADS threads (32) while
# the server is stopped; or api, through the gateway), BENCH_FRESH_ROUNDS
# (create+process per caller on the fresh database, default 10).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

mode=${1:-full}
case "$mode" in
  full) out=${2:-build/bench/results.json} ;;
  scale) out=${2:-build/bench/scale.json} ;;
  smoke) out=${2:-build/bench/smoke.json} ;;
  fresh) out=${2:-build/bench/fresh.json} ;;
  *) echo "usage: scripts/bench.sh [full|scale|smoke|fresh] [OUT.json]" >&2; exit 2 ;;
esac

if [ "$mode" = smoke ]; then
  # wrk counts whole seconds only; ghz can do less.
  duration=1s; ghz_duration=500ms; callers=8; drafts=100; prefill=100; scale_sizes="100 300"; scale_calls=5
  fresh_rounds=3
else
  duration=${BENCH_DURATION:-10s}
  callers=${BENCH_CALLERS:-32}
  drafts=${BENCH_DRAFTS:-5000}
  prefill=1000
  scale_sizes=${BENCH_SCALE_SIZES:-1000 100000 1000000}
  scale_calls=${BENCH_SCALE_CALLS:-200}
  ghz_duration=$duration
  fresh_rounds=${BENCH_FRESH_ROUNDS:-10}
fi
# How the scale mode fills: fast (bench_fast_fill, the default) or api
# (bench-fill through the gateway, ~20x slower).
fill_mode=${BENCH_FILL:-fast}
fill_threads=${BENCH_FILL_THREADS:-32}
case "$fill_mode" in fast | api) ;; *) echo "bench: BENCH_FILL is fast or api" >&2; exit 2 ;; esac
# BENCH_PERF_OP=NAME (a gRPC operation, e.g. grpc_create_invoice): records
# billing-server with `perf record -g` while it runs, into BENCH_PERF_OUT.
perf_op=${BENCH_PERF_OP:-}
perf_out=${BENCH_PERF_OUT:-$root/build/bench/perf.data}
[ -n "$perf_op" ] && mkdir -p "$(dirname "$perf_out")"

# --- tools: pinned, installed here, nothing to do when present -------------
GHZ_VERSION=v0.120.0
tools=$root/build/tools
ghz=$tools/bin/ghz
command -v go >/dev/null 2>&1 || PATH=/usr/local/go/bin:$PATH

install_tools() {
  local missing=() package
  # wrk: Debian's 4.1.0 (bookworm); jq and curl glue the steps together.
  local packages=(wrk jq curl)
  # perf: Debian's linux-perf, only when a profile is asked for.
  [ -n "$perf_op" ] && packages+=(linux-perf)
  for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$package")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "bench: installing ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  if [ ! -x "$ghz" ] || [ "$(cat "$tools/ghz.version" 2>/dev/null)" != "$GHZ_VERSION" ]; then
    echo "bench: installing ghz $GHZ_VERSION into $tools/bin" >&2
    mkdir -p "$tools/bin"
    GOBIN=$tools/bin go install "github.com/bojand/ghz/cmd/ghz@$GHZ_VERSION"
    echo "$GHZ_VERSION" >"$tools/ghz.version"
  fi
}

# Only the targets the benchmark runs; a fresh checkout gets the full build.
build_targets() {
  if [ ! -f build/CMakeCache.txt ]; then
    scripts/build.sh
  else
    cmake --build build -j "$(nproc)" --target billing-server billing_gateway bench_hello_server bench_fast_fill \
      render_sample_pdf >/dev/null
  fi
  (cd bench/hellohttp && go build -buildvcs=false -o "$root/build/bin/bench-hellohttp" .)
  (cd bench/fill && go build -buildvcs=false -o "$root/build/bin/bench-fill" .)
}

install_tools
# BENCH_SKIP_BUILD=1: measure the binaries already in build/bin as they are.
[ "${BENCH_SKIP_BUILD:-0}" = 1 ] || build_targets

# --- servers ----------------------------------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/billing-bench.XXXXXX")
pids=()
cleanup() {
  local rc=$? pid log
  if [ "$rc" -ne 0 ]; then # the servers' last words, before the temp dir goes
    for log in "$work"/*.log; do
      [ -f "$log" ] && { echo "--- tail of $(basename "$log")" >&2; tail -n 15 "$log" >&2; }
    done
  fi
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# start NAME COMMAND...: runs COMMAND in the background with its stderr (the
# access log too) and stdout appended to $work/NAME.log; sets started_pid.
start() {
  local name=$1
  shift
  "$@" >>"$work/$name.log" 2>&1 &
  started_pid=$!
  pids+=("$started_pid")
}

# Empties logs over 64 MB between operations so a long run cannot fill the
# disk (appending writers carry on at the new end).
trim_logs() {
  find "$work" -maxdepth 1 -name '*.log' -size +64M -exec truncate -s 0 {} +
}

# wait_listening NAME PID [FIELD]: prints the port NAME logged it listens on,
# in a JSON log field "port" (a number) or FIELD (a "host:port" string).
wait_listening() {
  local name=$1 pid=$2 pattern='"port":[0-9]+' port="" i
  [ -n "${3:-}" ] && pattern="\"$3\":\"[^\"]*:[0-9]+\""
  for i in $(seq 1 300); do
    port=$(grep -m1 -oE "$pattern" "$work/$name.log" 2>/dev/null | grep -oE '[0-9]+"?$' | tr -d '"' || true)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || { cat "$work/$name.log" >&2; echo "bench: $name died" >&2; exit 1; }
    sleep 0.1
  done
  [ -n "$port" ] || { echo "bench: $name did not start listening" >&2; exit 1; }
  echo "$port"
}

# BENCH_SERVER_ARGS: extra billing-server flags (e.g. another storage backend).
read -r -a server_args <<<"${BENCH_SERVER_ARGS:-}"
# BENCH_SERVER_BIN: another billing-server binary (e.g. a copy built from main
# before a change) to measure against this build's baselines and gateway.
server_bin=${BENCH_SERVER_BIN:-build/bin/billing-server}
# The database the server uses: the last --db in BENCH_SERVER_ARGS wins, as
# for the server's own flags (the fast fill writes to it).
db=$work/billing.db
for arg in "${server_args[@]}"; do
  case "$arg" in --db=*) db=${arg#--db=} ;; esac
done
key=$("$server_bin" keys create --db="$work/billing.db" "${server_args[@]}" \
  --account=acct_bench --scopes=all 2>"$work/keys.log")
auth="Apikey $key"

# start_service: billing-server and the gateway in front of it, on new
# ports; sets server_pid, gateway_pid, grpc and api.
start_service() {
  # No rate limit: the benchmark is one credential calling as fast as it can.
  start server "$server_bin" --listen=127.0.0.1:0 --db="$work/billing.db" \
    --rate_limit_per_second=0 --reflection=false "${server_args[@]}"
  server_pid=$started_pid
  : >"$work/gateway.log" # wait_listening reads the first port logged
  local grpc_port http_port i
  grpc_port=$(wait_listening server "$server_pid")
  start gateway build/bin/billing-gateway --listen=127.0.0.1:0 --upstream="127.0.0.1:$grpc_port"
  gateway_pid=$started_pid
  http_port=$(wait_listening gateway "$gateway_pid" listen)
  grpc=127.0.0.1:$grpc_port
  api=http://127.0.0.1:$http_port/api/v1
  # Waits until the gateway answers through to the service.
  for i in $(seq 1 100); do
    curl -sf -o /dev/null -H "Authorization: $auth" "$api/customers?pageSize=1" && break
    [ "$i" = 100 ] && { echo "bench: the gateway never answered" >&2; exit 1; }
    sleep 0.1
  done
}

# start_replica2: a second billing-server and gateway on the same database
# (PostgreSQL replicas); sets replica2_pids and api2.
start_replica2() {
  start server2 "$server_bin" --listen=127.0.0.1:0 --db="$work/billing.db" \
    --rate_limit_per_second=0 --reflection=false "${server_args[@]}"
  local s2=$started_pid grpc2 http2 i
  grpc2=$(wait_listening server2 "$s2")
  start gateway2 build/bin/billing-gateway --listen=127.0.0.1:0 --upstream="127.0.0.1:$grpc2"
  replica2_pids=("$s2" "$started_pid")
  http2=$(wait_listening gateway2 "$started_pid" listen)
  api2=http://127.0.0.1:$http2/api/v1
  for i in $(seq 1 100); do
    curl -sf -o /dev/null -H "Authorization: $auth" "$api2/customers?pageSize=1" && break
    [ "$i" = 100 ] && { echo "bench: the second replica never answered" >&2; exit 1; }
    sleep 0.1
  done
}
stop_replica2() {
  kill -TERM "${replica2_pids[@]}"
  wait "${replica2_pids[@]}" 2>/dev/null || true
  local live=() pid
  for pid in "${pids[@]}"; do
    [ "$pid" != "${replica2_pids[0]}" ] && [ "$pid" != "${replica2_pids[1]}" ] && live+=("$pid")
  done
  pids=("${live[@]}")
}

# stop_service: stops both (the fast fill must be the only writer of a
# SQLite file); they are started again on the filled database.
stop_service() {
  kill -TERM "$server_pid" "$gateway_pid"
  wait "$server_pid" "$gateway_pid" 2>/dev/null || true
  # Forgotten, so that the cleanup never signals a reused pid.
  local live=() pid
  for pid in "${pids[@]}"; do
    [ "$pid" != "$server_pid" ] && [ "$pid" != "$gateway_pid" ] && live+=("$pid")
  done
  pids=("${live[@]}")
  : >"$work/server.log"
}

start_service

rest() { # METHOD PATH [BODY]: the answer's body; fails on an HTTP error
  curl -sf -X "$1" -H "Authorization: $auth" -H 'Content-Type: application/json' \
    ${3:+-d "$3"} "$api$2"
}
# Processing needs the account's seller (issue 19: ORGANIZATION_INCOMPLETE
# otherwise); bench_fast_fill processes in the same database and account.
rest PATCH /organization '{"legalName":"Bench GmbH","address":{"line1":"Hauptstr. 1","city":"Berlin","postalCode":"10115","country":"DE"}}' >/dev/null
new_customer() {
  rest POST /customers "{\"name\":\"Bench $1\",\"email\":\"ap$1@bench.example\",\"defaultCurrency\":\"USD\"}" |
    jq -er .data.id
}
fill() { # N PROCESS IDS_FILE CUSTOMERS...
  local n=$1 process=$2 ids=$3
  shift 3
  build/bin/bench-fill -base "$api" -key "$key" -n "$n" -c 32 -process="$process" \
    -ids "$ids" -customers "$(IFS=,; echo "$*")"
}

invoice_body() {
  echo "{\"customerId\":\"$1\",\"dueDate\":\"2099-01-31\",\"lineItems\":[{\"description\":\"Support, Q1\",\"quantity\":3,\"unitAmount\":\"100.00\",\"servicePeriodStart\":\"2026-01-01\",\"servicePeriodEnd\":\"2026-03-31\"}]}"
}

# --- measurements -----------------------------------------------------------
ops=$work/ops.jsonl
: >"$ops"

# record NAME TOOL CALLERS RAW_JSON BASELINES...: one operation's figures.
record() {
  local name=$1 tool=$2 c=$3 raw=$4
  shift 4
  jq -c --arg name "$name" --arg tool "$tool" --argjson callers "$c" \
    --argjson baselines "$(printf '%s\n' "$@" | jq -R . | jq -sc 'map(select(. != ""))')" \
    '{name: $name, tool: $tool, callers: $callers} + . + {baselines: $baselines}' "$raw" >>"$ops"
  jq -r 'def ms: . * 1000 | round / 1000;
    "  \(.name): \(.rps | floor) calls/s, p50 \(.p50_ms | ms) ms, p99 \(.p99_ms | ms) ms, \(.errors) errors"' \
    <(tail -n1 "$ops") >&2
  trim_logs
}

# ghz_run NAME CALLERS IMPORT_PATH PROTO CALL [GHZ ARGS...]: prints the
# summary JSON's path. $grpc_target is the server.
ghz_run() {
  local name=$1 c=$2 import_path=$3 proto=$4 call=$5
  shift 5
  "$ghz" --insecure --import-paths "$import_path" --proto "$proto" --call "$call" \
    --metadata "{\"authorization\":\"$auth\"}" \
    -c "$c" -O json -o "$work/$name.ghz.json" "$@" "$grpc_target" >/dev/null
  # ghz's JSON has every call's detail; keep the summary only. A run that
  # ends on -z closes its connection under the calls still in flight: those
  # are the run's end, not failures (at most one per caller).
  jq --argjson c "$c" '
    def cut_off: test("closed network connection|transport is closing|context canceled|client connection is closing");
    ((.statusCodeDistribution // {}).OK // 0) as $ok
    | ((.statusCodeDistribution // {}) | to_entries | map(select(.key != "OK") | .value) | add // 0) as $failed
    | (if .endReason == "timeout" then
         [(.errorDistribution // {}) | to_entries[] | select(.key | cut_off) | .value] | add // 0
       else 0 end) as $cut
    | {count: $ok,
       rps: (if .total > 0 then $ok / (.total / 1e9) else 0 end),
       p50_ms: (((.latencyDistribution // []) | map(select(.percentage == 50)) | .[0].latency // 0) / 1e6),
       p99_ms: (((.latencyDistribution // []) | map(select(.percentage == 99)) | .[0].latency // 0) / 1e6),
       errors: ($failed - ([$cut, $c] | min)),
       error_kinds: ((.errorDistribution // {}) | keys | map(select(cut_off | not)) | .[:3])}' \
    "$work/$name.ghz.json" >"$work/$name.json"
  rm -f "$work/$name.ghz.json"
  echo "$work/$name.json"
}

# wrk_run NAME CALLERS URL [METHOD BODY]: prints the summary JSON path.
wrk_run() {
  local name=$1 c=$2 url=$3 method=${4:-GET} body=${5:-}
  WRK_METHOD=$method WRK_BODY=$body WRK_AUTH=$auth WRK_JSON=$work/$name.json \
    wrk -t 2 -c "$c" -d "$duration" --timeout 10s -s bench/wrk.lua "$url" >/dev/null
  echo "$work/$name.json"
}

hello() { # NAME CALLERS: the hello-world gRPC baseline
  local grpc_target=127.0.0.1:$hello_grpc_port
  record "$1" ghz "$2" "$(ghz_run "$1" "$2" bench/proto hello.proto bench.v1.Greeter.SayHello \
    -d '{"name":"bench"}' -z "$ghz_duration")"
}
billing() { # NAME CALLERS CALL BASELINE [GHZ ARGS...]
  local name=$1 c=$2 call=$3 baseline=$4 grpc_target=$grpc perf_pid=""
  shift 4
  if [ -n "$perf_op" ] && [ "$name" = "$perf_op" ]; then
    # BENCH_PERF_OP: billing-server's profile while this operation runs.
    perf record -g -F 499 -p "$server_pid" -o "$perf_out" 2>>"$work/perf.log" >&2 &
    perf_pid=$!
  fi
  record "$name" ghz "$c" "$(ghz_run "$name" "$c" proto billing/v1/invoice.proto \
    "billing.v1.InvoiceService.$call" "$@")" "$baseline"
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"
    wait "$perf_pid" 2>/dev/null || true
    echo "bench: profile of billing-server during $name in $perf_out" \
      "(perf report -i $perf_out --no-children)" >&2
  fi
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$server_pid/status"; }

# Issue 20: the first writes of a fresh database. $callers callers each
# create an invoice and process it, $fresh_rounds times, through the
# gateway: processes/s over the whole run, the process call's p50/p99 and
# failures (errors: 5xx). Then each caller races a cancel against the
# process of each new draft, on a second replica when the database is
# PostgreSQL: nothing may fail, and the winners' numbers are consecutive.
run_fresh() {
  local customer race_base=$api
  customer=$(new_customer fresh)
  build/bin/bench-fill -base "$api" -key "$key" -n $((callers * fresh_rounds)) -c "$callers" \
    -process -customers "$customer" -json "$work/fresh.json"
  record fresh_create_process fill "$callers" "$work/fresh.json"
  if [ "$db" != "${db#postgres}" ]; then
    start_replica2
    race_base=$api2
  fi
  build/bin/bench-fill -base "$api" -key "$key" -n $((callers * fresh_rounds)) -c "$callers" \
    -process -race -race-base "$race_base" -customers "$customer" -json "$work/race.json"
  record race_process_cancel fill "$callers" "$work/race.json"
  jq -r '"  race: \(.races) races, cancel first \(.race_cancel_first), process first \(.race_process_first), numbers gap-free: \(.numbers_gap_free)"' \
    "$work/race.json" >&2
  [ "$race_base" = "$api" ] || stop_replica2
}

run_operations() {
  start hello_grpc build/bin/bench_hello_server --listen=127.0.0.1:0
  hello_grpc_port=$(wait_listening hello_grpc "$started_pid")
  start hello_http build/bin/bench-hellohttp -listen 127.0.0.1:0
  hello_http_port=$(wait_listening hello_http "$started_pid")

  local customer invoice
  customer=$(new_customer ops)
  # Reads see a table of $prefill invoices: list cost depends on its size.
  fill "$prefill" false "$work/prefill.ids" "$customer" 2>/dev/null
  invoice=$(head -n1 "$work/prefill.ids")
  echo "bench: envelope bytes: gateway $(rest GET "/invoices/$invoice" | wc -c)," \
    "hellohttp $(curl -s "http://127.0.0.1:$hello_http_port/" | wc -c)" >&2

  hello hello_grpc_c1 1
  hello hello_grpc "$callers"
  billing grpc_get_invoice "$callers" GetInvoice hello_grpc -d "{\"invoiceId\":\"$invoice\"}" -z "$ghz_duration"
  # p99 at 80% of the peak just measured (target: <= 10 ms).
  local rate
  rate=$(jq -s 'map(select(.name == "grpc_get_invoice"))[0].rps * 0.8 | floor | if . < 1 then 1 else . end' "$ops")
  billing grpc_get_invoice_at_80pct "$callers" GetInvoice grpc_get_invoice \
    -d "{\"invoiceId\":\"$invoice\"}" -z "$ghz_duration" --rps "$rate"
  billing grpc_list_invoices_c1 1 ListInvoices hello_grpc_c1 -d '{"page":1,"pageSize":20}' -z "$ghz_duration"
  billing grpc_list_invoices "$callers" ListInvoices hello_grpc -d '{"page":1,"pageSize":20}' -z "$ghz_duration"

  record hello_http wrk "$callers" "$(wrk_run hello_http "$callers" "http://127.0.0.1:$hello_http_port/")"
  record rest_get_invoice wrk "$callers" "$(wrk_run rest_get_invoice "$callers" "$api/invoices/$invoice")" \
    grpc_get_invoice hello_http

  billing grpc_create_invoice_c1 1 CreateInvoice hello_grpc_c1 \
    -d "{\"invoice\":$(invoice_body "$customer")}" -z "$ghz_duration"
  billing grpc_create_invoice "$callers" CreateInvoice hello_grpc \
    -d "{\"invoice\":$(invoice_body "$customer")}" -z "$ghz_duration"
  record rest_create_invoice wrk "$callers" \
    "$(wrk_run rest_create_invoice "$callers" "$api/invoices" POST "$(invoice_body "$customer")")" \
    grpc_create_invoice hello_http

  # ProcessInvoice: every call on its own fresh draft (ghz sends the array's
  # elements in turn, one per call, so -n = the number of drafts).
  fill "$drafts" false "$work/drafts.ids" "$customer" 2>/dev/null
  jq -R '{invoiceId: .}' "$work/drafts.ids" | jq -s . >"$work/drafts.json"
  billing grpc_process_invoice "$callers" ProcessInvoice hello_grpc \
    -n "$(wc -l <"$work/drafts.ids")" --data-file "$work/drafts.json"
}

# fresh mode: CreateInvoice with $callers callers after run_fresh (issue 20:
# >= 1.5k/s on PostgreSQL), without full mode's hello-world baselines.
run_create() {
  billing grpc_create_invoice "$callers" CreateInvoice "" \
    -d "{\"invoice\":$(invoice_body "$(new_customer create)")}" -z "$ghz_duration"
}

# Issue 23: invoice PDFs rendered per second, one after another in one
# process (build/bin/render_sample_pdf --bench: RenderInvoicePdf on the
# sample invoice, src/documents/pdf/sample_documents.h), for 10 and 300
# lines, each for the run's duration; p50/p99 per render.
run_pdf() {
  local lines seconds=${duration%s}
  case "$seconds" in '' | *[!0-9]*) seconds=10 ;; esac
  for lines in 10 300; do
    build/bin/render_sample_pdf --bench invoice "$lines" "$seconds" >"$work/pdf_$lines.json"
    record "pdf_render_${lines}_lines" render_sample_pdf 1 "$work/pdf_$lines.json"
  done
}

# list_at NAME SIZE DATA: ListInvoices by one caller, $scale_calls times.
list_at() {
  local name=$1 size=$2 data=$3
  billing "${name}_at_$size" 1 ListInvoices "" -d "$data" -n "$scale_calls"
  jq -c --argjson size "$size" '.size = $size' <(tail -n1 "$ops") >"$work/last.json"
  sed -i '$d' "$ops"
  cat "$work/last.json" >>"$ops"
}

# aging_at SIZE: the receivables aging report as of today over everything
# filled (every invoice processed, so open), by one caller, 5 times (issue
# 22: p99 under 1 s at 100k open invoices).
aging_at() {
  local size=$1 grpc_target=$grpc
  record "receivables_aging_at_$size" ghz 1 "$(ghz_run "receivables_aging_at_$size" 1 proto \
    billing/v1/revenue.proto billing.v1.RevenueCalculationService.GetReceivablesAging \
    -d "{\"asOf\":\"$(date -u +%F)\"}" -n 5)"
  jq -c --argjson size "$size" '.size = $size' <(tail -n1 "$ops") >"$work/last.json"
  sed -i '$d' "$ops"
  cat "$work/last.json" >>"$ops"
}

# revenue_at SIZE: one revenue calculation over everything, timed by the
# service's own start/complete times; RSS before, after and the peak during.
revenue_at() {
  local size=$1 before after peak id calc i perf_pid=""
  before=$(rss_kb)
  echo 5 >"/proc/$server_pid/clear_refs" # resets VmHWM to the current RSS
  if [ "$perf_op" = "revenue_calculation_at_$size" ]; then
    perf record -g -F 499 -p "$server_pid" -o "$perf_out" 2>>"$work/perf.log" >&2 &
    perf_pid=$!
  fi
  id=$(rest POST /revenue-calculations '{"periodStart":"2026-01-01","periodEnd":"2026-12-31"}' | jq -er .data.id)
  for i in $(seq 1 6000); do
    calc=$(rest GET "/revenue-calculations/$id")
    case "$(jq -r .data.status <<<"$calc")" in
      *SUCCEEDED | *succeeded) break ;;
      *FAILED | *failed) echo "bench: revenue calculation failed: $calc" >&2; exit 1 ;;
    esac
    [ "$i" = 6000 ] && { echo "bench: revenue calculation did not finish" >&2; exit 1; }
    sleep 0.1
  done
  if [ -n "$perf_pid" ]; then
    kill -INT "$perf_pid"
    wait "$perf_pid" 2>/dev/null || true
    echo "bench: profile of billing-server during the calculation in $perf_out" >&2
  fi
  after=$(rss_kb)
  peak=$(hwm_kb)
  local start_s end_s
  start_s=$(date -d "$(jq -r .data.startTime <<<"$calc")" +%s.%N)
  end_s=$(date -d "$(jq -r .data.completeTime <<<"$calc")" +%s.%N)
  jq -nc --argjson size "$size" --argjson s "$(awk -v a="$start_s" -v b="$end_s" 'BEGIN {printf "%.3f", b - a}')" \
    --argjson before "$before" --argjson after "$after" --argjson peak "$peak" \
    '{name: "revenue_calculation_at_\($size)", size: $size, seconds: $s, count: 1, errors: 0,
      rss_before_mb: ($before / 1024 | floor), rss_after_mb: ($after / 1024 | floor),
      rss_peak_mb: ($peak / 1024 | floor)}' >>"$ops"
  jq -r '"  revenue at \(.size): \(.seconds) s, RSS \(.rss_before_mb) -> \(.rss_after_mb) MB (peak \(.rss_peak_mb))"' \
    <(tail -n1 "$ops") >&2
}

run_scale() {
  local customers=() i filled=0 size
  for i in $(seq 0 9); do customers+=("$(new_customer "scale$i")"); done
  for size in $scale_sizes; do
    if [ "$size" -gt "$filled" ]; then
      if [ "$fill_mode" = api ]; then
        echo "bench: filling to $size invoices (created and processed through the gateway)" >&2
        fill $((size - filled)) true /dev/null "${customers[@]}"
      else
        echo "bench: filling to $size invoices (bench_fast_fill: the use cases in-process," \
          "server stopped)" >&2
        stop_service
        build/bin/bench_fast_fill --db="$db" --account=acct_bench --n=$((size - filled)) \
          --threads="$fill_threads" --process=true --customers="$(IFS=,; echo "${customers[*]}")"
        start_service
      fi
      filled=$size
    fi
    local last_page=$(((size + 19) / 20))
    list_at list_page1 "$size" '{"page":1,"pageSize":20}'
    list_at list_deep_page "$size" "{\"page\":$last_page,\"pageSize\":20}"
    # The same last page reached by a page token (keyset): the token comes
    # from the page before it. A server without tokens answers none: skipped.
    local token=""
    if [ "$last_page" -gt 1 ]; then
      token=$(rest GET "/invoices?page=$((last_page - 1))&pageSize=20" | jq -r '.nextPageToken // ""')
    fi
    [ -n "$token" ] && list_at list_deep_page_by_token "$size" "{\"pageToken\":\"$token\",\"pageSize\":20}"
    list_at list_by_customer "$size" "{\"customerId\":\"${customers[0]}\",\"page\":1,\"pageSize\":20}"
    list_at list_by_status "$size" '{"status":"INVOICE_STATUS_PENDING","page":1,"pageSize":20}'
    aging_at "$size"
    revenue_at "$size"
    writes_during_calc_at "$size" "${customers[0]}"
  done
}

# writes_during_calc_at SIZE CUSTOMER: CreateInvoice p99 with 8 callers, alone
# and then while a revenue calculation over everything runs (started just
# before, measured for 80% of the time the last one took); p99_ratio is the
# second over the first (issue 20: within 2x).
writes_during_calc_at() {
  local size=$1 customer=$2 seconds window_ms id i
  seconds=$(jq -s 'last | .seconds' "$ops")
  window_ms=$(awk -v s="$seconds" 'BEGIN {w = s * 800; if (w < 300) w = 300; printf "%d", w}')
  billing "create_alone_at_$size" 8 CreateInvoice "" \
    -d "{\"invoice\":$(invoice_body "$customer")}" -z "${window_ms}ms"
  jq -c --argjson size "$size" '.size = $size' <(tail -n1 "$ops") >"$work/last.json"
  sed -i '$d' "$ops"
  cat "$work/last.json" >>"$ops"
  id=$(rest POST /revenue-calculations '{"periodStart":"2026-01-01","periodEnd":"2026-12-31"}' | jq -er .data.id)
  billing "create_during_calc_at_$size" 8 CreateInvoice "create_alone_at_$size" \
    -d "{\"invoice\":$(invoice_body "$customer")}" -z "${window_ms}ms"
  jq -c --argjson size "$size" --slurpfile alone "$work/last.json" \
    '.size = $size | .p99_ratio = (if $alone[0].p99_ms > 0 then .p99_ms / $alone[0].p99_ms else null end)' \
    <(tail -n1 "$ops") >"$work/during.json"
  sed -i '$d' "$ops"
  cat "$work/during.json" >>"$ops"
  jq -r '"  CreateInvoice p99 during the calculation: \((.p99_ratio // 0) * 100 | round / 100)x alone"' "$work/during.json" >&2
  for i in $(seq 1 6000); do # the calculation ends before the next size
    case "$(rest GET "/revenue-calculations/$id" | jq -r .data.status)" in
      *SUCCEEDED | *succeeded | *FAILED | *failed) break ;;
    esac
    sleep 0.1
  done
}

# --- report -----------------------------------------------------------------
report() {
  mkdir -p "$(dirname "$out")"
  jq -s --arg mode "$mode" --arg date "$(date -u +%FT%TZ)" --arg duration "$duration" \
    --argjson callers "$callers" --arg load "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --argjson cpus "$(nproc)" --arg server_args "${BENCH_SERVER_ARGS:-}" \
    --arg tools "ghz $GHZ_VERSION, wrk $(dpkg-query -W -f='${Version}' wrk)" \
    -f bench/report.jq "$ops" >"$out"
  jq -r -f bench/table.jq "$out"
  echo "bench: results in $out" >&2
}

t0=$SECONDS
case "$mode" in
  full) run_fresh; run_operations; run_pdf ;;
  scale) run_scale ;;
  smoke) run_fresh; run_operations; run_scale; run_pdf ;;
  fresh) run_fresh; run_create ;;
esac
report

if [ "$mode" = smoke ]; then
  # Smoke asserts that every operation ran and succeeded, never a figure.
  required='["hello_grpc_c1", "hello_grpc", "grpc_get_invoice", "grpc_get_invoice_at_80pct",
    "grpc_list_invoices_c1", "grpc_list_invoices", "hello_http", "rest_get_invoice",
    "grpc_create_invoice_c1", "grpc_create_invoice", "rest_create_invoice", "grpc_process_invoice",
    "list_page1_at_300", "list_deep_page_at_300", "list_by_customer_at_300", "list_by_status_at_300",
    "revenue_calculation_at_300", "receivables_aging_at_300", "fresh_create_process", "race_process_cancel",
    "create_alone_at_300", "create_during_calc_at_300", "pdf_render_10_lines", "pdf_render_300_lines"]'
  jq -e --argjson required "$required" '([.operations[].name] | contains($required))
         and all(.operations[]; .count > 0 and .errors == 0 and .numbers_gap_free != false)' "$out" >/dev/null ||
    { echo "bench smoke: an operation failed or is missing (see $out)" >&2; exit 1; }
  echo "bench smoke: every operation ran and succeeded in $((SECONDS - t0)) s" >&2
fi
