#!/usr/bin/env bash
# Print the path of a Python 3.8 interpreter (Saleor 2.10.1 needs 3.8).
# Order: $PYTHON38, python3.8 on PATH, pyenv's 3.8.x, then uv (installs one).
set -euo pipefail
is38() { "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 8))' 2>/dev/null; }
for candidate in "${PYTHON38:-}" "$(command -v python3.8 || true)"; do
  if [ -n "$candidate" ] && is38 "$candidate"; then echo "$candidate"; exit 0; fi
done
if command -v pyenv >/dev/null 2>&1; then
  for candidate in "$(pyenv root)"/versions/3.8*/bin/python; do
    if [ -x "$candidate" ] && is38 "$candidate"; then echo "$candidate"; exit 0; fi
  done
fi
if command -v uv >/dev/null 2>&1; then
  uv python install 3.8 >&2 && uv python find 3.8 && exit 0
fi
echo "No Python 3.8 found: install one (pyenv install 3.8, or uv python install 3.8) or set PYTHON38." >&2
exit 1
