#!/usr/bin/env bash
# Install uv if missing, then the project and its locked dependencies.
# Sourced by the other scripts; sets UV to the command that runs uv.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export UV_PYTHON_DOWNLOADS=never  # use the machine's Python, never a download
if command -v uv >/dev/null 2>&1; then
  UV=(uv)
else
  if ! python3 -m uv --version >/dev/null 2>&1; then
    echo "Installing uv with pip..." >&2
    python3 -m pip install --quiet --disable-pip-version-check "uv>=0.8" >&2
  fi
  UV=(python3 -m uv)
fi
"${UV[@]}" sync --frozen --quiet
