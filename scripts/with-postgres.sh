#!/usr/bin/env bash
# scripts/with-postgres.sh CMD...: runs CMD with a throwaway PostgreSQL.
# Installs Debian's postgresql when missing, initdb's a cluster in a temp
# directory as the unprivileged user billingtest (PostgreSQL refuses to run
# as root), listens on 127.0.0.1 on a free port, creates database
# billing_test, and exports for CMD:
#   BILLING_TEST_POSTGRES_URI  postgresql://billingtest@127.0.0.1:PORT/billing_test
#   BILLING_TEST_POSTGRES_CTL  "start" / "stop" helper the outage test calls
# Connections as role billing_scram (which tests create) need a password.
# The cluster is stopped and deleted when CMD ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_VERSION=15
PG_BIN=/usr/lib/postgresql/$PG_VERSION/bin
if [ ! -x "$PG_BIN/initdb" ] || ! command -v psql >/dev/null 2>&1; then
  echo "with-postgres: installing postgresql-$PG_VERSION"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  # The package would start a system cluster on 5432; a temporary
  # policy-rc.d (exit 101: "not allowed") keeps it stopped: only the
  # binaries are wanted.
  policy=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "postgresql-$PG_VERSION" "postgresql-client-$PG_VERSION" || status=$?
  if [ -n "$policy" ]; then $SUDO rm -f "$policy"; fi
  if [ "${status:-0}" -ne 0 ]; then exit "$status"; fi
fi

run_as=()
user=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  user=billingtest
  if ! id "$user" >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin "$user"
  fi
  run_as=(setpriv --reuid="$user" --regid="$user" --init-groups --)
fi

dir=$(mktemp -d /tmp/billing-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" -eq 0 ] && chown "$user:" "$dir"
data=$dir/data
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')

cleanup() {
  "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# Trust on loopback only: the cluster lives for one test run. fsync off and
# a small shared_buffers keep it fast and light; durability is not tested
# against this throwaway cluster.
"${run_as[@]}" "$PG_BIN/initdb" -D "$data" -U "$user" --auth=trust --no-sync -E UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 300
shared_buffers = 64MB
CONF

# Role billing_scram must give its password (scram-sha-256), as on a managed
# PostgreSQL: a test connecting as it proves where its password came from.
# Every other role keeps trust. First match wins, so this line goes first.
sed -i '1i host all billing_scram 127.0.0.1/32 scram-sha-256' "$data/pg_hba.conf"

ctl() {
  case "$1" in
    start) "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 start >/dev/null ;;
    stop) "${run_as[@]}" "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null ;;
  esac
}
ctl start || { cat "$dir/server.log"; exit 1; }
"${run_as[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$port" -U "$user" billing_test

# A tiny control script, so tests can stop and start the cluster.
cat >"$dir/ctl" <<CTL
#!/usr/bin/env bash
set -euo pipefail
case "\$1" in
  start) ${run_as[*]} "$PG_BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 start >/dev/null ;;
  stop) ${run_as[*]} "$PG_BIN/pg_ctl" -D "$data" -m fast -w -t 30 stop >/dev/null ;;
  *) echo "usage: \$0 start|stop" >&2; exit 2 ;;
esac
CTL
chmod 755 "$dir/ctl"

export BILLING_TEST_POSTGRES_URI="postgresql://$user@127.0.0.1:$port/billing_test"
export BILLING_TEST_POSTGRES_CTL="$dir/ctl"
echo "with-postgres: PostgreSQL $PG_VERSION on 127.0.0.1:$port ($dir)"
"$@"
