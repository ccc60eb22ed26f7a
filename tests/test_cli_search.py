"""End to end through the CLI with the full pipeline: analyze -> SQLite -> search / show / export."""
import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

from quellen.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
runner = CliRunner()


def test_analyze_then_search_show_export(tmp_path):
    db = tmp_path / "q.db"
    res = runner.invoke(app, ["analyze", str(EXAMPLES), "--db", str(db), "--jsonl", str(tmp_path / "o.jsonl"),
                              "--no-report"])
    assert res.exit_code == 0, res.output
    docs = [json.loads(line) for line in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 5
    denials = [a for d in docs for a in d["attributions"] if a["type"] == "denial"]
    assert denials and all(a["cue"]["text"] for a in denials)

    res = runner.invoke(app, ["search", "Strompreis OR Erhöhung", "--db", str(db)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(app, ["search", "Vorwürfe", "--type", "denial", "--db", str(db)])
    assert res.exit_code == 0 and "denial" in res.output, res.output
    res = runner.invoke(app, ["search", "Erhöhung", "--kind", "anonymous", "--db", str(db)])
    assert res.exit_code == 0 and "anonymous" in res.output, res.output

    res = runner.invoke(app, ["show", "stadtwerke", "--db", str(db)])
    assert res.exit_code == 0 and "Albers" in res.output, res.output

    res = runner.invoke(app, ["export", "--format", "csv", "--db", str(db)])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert len(rows) == sum(len(d["attributions"]) for d in docs)

    # idempotent: a second run over the same input leaves the same database content
    before = runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db)]).stdout
    runner.invoke(app, ["analyze", str(EXAMPLES), "--db", str(db), "--no-report"])
    assert runner.invoke(app, ["export", "--format", "jsonl", "--db", str(db)]).stdout == before
