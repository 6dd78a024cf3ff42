#!/usr/bin/env bash
# make test-saleor3: the suite inside Saleor 3.23.28 (the main host). Builds the
# host with saleor3-env.sh on first use (SALEOR3_SRC or SALEOR_SRC names your own
# Saleor source; add SALEOR3_PYTHON to use your own venv as it is), prepares the
# test database from a migrated template (saleor3_test_db.py; SALEOR3_REUSE_DB=0
# turns that off), then runs pytest from the repo root. Extra arguments go to pytest.
# PostgreSQL: $SALEOR3_DATABASE_URL, default 127.0.0.1 (Saleor's tests want that
# host) with database name loyalty3, apart from the 2.10 suite's `loyalty`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ -n "${SALEOR_SRC:-}" ] && [ -z "${SALEOR3_SRC:-}" ]; then
  export SALEOR3_SRC=$SALEOR_SRC
fi
if [ -n "${SALEOR3_SRC:-}" ] && [ -n "${SALEOR3_PYTHON:-}" ]; then
  echo "Saleor 3: your environment as it is ($SALEOR3_PYTHON, source $SALEOR3_SRC)"
else
  started=$(date +%s)
  envfile=$(bash scripts/saleor3-env.sh)
  # shellcheck source=/dev/null
  . "$envfile"
  echo "Saleor 3 environment ready in $(($(date +%s) - started)) s: $SALEOR3_PYTHON"
fi

export DATABASE_URL=${SALEOR3_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/loyalty3}
export DJANGO_SETTINGS_MODULE=tests.settings
export SALEOR_SRC=$SALEOR3_SRC
export PYTHONPATH=$SALEOR3_SRC

database_args=()
if [ "${SALEOR3_REUSE_DB:-1}" = 1 ]; then
  started=$(date +%s)
  if [ "$("$SALEOR3_PYTHON" scripts/saleor3_test_db.py || true)" = "--reuse-db" ]; then
    database_args=(--reuse-db)
  fi
  echo "Saleor 3 test database ready in $(($(date +%s) - started)) s"
fi
exec "$SALEOR3_PYTHON" -m pytest -n 0 -p no:cacheprovider ${database_args[@]+"${database_args[@]}"} "$@"
