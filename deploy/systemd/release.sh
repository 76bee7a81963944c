#!/usr/bin/env bash
# A release on one host, as the mockinterview user, with the site's environment:
#   set -a; . /etc/mockinterview/env; set +a; deploy/systemd/release.sh [--migrate]
# Every app server collects its own static files (the hashed names are the same on each);
# exactly one host, once per release, passes --migrate (before the servers are reloaded).
set -euo pipefail
cd "$(dirname "$0")/../.."
.venv/bin/pip install --quiet -r requirements.txt
.venv/bin/python manage.py compilemessages --ignore=.venv >/dev/null
.venv/bin/python manage.py collectstatic --noinput >/dev/null
if [ "${1:-}" = "--migrate" ]; then
  .venv/bin/python manage.py migrate --noinput
  .venv/bin/python manage.py createcachetable
  .venv/bin/python manage.py load_question_bank
fi
.venv/bin/python manage.py check --deploy
