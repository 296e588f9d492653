#!/usr/bin/env bash
# Run the whole test suite on two workers. Extra arguments go to pytest.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
exec "${UV[@]}" run --frozen pytest -n 2 "$@"
