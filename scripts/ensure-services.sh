#!/usr/bin/env bash
# Makes sure the local PostgreSQL and Redis that the service and the tests use are
# answering; starts them when this machine has them installed, or says exactly how.
set -euo pipefail

pg_host=127.0.0.1 pg_port=5432 redis_host=127.0.0.1 redis_port=6379
here=$(cd "$(dirname "$0")/.." && pwd)

postgres_up() { pg_isready -q -h "$pg_host" -p "$pg_port" 2>/dev/null; }
redis_up() { [ "$(redis-cli -h "$redis_host" -p "$redis_port" ping 2>/dev/null)" = "PONG" ]; }
wait_for() { for _ in $(seq 1 50); do "$1" && return 0; sleep 0.2; done; return 1; }

if ! postgres_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "PostgreSQL is not answering on $pg_host:$pg_port; starting the local cluster"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    echo "PostgreSQL is not answering; starting it with docker compose"
    docker compose -f "$here/docker-compose.yml" up -d postgres
  fi
  if ! wait_for postgres_up; then
    cat >&2 <<MSG
PostgreSQL is not answering on $pg_host:$pg_port and could not be started here.
Start one that trusts local connections as user postgres, for example:
  docker compose up -d postgres          (needs a Docker engine)
  sudo apt-get install postgresql && sudo pg_ctlcluster 15 main start
MSG
    exit 1
  fi
fi

if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "Redis is not answering on $redis_host:$redis_port; starting a local one (data in .local/redis)"
    mkdir -p "$here/.local/redis"
    redis-server --daemonize yes --bind "$redis_host" --port "$redis_port" --dir "$here/.local/redis" \
      --appendonly yes --maxmemory-policy noeviction --logfile "$here/.local/redis/redis.log"
  elif command -v docker >/dev/null && docker info >/dev/null 2>&1; then
    echo "Redis is not answering; starting it with docker compose"
    docker compose -f "$here/docker-compose.yml" up -d redis
  fi
  if ! wait_for redis_up; then
    cat >&2 <<MSG
Redis is not answering on $redis_host:$redis_port and could not be started here.
Start one, for example:
  docker compose up -d redis             (needs a Docker engine)
  sudo apt-get install redis-server && redis-server --daemonize yes --maxmemory-policy noeviction
MSG
    exit 1
  fi
fi

policy=$(redis-cli -h "$redis_host" -p "$redis_port" config get maxmemory-policy 2>/dev/null | tail -n1 || true)
if [ -n "$policy" ] && [ "$policy" != "noeviction" ]; then
  echo "warning: Redis maxmemory-policy is $policy; BullMQ needs noeviction or queued jobs may be evicted" >&2
fi

# The browser tests' Chromium (Debian's package; never a download): installed when missing, or a warning saying how.
bash "$here/scripts/ensure-chromium.sh"
