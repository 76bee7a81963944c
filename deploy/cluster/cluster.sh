#!/usr/bin/env bash
# A cluster on one machine, on loopback only, as several hosts would run it (`make cluster`):
# HAProxy in front of two gunicorn app servers, one PostgreSQL database, redis-server for
# the cache, sessions and rate limits, moto in server mode as the S3 object store, and one
# `manage.py db_worker`. PID files and logs go to the run folder (CLUSTER_RUN).
#
#   deploy/cluster/cluster.sh start        start everything; returns once each part answers
#   deploy/cluster/cluster.sh stop         stop everything this script started
#   deploy/cluster/cluster.sh status       which parts run
#   deploy/cluster/cluster.sh env          the app servers' environment, KEY=VALUE lines
#   deploy/cluster/cluster.sh start-app N  start app server N (1 or 2) again
#
# Needs a running PostgreSQL reachable at CLUSTER_DATABASE_URL (its role may create the
# database), and Debian's redis-server and haproxy. Ports and the database, with defaults:
#   CLUSTER_PORT=18000 (HAProxy), CLUSTER_APP1_PORT=18001, CLUSTER_APP2_PORT=18002,
#   CLUSTER_STATS_PORT=18003 (HAProxy's statistics page), CLUSTER_S3_PORT=18078,
#   CLUSTER_REDIS_PORT=18079,
#   CLUSTER_DATABASE_URL=postgres://mockinterview:mockinterview@127.0.0.1:5432/mi_cluster
#   CLUSTER_RUN=run/cluster, WEB_CONCURRENCY=2 (gunicorn workers per app server)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BIN="$ROOT/.venv/bin"

