#!/usr/bin/env bash
# Print the absolute path of a Python X.Y interpreter: each Saleor host needs its
# own (2.10.1 runs on 3.8, 3.23 on 3.12), so a venv must start from the right one.
# Usage: find-python.sh 3.12
# Order: $PYTHONXY ($PYTHON38, $PYTHON312, ...), pythonX.Y on PATH, pyenv's X.Y.*,
# then uv (`uv python install X.Y`; uv from $UV or PATH). The printed path is the
# interpreter itself, never a pyenv shim (a shim's answer depends on the directory).
set -euo pipefail
version=${1:-}
case "$version" in
  [23].[0-9] | [23].[0-9][0-9]) ;;
  *) echo "usage: find-python.sh X.Y (e.g. 3.8 or 3.12)" >&2; exit 2 ;;
esac
major=${version%%.*}
minor=${version#*.}
env_name="PYTHON${major}${minor}"

# Print the interpreter's real path if it is Python X.Y, else fail quietly.
resolve() {
  [ -n "$1" ] || return 1
  "$1" -c "import sys
ok = sys.version_info[:2] == ($major, $minor)
if ok: print(sys.executable)
sys.exit(not ok)" 2>/dev/null
}

if [ -n "${!env_name:-}" ]; then
  if resolve "${!env_name}"; then exit 0; fi
  echo "find-python.sh: \$$env_name=${!env_name} is not Python $version; looking elsewhere." >&2
fi
resolve "$(command -v "python$version" || true)" && exit 0

pyenv_root=""
if command -v pyenv >/dev/null 2>&1; then
  pyenv_root=$(pyenv root)
elif [ -d "${PYENV_ROOT:-$HOME/.pyenv}/versions" ]; then
  pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
fi
if [ -n "$pyenv_root" ]; then
  # Newest patch release first.
  while IFS= read -r candidate; do
    resolve "$candidate" && exit 0
  done < <(for candidate in "$pyenv_root/versions/$version"/bin/python \
             "$pyenv_root/versions/$version".*/bin/python; do
             [ -x "$candidate" ] && echo "$candidate"
           done | sort -rV)
fi

uv=${UV:-$(command -v uv || true)}
if [ -n "$uv" ]; then
  echo "find-python.sh: no Python $version here; asking uv to install one..." >&2
  if "$uv" python install "$version" >&2; then
    resolve "$("$uv" python find "$version" 2>/dev/null || true)" && exit 0
  fi
fi
echo "No Python $version found: install one (pyenv install $version, or uv python install $version)" \
  "or set $env_name to its path." >&2
exit 1
