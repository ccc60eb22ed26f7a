#!/usr/bin/env bash
# Set up, then run the main job on the bundled sample articles: prints a report, leaves quellen.db.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/quellen analyze examples/articles --db quellen.db --jsonl quellen.jsonl