export CLUSTER_PORT=${CLUSTER_PORT:-18000}
export CLUSTER_APP1_PORT=${CLUSTER_APP1_PORT:-18001}
export CLUSTER_APP2_PORT=${CLUSTER_APP2_PORT:-18002}
export CLUSTER_STATS_PORT=${CLUSTER_STATS_PORT:-18003}
CLUSTER_S3_PORT=${CLUSTER_S3_PORT:-18078}
CLUSTER_REDIS_PORT=${CLUSTER_REDIS_PORT:-18079}
CLUSTER_DATABASE_URL=${CLUSTER_DATABASE_URL:-postgres://mockinterview:mockinterview@127.0.0.1:5432/mi_cluster}
RUN=$(mkdir -p "${CLUSTER_RUN:-run/cluster}" && cd "${CLUSTER_RUN:-run/cluster}" && pwd)
WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
BUCKET=mi-cluster

# What every app server and the worker get: the same secret key, database, Redis and bucket.
app_env() {
  if [ ! -s "$RUN/secret_key" ]; then
    (umask 077 && "$BIN/python" -c "import secrets; print(secrets.token_urlsafe(50))" >"$RUN/secret_key")
  fi
  cat <<ENV
DJANGO_DEBUG=0
DJANGO_SECRET_KEY=$(cat "$RUN/secret_key")
DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
DJANGO_SECURE_SSL_REDIRECT=0
DJANGO_SECURE_COOKIES=0
DJANGO_HSTS_SECONDS=0
DJANGO_TRUSTED_PROXY_COUNT=1
DJANGO_STATIC_ROOT=$RUN/static
DATABASE_URL=$CLUSTER_DATABASE_URL
REDIS_URL=redis://127.0.0.1:$CLUSTER_REDIS_PORT/0
DJANGO_STORAGE_BUCKET=$BUCKET
DJANGO_STORAGE_ENDPOINT_URL=http://127.0.0.1:$CLUSTER_S3_PORT
DJANGO_STORAGE_REGION=us-east-1
DJANGO_STORAGE_ACCESS_KEY=cluster
DJANGO_STORAGE_SECRET_KEY=cluster-secret
DJANGO_TASKS_BACKEND=database
ENV
}

load_env() {
  while IFS= read -r line; do export "${line?}"; done < <(app_env)
}

alive() {  # alive NAME: its PID file names a running process
  [ -s "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null
}

wait_for() {  # wait_for WHAT SECONDS COMMAND...: until the command succeeds
  local what=$1 seconds=$2
  shift 2
  for _ in $(seq 1 $((seconds * 10))); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "cluster: $what did not answer within $seconds s; see $RUN" >&2
  return 1
}

answers() {  # answers URL: an HTTP 200 from it
  "$BIN/python" -c "import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)" "$1"
}

start_redis() {
  alive redis && return 0
  command -v redis-server >/dev/null || { echo "cluster: install redis-server (apt-get install redis-server)" >&2; exit 1; }
  # A cache: nothing is written to disk.
  redis-server --bind 127.0.0.1 --port "$CLUSTER_REDIS_PORT" --daemonize yes \
    --pidfile "$RUN/redis.pid" --logfile "$RUN/redis.log" --dir "$RUN" --save "" --appendonly no
  wait_for redis 10 redis-cli -p "$CLUSTER_REDIS_PORT" ping
}

start_s3() {
  if ! alive s3; then
    nohup "$BIN/moto_server" -H 127.0.0.1 -p "$CLUSTER_S3_PORT" >"$RUN/s3.log" 2>&1 &
    echo $! >"$RUN/s3.pid"
  fi
  wait_for "moto (S3)" 30 answers "http://127.0.0.1:$CLUSTER_S3_PORT/moto-api/"
  "$BIN/python" - <<'PY'
import os

import boto3

s3 = boto3.client(
    "s3",
    endpoint_url=os.environ["DJANGO_STORAGE_ENDPOINT_URL"],
    region_name=os.environ["DJANGO_STORAGE_REGION"],
    aws_access_key_id=os.environ["DJANGO_STORAGE_ACCESS_KEY"],
    aws_secret_access_key=os.environ["DJANGO_STORAGE_SECRET_KEY"],
)
if os.environ["DJANGO_STORAGE_BUCKET"] not in {b["Name"] for b in s3.list_buckets()["Buckets"]}:
    s3.create_bucket(Bucket=os.environ["DJANGO_STORAGE_BUCKET"])
PY
}

prepare_database() {
  # Create the cluster's own database if need be, then what `make serve` does once.
  "$BIN/python" - <<'PY'
import os

import dj_database_url
import psycopg

settings = dj_database_url.parse(os.environ["DATABASE_URL"])
with psycopg.connect(
    dbname="postgres",
    user=settings["USER"],
    password=settings["PASSWORD"],
    host=settings["HOST"],
    port=settings["PORT"] or 5432,
    autocommit=True,
) as connection:
    if not connection.execute(
        "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
    ).fetchone():
        connection.execute(f'CREATE DATABASE "{settings["NAME"]}"')
PY
  "$BIN/python" manage.py compilemessages --ignore=.venv >/dev/null
  "$BIN/python" manage.py migrate --noinput >"$RUN/migrate.log"
  "$BIN/python" manage.py createcachetable
  "$BIN/python" manage.py load_question_bank >>"$RUN/migrate.log"
  # Once for every server: the hashed names are the same on each.
  "$BIN/python" manage.py collectstatic --noinput >/dev/null
}

start_app() {  # start_app N
  local name="app$1" port_var="CLUSTER_APP$1_PORT"
  local port=${!port_var}
  alive "$name" && return 0
  # As `make serve` runs gunicorn; each server logs to a file of its own.
  "$BIN/gunicorn" config.wsgi --bind "127.0.0.1:$port" --workers "$WEB_CONCURRENCY" \
    --threads "${GUNICORN_THREADS:-1}" --worker-class "${GUNICORN_WORKER_CLASS:-sync}" \
    --keep-alive "${GUNICORN_KEEPALIVE:-5}" --forwarded-allow-ips 127.0.0.1 \
    --access-logfile "$RUN/$name.log" --error-logfile "$RUN/$name.log" \
    --pid "$RUN/$name.pid" --daemon
  wait_for "$name" 60 answers "http://127.0.0.1:$port/healthz/"
}

start_worker() {
  alive worker && return 0
  nohup "$BIN/python" manage.py db_worker --interval 1 >"$RUN/worker.log" 2>&1 &
  echo $! >"$RUN/worker.pid"
}

start_haproxy() {
  alive haproxy && return 0
  command -v haproxy >/dev/null || { echo "cluster: install haproxy (apt-get install haproxy)" >&2; exit 1; }
  nohup haproxy -db -f deploy/cluster/haproxy.cfg >"$RUN/haproxy.log" 2>&1 &
  echo $! >"$RUN/haproxy.pid"
  wait_for haproxy 10 answers "http://127.0.0.1:$CLUSTER_PORT/healthz/"
}

stop_one() {  # stop_one NAME: SIGTERM, then SIGKILL after 15 s
  local pid
  [ -s "$RUN/$1.pid" ] || return 0
  pid=$(cat "$RUN/$1.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$RUN/$1.pid"
}

PARTS="haproxy app1 app2 worker s3 redis"

case "${1:-}" in
  start)
    load_env
    start_redis
    start_s3
    prepare_database
    start_app 1
    start_app 2
    start_worker
    start_haproxy
    echo "cluster: http://127.0.0.1:$CLUSTER_PORT/ (HAProxy; statistics on :$CLUSTER_STATS_PORT); logs in $RUN"
    ;;
  start-app)
    load_env
    start_app "${2:?which app server, 1 or 2}"
    ;;
  stop)
    for part in $PARTS; do stop_one "$part"; done
    echo "cluster: stopped"
    ;;
  status)
    for part in $PARTS; do
      if alive "$part"; then echo "$part: running ($(cat "$RUN/$part.pid"))"; else echo "$part: stopped"; fi
    done
    ;;
  env)
    app_env
    ;;
  *)
    echo "usage: $0 start|stop|status|env|start-app N" >&2
    exit 2
    ;;
esac
