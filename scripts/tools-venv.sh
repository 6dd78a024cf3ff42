#!/usr/bin/env bash
# A small venv of build tools from PyPI (uv for the Saleor 3 host, build and twine
# for `make dist`), kept apart from both Saleor venvs so neither gets polluted.
# Usage: tools-venv.sh PACKAGE...   -> installs what is missing, prints the venv's bin/.
# Location: $LOYALTY_TOOLS, default .hosts/tools in the repo. Logs go to stderr.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
tools=${LOYALTY_TOOLS:-$repo/.hosts/tools}

if [ ! -x "$tools/bin/python" ]; then
  # Any Python 3.8+ will do: the tools are not tied to a Saleor generation.
  python=""
  for candidate in "${PYTHON:-}" python3 python; do
    if [ -n "$candidate" ] && command -v "$candidate" >/dev/null 2>&1 && \
       "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 8))' 2>/dev/null; then
      python=$(command -v "$candidate"); break
    fi
  done
  [ -n "$python" ] || { echo "tools-venv.sh: no Python 3.8+ with venv found (set PYTHON)." >&2; exit 1; }
  echo "Creating tools venv $tools with $("$python" --version 2>&1)..." >&2
  rm -rf "$tools"
  "$python" -m venv "$tools"
fi

missing=()
for package in "$@"; do
  [ -e "$tools/.have-$package" ] || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} into $tools..." >&2
  "$tools/bin/python" -m pip install --quiet --disable-pip-version-check "${missing[@]}" 2>&1 \
    | { grep -v "^WARNING: Location" || true; } >&2
  for package in "${missing[@]}"; do touch "$tools/.have-$package"; done
fi
echo "$tools/bin"
