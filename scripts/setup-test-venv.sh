#!/usr/bin/env bash
# Creates (or reuses) the Python venv the delivery tests run their SMTP
# server from, with tests/receivers/requirements.txt installed. Idempotent:
# a venv whose stamp matches the requirements is left alone, so that a
# second run costs nothing. Usage: scripts/setup-test-venv.sh VENV_DIR
set -euo pipefail
venv=${1:?usage: setup-test-venv.sh VENV_DIR}
requirements="$(cd "$(dirname "$0")/.." && pwd)/tests/receivers/requirements.txt"
stamp="$venv/.requirements"
if [ -x "$venv/bin/python" ] && cmp -s "$requirements" "$stamp"; then
  exit 0
fi
rm -rf "$venv"
python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes \
  -r "$requirements"
cp "$requirements" "$stamp"
