#!/usr/bin/env bash
# Create the Saleor 2.10.1 environment: Python 3.8, Saleor with its pins, and
# this plugin installed in editable mode with its test tools.
set -euo pipefail
venv=${1:-.venv}
python38=$(bash "$(dirname "$0")/find-python.sh" 3.8)
rm -rf "$venv"
"$python38" -m venv "$venv"
# pip >= 24.1 rejects celery 4.4.7's metadata ("pytz>dev"), which Saleor 2.10 needs.
"$venv/bin/pip" install --quiet --disable-pip-version-check "pip<24.1" wheel "setuptools<70" 2>&1 \
  | { grep -v "^WARNING: Location" || true; }
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  -c constraints/saleor210.txt saleor==2.10.1 -e ".[test]" 2>&1 \
  | grep -v -e "^DEPRECATION: celery" -e "yanked" -e "^WARNING: Location" || true
"$venv/bin/python" -c "import saleor, saleor_loyalty_plugin" 
