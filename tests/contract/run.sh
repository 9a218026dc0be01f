#!/usr/bin/env bash
# The contract phase: points the tools a user would use at the real
# billing-server and billing-gateway, and fails when the published contract
# (the served OpenAPI document, the protos, gRPC reflection) is not true.
#
#   tests/contract/run.sh            # every check
#   tests/contract/run.sh STEP...    # some: buf-lint buf-breaking reflection
#                                    #   document spectral redocly schemathesis
#                                    #   clients browser
#
# Tools are pinned here and installed by this script into $BILLING_CONTRACT_TOOLS
# (default ~/.cache/billing-contract), once per pinned version. Needs
# build/bin/billing-server and build/bin/billing-gateway (scripts/build.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

BUF_VERSION=v1.75.0
# The last release's contract, for buf breaking: main as released.
RELEASE_COMMIT=0c03a35
# Schemathesis: examples per operation, seed, workers (see README.md for the
# budget). One worker: a fixed seed then gives the same run every time, and
# Python 3.11's ast.parse is not thread-safe under Hypothesis (SystemError
# "AST constructor recursion depth mismatch" with two workers).
ST_EXAMPLES=${ST_EXAMPLES:-100}
ST_SEED=${ST_SEED:-20260105}
ST_WORKERS=${ST_WORKERS:-1}

all_steps=(buf-lint buf-breaking reflection document spectral redocly schemathesis clients browser)
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=("${all_steps[@]}")
for s in "${steps[@]}"; do
  [[ " ${all_steps[*]} " == *" $s "* ]] || { echo "unknown step $s (known: ${all_steps[*]})" >&2; exit 2; }
done

tools=${BILLING_CONTRACT_TOOLS:-${XDG_CACHE_HOME:-$HOME/.cache}/billing-contract}
mkdir -p "$tools"
server_bin=${BILLING_SERVER_BIN:-$root/build/bin/billing-server}
gateway_bin=${BILLING_GATEWAY_BIN:-$root/build/bin/billing-gateway}

