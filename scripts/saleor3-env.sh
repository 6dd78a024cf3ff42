#!/usr/bin/env bash
# The Saleor 3.23.28 host the plugin is tested in (Saleor 3 is not on PyPI), built
# once and cached. Prints on stdout only the path of an env.sh that sets
# SALEOR3_SRC (Saleor's source folder, for PYTHONPATH and its conftest.py) and
# SALEOR3_PYTHON (its venv's python, with Saleor's dev dependencies and this plugin
# installed editable). Use:  . "$(bash scripts/saleor3-env.sh)"
#
# Saleor's source, first found: $SALEOR3_SRC (a folder of yours, never written to),
# ../shared/hosts/saleor-3.23.28.tar.gz beside the repo, an archive downloaded
# earlier, else the 3.23.28 tag archive from Saleor's public GitHub repository.
# Everything built lives in $SALEOR3_HOME (default: .hosts/saleor3 in the repo).
# Rebuilt when the source (archive sha256, or folder path and uv.lock), the
# plugin's packaging metadata or this script change; otherwise answers at once.
set -euo pipefail
SALEOR3_VERSION=3.23.28
TEST_TOOLS="playwright==1.65.2 aiosmtpd==1.4.6"
SALEOR3_URL=https://github.com/saleor/saleor/archive/refs/tags/$SALEOR3_VERSION.tar.gz

caller_pwd=$PWD
repo=$(cd "$(dirname "$0")/.." && pwd)
script="$repo/scripts/$(basename "$0")"
abspath() { case "$1" in /*) echo "$1" ;; *) echo "$caller_pwd/$1" ;; esac; }
log() { echo "saleor3-env: $*" >&2; }
die() { log "$*"; exit 1; }
if command -v sha256sum >/dev/null 2>&1; then
  sha() { sha256sum "$1" | cut -d' ' -f1; }
else
  sha() { shasum -a 256 "$1" | cut -d' ' -f1; }
fi

home=$(abspath "${SALEOR3_HOME:-$repo/.hosts/saleor3}")
mkdir -p "$home"
home=$(cd "$home" && pwd)
venv="$home/venv"
stamp="$home/stamp"
envfile="$home/env.sh"
# Two builds at once (two make runs) would trample each other.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$home/.lock"
  flock 9
fi

# Where Saleor's source comes from, and a fingerprint of it for the stamp.
archive=""
if [ -n "${SALEOR3_SRC:-}" ]; then
  src=$(cd "$(abspath "$SALEOR3_SRC")" 2>/dev/null && pwd) \
    || die "SALEOR3_SRC=$SALEOR3_SRC is not a folder."
  for file in pyproject.toml uv.lock conftest.py saleor/channel/__init__.py; do
    [ -f "$src/$file" ] || die "SALEOR3_SRC=$src has no $file: not a Saleor 3 source tree."
  done
  source_id="folder $src, uv.lock $(sha "$src/uv.lock")"
else
  src="$home/saleor-$SALEOR3_VERSION"
  for candidate in "$repo/../shared/hosts/saleor-$SALEOR3_VERSION.tar.gz" \
      "$home/saleor-$SALEOR3_VERSION.tar.gz"; do
    if [ -f "$candidate" ]; then
      archive="$(cd "$(dirname "$candidate")" && pwd)/$(basename "$candidate")"; break
    fi
  done
  if [ -z "$archive" ]; then
    archive="$home/saleor-$SALEOR3_VERSION.tar.gz"
    log "no ../shared/hosts/saleor-$SALEOR3_VERSION.tar.gz; downloading $SALEOR3_URL"
    if command -v curl >/dev/null 2>&1; then
      fetch() { curl -fsSL --retry 2 --connect-timeout 20 -o "$2" "$1"; }
    else
      fetch() {
        python3 -c 'import sys, urllib.request
try: urllib.request.urlretrieve(*sys.argv[1:])
except Exception as error: sys.exit("download failed: %s" % error)' "$1" "$2"
      }
    fi
    if ! fetch "$SALEOR3_URL" "$archive.part"; then
      rm -f "$archive.part"
      die "could not download Saleor $SALEOR3_VERSION from $SALEOR3_URL.
  Either set SALEOR3_SRC to a Saleor $SALEOR3_VERSION source folder (git checkout of the tag),
  or put saleor-$SALEOR3_VERSION.tar.gz (that tag's archive) in ../shared/hosts/ or $home/."
    fi
    mv "$archive.part" "$archive"
  fi
  source_id="archive sha256 $(sha "$archive")"
fi
key="saleor $SALEOR3_VERSION; $source_id; script $(sha "$script")"
for file in setup.cfg setup.py pyproject.toml; do
  if [ -f "$repo/$file" ]; then key="$key; $file $(sha "$repo/$file")"; fi
done

if [ -f "$stamp" ] && [ -f "$envfile" ] && [ -x "$venv/bin/python" ] \
   && [ "$(cat "$stamp")" = "$key" ]; then
  echo "$envfile"
  exit 0
fi

log "building the Saleor $SALEOR3_VERSION environment in $home"
started=$(date +%s)
rm -f "$stamp" "$envfile"
if [ -n "$archive" ]; then
  log "extracting $archive"
  rm -rf "$src" "$home/extract"
  mkdir -p "$home/extract"
  tar -xzf "$archive" -C "$home/extract"
  top=$(ls -A "$home/extract")
  [ "$(printf '%s\n' "$top" | wc -l)" -eq 1 ] && [ -f "$home/extract/$top/uv.lock" ] \
    || die "$archive is not a Saleor source archive (expected one top folder with uv.lock)."
  mv "$home/extract/$top" "$src"
  rmdir "$home/extract"
fi

tools_bin=$(bash "$repo/scripts/tools-venv.sh" uv)
uv="$tools_bin/uv"
python312=$(UV="$uv" bash "$repo/scripts/find-python.sh" 3.12)
log "uv sync --frozen (Saleor's uv.lock with its dev group: pytest-django, freezegun, ...) on $python312"
# The venv lives in $home, not in the source folder, so $SALEOR3_SRC stays untouched.
(cd "$src" && UV_PROJECT_ENVIRONMENT="$venv" UV_PYTHON="$python312" UV_PYTHON_DOWNLOADS=never \
   "$uv" sync --frozen --quiet) >&2
log "installing this plugin (editable, no dependencies) into $venv"
"$uv" pip install --quiet --python "$venv/bin/python" --no-deps -e "$repo" >&2
# What our own tests use beyond Saleor's dev group: Playwright drives Debian's
# Chromium in the browser tests (its own browser download is never used), and
# aiosmtpd is the real SMTP server the mail tests talk to.
log "installing the browser and mail test tools ($TEST_TOOLS)"
# shellcheck disable=SC2086
"$uv" pip install --quiet --python "$venv/bin/python" $TEST_TOOLS >&2
PYTHONPATH="$src" "$venv/bin/python" -c '
import importlib.metadata as metadata
import saleor.channel, pytest_django, freezegun, playwright, aiosmtpd  # noqa: F401
metadata.distribution("saleor-loyalty-plugin")
' >&2 || die "the built environment does not import Saleor, pytest-django and freezegun."

{
  echo "# Written by scripts/saleor3-env.sh; use: . \"\$(bash scripts/saleor3-env.sh)\""
  printf 'SALEOR3_SRC=%q\n' "$src"
  printf 'SALEOR3_PYTHON=%q\n' "$venv/bin/python"
} >"$envfile"
echo "$key" >"$stamp"
log "ready in $(($(date +%s) - started)) s"
echo "$envfile"
