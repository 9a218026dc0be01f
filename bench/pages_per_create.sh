#!/usr/bin/env bash
# bench/pages_per_create.sh [SERVER_BIN [GATEWAY_BIN [N]]]: the SQLite pages a
# durable CreateInvoice writes to the WAL, one caller at a time (no group
# commit sharing pages), counted from the writer's pwrite64 calls with strace
# (a count of work, not a time: the same on a busy machine). Prints e.g.
#   16.83 WAL pages per CreateInvoice (3366 in 200), 1.01 WAL syncs
set -euo pipefail
cd "$(dirname "$0")/.."
server=${1:-build/bin/billing-server}
gateway=${2:-build/bin/billing-gateway}
n=${3:-200}
command -v strace >/dev/null || { echo "pages_per_create: strace is missing (apt-get install strace)" >&2; exit 1; }

dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
gport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$server" --listen=127.0.0.1:$port --db="$dir/b.db" --rate_limit_per_second=100000 --rate_limit_burst=100000 >"$dir/server.log" 2>&1 &
server_pid=$!
"$gateway" --listen=127.0.0.1:$gport --upstream=127.0.0.1:$port >"$dir/gateway.log" 2>&1 &
gateway_pid=$!
trap 'kill $server_pid $gateway_pid 2>/dev/null; wait 2>/dev/null; rm -rf "$dir"' EXIT
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$gport/readyz" >/dev/null && break; sleep 0.1; done

key=$("$server" keys create --db="$dir/b.db" --account=acct_pages --scopes=all 2>/dev/null)
api=(curl -sf -o "$dir/last.json" -H "Authorization: Apikey $key" -H 'Content-Type: application/json')
base=http://127.0.0.1:$gport/api/v1
"${api[@]}" "$base/customers" -d '{"name":"Acme","email":"ap@acme.example","defaultCurrency":"EUR"}'
customer=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["data"]["id"])' "$dir/last.json")
body='{"customerId":"'$customer'","dueDate":"2099-01-31","lineItems":[{"description":"Consulting","quantity":1,"unitAmount":"100.00"}]}'
for _ in $(seq 20); do "${api[@]}" "$base/invoices" -d "$body"; done  # past the first pages of each B-tree

strace -f -qq -p $server_pid -e trace=pwrite64,fdatasync,fsync -o "$dir/strace" &
strace_pid=$!
sleep 1
for _ in $(seq "$n"); do "${api[@]}" "$base/invoices" -d "$body"; done
sleep 0.5
kill $strace_pid; wait $strace_pid 2>/dev/null || true

# Every connection opens the WAL (the writer and the readers): its fds.
wal_fds=$(for f in /proc/$server_pid/fd/*; do [ "$(readlink "$f")" = "$dir/b.db-wal" ] && basename "$f"; done | tr '\n' ,)
page_size=$(sqlite3 "$dir/b.db" 'PRAGMA page_size')
python3 - "$dir/strace" "$wal_fds" "$page_size" "$n" <<'PY'
import re, sys
path, fds, page_size, n = sys.argv[1], set(sys.argv[2].strip(",").split(",")), int(sys.argv[3]), int(sys.argv[4])
pages = syncs = 0
for line in open(path):
    write = re.search(r"pwrite64\((\d+),.*\) = (\d+)$", line)
    if write and write.group(1) in fds and int(write.group(2)) == page_size:
        pages += 1  # a frame is a 24-byte header write and a page write
    sync = re.search(r"f(?:data)?sync\((\d+)\)", line)
    if sync and sync.group(1) in fds:
        syncs += 1
print(f"{pages / n:.2f} WAL pages per CreateInvoice ({pages} in {n}), {syncs / n:.2f} WAL syncs")
PY
