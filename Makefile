# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint format fixtures messages serve bench profile loadtest \
	tune-feedback eval-feedback bench-feedback cluster cluster-stop cluster-test cluster-loadtest

# Reinstall only when a requirements file changes.
$(BIN)/.install-stamp: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(BIN)/.install-stamp

run: install
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null
	$(PY) manage.py migrate --noinput
	$(PY) manage.py createcachetable
	$(PY) manage.py load_question_bank
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(PY) manage.py compilemessages --ignore=.venv >/dev/null
	@test -x /usr/bin/chromium || echo "note: /usr/bin/chromium is missing, so the browser tests will be skipped; install it with: apt-get install chromium"
	@command -v espeak-ng >/dev/null || echo "note: espeak-ng is missing, so the voice browser tests will be skipped; install it with: apt-get install espeak-ng"
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run >/dev/null
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Regenerate fixtures/questions.json from the seed into a throwaway database.
SEED ?= ../shared/seed/llm-interview-questions.md
fixtures: install
	rm -f /tmp/mockinterview-fixtures.sqlite3
	DATABASE_URL=sqlite:////tmp/mockinterview-fixtures.sqlite3 $(PY) manage.py migrate --noinput >/dev/null
	DATABASE_URL=sqlite:////tmp/mockinterview-fixtures.sqlite3 $(PY) manage.py import_questions $(SEED) --metadata fixtures/seed-metadata.json
	DATABASE_URL=sqlite:////tmp/mockinterview-fixtures.sqlite3 $(PY) manage.py dumpdata questions.source questions.tag questions.question questions.keypoint --indent 2 --output fixtures/questions.json
	rm -f /tmp/mockinterview-fixtures.sqlite3

messages: install
	$(PY) manage.py makemessages --locale zh_Hans --locale en --ignore=.venv --ignore=bench --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

# Production: DEBUG off, static files collected (compressed, hashed), gunicorn.
# Needs DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS; see README.md.
# gunicorn's workers, threads per worker and worker class; `make loadtest` uses the same.
WEB_CONCURRENCY ?= 2
GUNICORN_THREADS ?= 1
GUNICORN_WORKER_CLASS ?= sync
# Seconds an idle keep-alive connection stays open (threaded workers only; sync ones close
# each): longer than the 2 s between autosaves, or a save may go out on a socket being closed.
GUNICORN_KEEPALIVE ?= 5
GUNICORN_ENV = WEB_CONCURRENCY=$(WEB_CONCURRENCY) GUNICORN_THREADS=$(GUNICORN_THREADS) \
	GUNICORN_WORKER_CLASS=$(GUNICORN_WORKER_CLASS) GUNICORN_KEEPALIVE=$(GUNICORN_KEEPALIVE)
serve: install
	DJANGO_DEBUG=0 $(PY) manage.py compilemessages --ignore=.venv >/dev/null
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --noinput >/dev/null
	DJANGO_DEBUG=0 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=0 $(PY) manage.py createcachetable
	DJANGO_DEBUG=0 $(PY) manage.py load_question_bank
	# The background jobs' worker runs beside gunicorn and stops with it.
	DJANGO_DEBUG=0 $(PY) manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	DJANGO_DEBUG=0 $(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WEB_CONCURRENCY) \
		--threads $(GUNICORN_THREADS) --worker-class $(GUNICORN_WORKER_CLASS) \
		--keep-alive $(GUNICORN_KEEPALIVE) \
		--access-logfile - --error-logfile - --forwarded-allow-ips="$${FORWARDED_ALLOW_IPS:-127.0.0.1}"

# Benchmark against a bare Django view; not part of `make test`.
bench: install
	$(PY) bench/run.py

# Where the time of each hot request goes (cProfile), on the benchmark's database.
profile: install
	$(PY) bench/hotspots.py

# 200 candidates taking an interview at once through gunicorn, then a check that nothing
# was lost; not part of `make test` (a short run of it is). See bench/loadtest.py.
# FAULTS=1: also kill a worker and stop PostgreSQL for 10 s mid-run (bench/faults.py).
FAULTS ?= 0
loadtest: install
	$(GUNICORN_ENV) LOADTEST_FAULTS=$(FAULTS) $(PY) bench/loadtest.py

# Key-point feedback against the hand-labelled answers; not part of `make test`.
# tune-feedback chooses thresholds on the tuning half and writes feedback/eval/thresholds.json;
# eval-feedback only reads them and reports on the held-out half. FEEDBACK_ARGS may name
# other files (--answers, --metadata, --fixture, --thresholds).
FEEDBACK_ARGS ?=
tune-feedback: install
	$(PY) manage.py tune_feedback $(FEEDBACK_ARGS)

eval-feedback: install
	$(PY) manage.py eval_feedback $(FEEDBACK_ARGS)

bench-feedback: install
	$(PY) manage.py bench_feedback

# Several app servers on one machine, on loopback: HAProxy on :18000 in front of two
# gunicorn servers, PostgreSQL (CLUSTER_DATABASE_URL, database mi_cluster), redis-server,
# moto as the S3 store and one db_worker; see deploy/cluster/cluster.sh and README.md
# ("Deployment on several machines"). Needs: apt-get install redis-server haproxy.
cluster: install
	deploy/cluster/cluster.sh start

cluster-stop:
	deploy/cluster/cluster.sh stop

# The cluster's own tests (cluster/, not collected by `make test`): they start the cluster,
# check what must be shared across its servers, then run the load test through HAProxy
# with one app server killed mid-exam, and stop it again.
cluster-test: install
	set -a && eval "$$(deploy/cluster/cluster.sh env)" && set +a && \
		$(BIN)/pytest -p no:cacheprovider cluster

# The load test alone against a running `make cluster`, app server 1 killed mid-exam and
# started again (CLUSTER_KILL=0: none killed); see cluster/loadtest.py.
cluster-loadtest: install
	set -a && eval "$$(deploy/cluster/cluster.sh env)" && set +a && $(PY) cluster/loadtest.py