log() { echo "contract: $*"; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# --- tools --------------------------------------------------------------------
apt_updated=""
apt_install() {
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  if [ -z "$apt_updated" ]; then $sudo apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@"
}

install_debian() {
  local missing=()
  command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)  # openapi-generator
  [ -x /usr/bin/chromium ] || missing+=(chromium)                      # the Swagger UI test
  python3 -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

# Python tools in a venv keyed by the pinned requirements (every package pinned,
# installed with --no-deps so nothing floats) and the Python it runs on.
install_python() {
  venv=$tools/venv-$(hash_of "$here/requirements.txt" <(python3 --version))
  if [ ! -f "$venv/.complete" ]; then
    log "installing Python tools into $venv"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$here/requirements.txt"
    "$venv/bin/pip" check
    touch "$venv/.complete"
  fi
}

# npm tools (npm ci from the committed lock) and the openapi-generator jar
# (version in openapitools.json, fetched from Maven Central by the wrapper).
install_npm() {
  npmdir=$tools/npm-$(hash_of "$here/package-lock.json" "$here/openapitools.json")
  if [ ! -f "$npmdir/.complete" ]; then
    log "installing npm tools into $npmdir"
    rm -rf "$npmdir"
    mkdir -p "$npmdir"
    cp "$here/package.json" "$here/package-lock.json" "$here/openapitools.json" "$npmdir/"
    (cd "$npmdir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
    (cd "$npmdir" && node_modules/.bin/openapi-generator-cli version >/dev/null)
    touch "$npmdir/.complete"
  fi
  export PATH="$npmdir/node_modules/.bin:$PATH"
  # Nothing leaves this machine but registry downloads: no telemetry.
  export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
}

install_buf() {
  bufdir=$tools/buf-$BUF_VERSION
  if [ ! -x "$bufdir/buf" ]; then
    log "installing buf $BUF_VERSION into $bufdir"
    GOBIN=$bufdir go install "github.com/bufbuild/buf/cmd/buf@$BUF_VERSION"
  fi
  buf=$bufdir/buf
  export BUF_CACHE_DIR=$tools/buf-cache
}

needs() { local s; for s in "$@"; do [[ " ${steps[*]} " == *" $s "* ]] && return 0; done; return 1; }

install_start=$SECONDS
# One installer at a time per cache (two checkouts may share it).
exec 9>"$tools/.lock"
flock 9
if needs document spectral redocly schemathesis clients browser; then install_debian; fi
if needs document schemathesis clients; then install_python; fi
if needs spectral redocly clients browser; then install_npm; fi
if needs buf-lint buf-breaking reflection; then install_buf; fi
flock -u 9
log "tools ready in $((SECONDS - install_start)) s"

# --- the real binaries on loopback ports ---------------------------------------
work=$(mktemp -d "${TMPDIR:-/tmp}/billing-contract.XXXXXX")
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "${BILLING_CONTRACT_KEEP:-}" ]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_for() {  # wait_for WHAT SECONDS COMMAND...
  local what=$1 limit=$2
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if [ $SECONDS -ge $deadline ]; then log "$what did not come up in $limit s"; return 1; fi
    sleep 0.2
  done
}

# start_server NAME EXTRA_FLAGS...: a billing-server on a fresh database;
# sets grpc_port and db.
start_server() {
  local name=$1
  shift
  for bin in "$server_bin" "$gateway_bin"; do
    [ -x "$bin" ] || { log "missing $bin (run scripts/build.sh)"; return 1; }
  done
  grpc_port=$(free_port)
  db=$work/$name.db
  # A high rate limit: Schemathesis is one credential sending thousands of calls.
  "$server_bin" --listen="127.0.0.1:$grpc_port" --db="$db" \
    --rate_limit_per_second=100000 --rate_limit_burst=100000 "$@" >"$work/$name.log" 2>&1 &
  pids+=($!)
  wait_for "billing-server ($name)" 30 bash -c "exec 3<>/dev/tcp/127.0.0.1/$grpc_port"
}

start_services() {
  # Private networks allowed: Schemathesis's webhook endpoints point at
  # loopback (schemathesis_hooks.py), not at hosts looked up in DNS.
  start_server server --webhooks_allow_private_networks
  api_key=$("$server_bin" keys create --db="$db" --account=acct_contract --scopes=all 2>/dev/null)
  http_port=$(free_port)
  "$gateway_bin" --listen="127.0.0.1:$http_port" --upstream="127.0.0.1:$grpc_port" >"$work/gateway.log" 2>&1 &
  pids+=($!)
  base=http://127.0.0.1:$http_port
  wait_for billing-gateway 30 curl -sf "$base/readyz"
  # Processing an invoice needs the account's organization (the seller).
  curl -sf -X PATCH -H "Authorization: Apikey $api_key" -H 'Content-Type: application/json' \
    -d '{"legalName":"Contract Seller GmbH","address":{"line1":"Unter den Linden 1","country":"DE"}}' \
    "$base/api/v1/organization" >/dev/null
  curl -sf "$base/api/v1/openapi.json" -o "$work/openapi.json"
  log "document: $base/api/v1/openapi.json ($(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("openapi", d.get("openapi") or "swagger " + d.get("swagger", "?"))' "$work/openapi.json"))"
}

# --- the checks ----------------------------------------------------------------
step_buf-lint() {
  (cd "$root/proto" && "$buf" lint)
}

# The contract as released, extracted from git, against the current protos.
step_buf-breaking() {
  local old=$work/release
  mkdir -p "$old"
  git -C "$root" rev-parse --verify -q "$RELEASE_COMMIT^{commit}" >/dev/null ||
    { log "release commit $RELEASE_COMMIT not in this clone's history"; return 1; }
  git -C "$root" archive "$RELEASE_COMMIT" proto | tar -x -C "$old"
  # The release had no buf.yaml: judge it with today's module settings.
  cp "$root/proto/buf.yaml" "$old/proto/buf.yaml"
  (cd "$root/proto" && "$buf" breaking . --against "$old/proto")
}

# Reflection as buf curl uses it, over the real binary: v1 and v1alpha list
# the services; --reflection=false turns both off.
step_reflection() {
  local proto listing
  for proto in grpc-v1 grpc-v1alpha; do
    listing=$("$buf" curl --protocol grpc --http2-prior-knowledge --reflect-protocol "$proto" \
      --list-services "http://127.0.0.1:$grpc_port")
    for want in billing.v1.CustomerService billing.v1.InvoiceService billing.v1.RevenueCalculationService; do
      grep -qx "$want" <<<"$listing" || { log "$proto reflection does not list $want: $listing"; return 1; }
    done
    log "$proto reflection lists $(wc -l <<<"$listing") services"
  done
  # A described method is callable by name, with the key.
  "$buf" curl --protocol grpc --http2-prior-knowledge -H "authorization: Apikey $api_key" \
    -d '{}' "http://127.0.0.1:$grpc_port/billing.v1.CustomerService/ListCustomers" >/dev/null
  # This subshell's own server: stopped when the step ends, however it ends.
  pids=()
  trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
  start_server noreflection --reflection=false
  for proto in grpc-v1 grpc-v1alpha; do
    if "$buf" curl --protocol grpc --http2-prior-knowledge --reflect-protocol "$proto" \
      --list-services "http://127.0.0.1:$grpc_port" >/dev/null 2>&1; then
      log "--reflection=false still serves $proto reflection"
      return 1
    fi
  done
  log "--reflection=false serves neither"
}

# The YAML document is the JSON one, both say OpenAPI 3, and every operation
# requires a credential of the two schemes the service takes.
step_document() {
  curl -sf "$base/api/v1/openapi.yaml" -o "$work/openapi.yaml"
  "$venv/bin/python" "$here/document_check.py" "$work/openapi.json" "$work/openapi.yaml"
}

step_spectral() {
  (cd "$work" && spectral lint --ruleset "$here/spectral.yaml" --fail-severity error openapi.json)
}

step_redocly() {
  (cd "$work" && redocly lint --config "$here/redocly.yaml" --format stylish openapi.json)
}

step_schemathesis() {
  # --generation-database none and the temp dir as working directory (its
  # .schemathesis crash cache): every run starts from the seed alone.
  cd "$work"
  # schemathesis_hooks.py: the cross-field rules JSON Schema cannot state.
  PYTHONPATH="$here" SCHEMATHESIS_HOOKS=schemathesis_hooks \
    "$venv/bin/schemathesis" --no-color --config-file "$here/schemathesis.toml" \
    run "$work/openapi.json" --url "$base" \
    --header "Authorization: Apikey $api_key" \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "$ST_EXAMPLES" --seed "$ST_SEED" --workers "$ST_WORKERS" \
    --generation-database none --request-timeout 10 \
    --report junit --report-dir "$work/schemathesis"
}

step_clients() {
  local gen=$work/clients
  mkdir -p "$gen"
  (cd "$npmdir" && openapi-generator-cli generate -g python -i "$work/openapi.json" \
    -o "$gen/openapi-generator" --package-name billing_openapi_generator \
    --additional-properties=projectName=billing-openapi-generator >"$work/openapi-generator.log" 2>&1) ||
    { cat "$work/openapi-generator.log"; return 1; }
  "$venv/bin/openapi-python-client" generate --path "$work/openapi.json" \
    --output-path "$gen/billing_openapi_python_client" --meta none \
    --config "$here/clients/openapi-python-client.yaml" >"$work/openapi-python-client.log" 2>&1 ||
    { cat "$work/openapi-python-client.log"; return 1; }
  # Both scripts run, so one run reports both clients.
  local rc=0
  PYTHONPATH="$gen/openapi-generator:$gen" "$venv/bin/python" "$here/clients/openapi_generator_client.py" \
    "$base" "$api_key" "$work/openapi.json" || rc=1
  PYTHONPATH="$gen" "$venv/bin/python" "$here/clients/openapi_python_client.py" \
    "$base" "$api_key" "$work/openapi.json" || rc=1
  return "$rc"
}

step_browser() {
  NODE_PATH="$npmdir/node_modules" node "$here/browser/swagger_ui.mjs" "$base" "$api_key" "$work/swagger-ui.png"
}

if needs reflection document spectral redocly schemathesis clients browser; then start_services; fi

# Each step runs in a subshell with errexit of its own, so its first failing
# command fails it and the next step still runs.
failed=()
for s in "${steps[@]}"; do
  start=$SECONDS
  log "--- $s"
  set +e
  (set -e; "step_$s")
  rc=$?
  set -e
  if [ "$rc" -eq 0 ]; then
    log "--- $s passed ($((SECONDS - start)) s)"
  else
    log "--- $s FAILED ($((SECONDS - start)) s)"
    failed+=("$s")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  # The services' own logs, when a step that talked to them failed.
  if [[ " ${failed[*]} " =~ \ (reflection|schemathesis|clients|browser)\  ]]; then
    for f in server gateway; do
      log "last lines of $f.log:"
      tail -n 20 "$work/$f.log"
    done
  fi
  log "FAILED: ${failed[*]}"
  exit 1
fi
log "all passed: ${steps[*]}"
