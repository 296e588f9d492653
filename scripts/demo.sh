#!/usr/bin/env bash
# The main job end to end: install, start the sandbox, run
# `meltano run tap-brightmetrics target-csv` twice, print what landed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec "${UV[@]}" run --frozen python scripts/demo.py "$@"
