#!/usr/bin/env bash
# Builds everything, then runs billing-server (gRPC on :50051, SQLite file
# billing.db) and billing-gateway (REST on :8080) until Ctrl-C or SIGTERM.
# Prints a development API key (all scopes, account acct_dev), made once and
# kept in .dev-api-key beside the database.
# Override with BILLING_DB, GRPC_LISTEN, HTTP_LISTEN.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh

db="${BILLING_DB:-billing.db}"
grpc_listen="${GRPC_LISTEN:-0.0.0.0:50051}"
http_listen="${HTTP_LISTEN:-0.0.0.0:8080}"
grpc_port="${grpc_listen##*:}"
key_file="$(dirname "$db")/.dev-api-key"

# A new database gets a new key: one kept from a database since deleted
# would be refused with 401.
if [ ! -s "$key_file" ] || [ ! -e "$db" ]; then
  build/bin/billing-server keys create --db="$db" --account=acct_dev --scopes=all >"$key_file"
fi

build/bin/billing-server --listen="$grpc_listen" --db="$db" &
server_pid=$!
gateway_pid=""
stop() {
  [ -n "$gateway_pid" ] && kill -TERM "$gateway_pid" 2>/dev/null || true
  kill -TERM "$server_pid" 2>/dev/null || true
  wait || true
}
trap stop INT TERM EXIT

if [ -x build/bin/billing-gateway ]; then
  build/bin/billing-gateway --listen="$http_listen" --upstream="127.0.0.1:$grpc_port" &
  gateway_pid=$!
fi
cat >&2 <<MSG
billing: gRPC on $grpc_listen, REST on $http_listen (/api/v1, docs at /docs); Ctrl-C stops.
Development API key (account acct_dev, every scope), also in $key_file:
  export BILLING_API_KEY=$(cat "$key_file")
  curl -H "Authorization: Apikey \$BILLING_API_KEY" http://localhost:${http_listen##*:}/api/v1/customers
More keys: build/bin/billing-server keys create --db=$db --account=ACCOUNT --scopes=invoices:read,...
MSG
wait -n
