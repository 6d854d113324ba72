#!/usr/bin/env bash
# Makes sure the local PostgreSQL and Redis answer, starting them when they do not.
# Both are the machine's own services (Debian packages); nothing here installs them.
set -euo pipefail

postgres_up() { pg_isready -h 127.0.0.1 -p 5432 -q; }
redis_up() { [[ "$(redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" == "PONG" ]]; }

wait_for() {
  local what=$1 check=$2
  for _ in $(seq 1 30); do
    if $check; then return 0; fi
    sleep 1
  done
  echo "error: $what does not answer on 127.0.0.1" >&2
  return 1
}

if ! postgres_up; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
fi
wait_for PostgreSQL postgres_up

if ! redis_up; then
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
wait_for Redis redis_up
