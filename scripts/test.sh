#!/usr/bin/env bash
# Set up, then run the whole test suite (tests needing ../shared skip with a reason where it is absent).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh "test,train"
.venv/bin/python -m pytest -q -rs "$@"
