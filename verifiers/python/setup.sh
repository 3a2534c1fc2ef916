#!/usr/bin/env bash
# Creates the Python verifier's virtual environment (verifiers/python/.venv) with packages from PyPI only
# (requirements.txt: gmssl-pyx, a GmSSL binding shipped as a manylinux wheel). Idempotent; prints the interpreter.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="$here/.venv"
python="${DTL_PYTHON:-python3}"
stamp="$venv/.requirements"
if [ ! -x "$venv/bin/python" ] || ! cmp -s "$here/requirements.txt" "$stamp"; then
  "$python" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$here/requirements.txt" >&2
  cp "$here/requirements.txt" "$stamp"
fi
echo "$venv/bin/python"
