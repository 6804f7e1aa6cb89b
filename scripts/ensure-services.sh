#!/usr/bin/env bash
# Development and CI machines run PostgreSQL (127.0.0.1:5432) and Redis (127.0.0.1:6379).
# Checks that they answer, and starts the machine's own copies when they are installed but stopped.
set -euo pipefail

answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! answers 5432 && command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "starting PostgreSQL..."
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
fi
if ! answers 6379 && command -v redis-server >/dev/null 2>&1; then
  echo "starting Redis..."
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi
for port in 5432 6379; do
  for _ in $(seq 1 30); do answers "$port" && break; sleep 1; done
  answers "$port" || { echo "nothing answers on 127.0.0.1:$port (PostgreSQL 5432, Redis 6379): start it, or see README" >&2; exit 1; }
done
