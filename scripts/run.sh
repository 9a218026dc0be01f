#!/usr/bin/env bash
# Builds everything, then runs billing-server (gRPC on :50051, SQLite file
# billing.db) and billing-gateway (REST on :8080) until Ctrl-C or SIGTERM.
# Override with BILLING_DB, GRPC_LISTEN, HTTP_LISTEN.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh

db="${BILLING_DB:-billing.db}"
grpc_listen="${GRPC_LISTEN:-0.0.0.0:50051}"
http_listen="${HTTP_LISTEN:-0.0.0.0:8080}"
grpc_port="${grpc_listen##*:}"

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
echo "billing: gRPC on $grpc_listen, REST on $http_listen (/api/v1, docs at /docs); Ctrl-C stops" >&2
wait -n
