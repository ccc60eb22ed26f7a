"""A real database for the serve tests: the bundled examples plus a hostile article, analysed by ``quellen
analyze`` (the real CLI, ledger included)."""
from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from quellen.cli import app as cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"

# An article whose quoted statements carry markup: it must come back verbatim from the API and render as text.
HOSTILE = """Innenministerin warnt vor Angriffen auf Wahlkreisbüros

„<script>window.__xss=1</script> ist gefährlich“, sagte Innenministerin Anna Beispiel am Montag in Berlin.
Laut dem Verband <img src=x onerror="window.__xss=2"> sei das &lt;b&gt;falsch&lt;/b&gt; und <a href="javascript:window.__xss=3">hier klicken</a>.
Der Verband dementierte den Bericht am Dienstag entschieden.
Die Polizei teilte mit, es habe in diesem Jahr bereits zwölf Angriffe gegeben.
"""


def build(folder: Path) -> tuple[str, list[dict]]:
    """(database path, the JSONL export's records) for the examples and the hostile article."""
    hostile = folder / "angriff.txt"
    hostile.write_text(HOSTILE, encoding="utf-8")
    db, jsonl = folder / "q.db", folder / "q.jsonl"
    result = CliRunner().invoke(cli, ["analyze", str(EXAMPLES), str(hostile), "--db", str(db), "--no-report",
                                      "--jsonl", str(jsonl)])
    assert result.exit_code == 0, result.output
    return str(db), [json.loads(line) for line in jsonl.read_text("utf-8").splitlines()]
