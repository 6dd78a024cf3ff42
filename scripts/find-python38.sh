#!/usr/bin/env bash
# Kept for old callers: print a Python 3.8 (Saleor 2.10.1's); see find-python.sh.
set -euo pipefail
exec bash "$(dirname "$0")/find-python.sh" 3.8
