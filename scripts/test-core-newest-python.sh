#!/usr/bin/env bash
# The rules in saleor_loyalty_plugin/core must run on Python 3.8-3.12. The main
# suite runs them on 3.8 (Saleor 2.10's Python); this runs them again on the
# newest available 3.9-3.12, with nothing but pytest installed (no Django, no Saleor).
set -euo pipefail
python=""
for version in 3.12 3.11 3.10 3.9; do
  for candidate in "$(command -v python$version || true)" \
      $(command -v pyenv >/dev/null 2>&1 && ls -d "$(pyenv root)"/versions/$version*/bin/python 2>/dev/null); do
    if [ -n "$candidate" ] && "$candidate" -c 'import venv' >/dev/null 2>&1; then
      python=$candidate; break 2
    fi
  done
done
if [ -z "$python" ]; then echo "No Python 3.9-3.12 found; core tests ran on 3.8 only."; exit 0; fi
venv=.venv-core
if [ ! -x "$venv/bin/pytest" ]; then
  "$python" -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check pytest
fi
echo "Core rules on $("$venv/bin/python" --version):"
"$venv/bin/python" -m pytest -q -p no:cacheprovider -p no:django -W ignore::pytest.PytestConfigWarning tests/core
