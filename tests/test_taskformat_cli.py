"""`quellen spkatt predict` writes one output file per input, in the task format, even for broken input."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quellen.attribution.learned import load_attributor
from quellen.taskformat.cli import app
from quellen.taskformat.io import read_doc

ARTICLE = {
    "DocumentName": "hand",
    "Sentences": [
        {"SentenceId": 0, "Tokens": "Kremlsprecher Peskow sagte am Montag , Russland sei zu Verhandlungen bereit .".split()},
        {"SentenceId": 1, "Tokens": "„ Wir sind offen für Gespräche “ , sagte Peskow .".split()},
    ],
}


def test_predict_writes_every_file(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "good.json").write_text(json.dumps(ARTICLE, ensure_ascii=False), encoding="utf-8")
    (src / "broken.json").write_text("{not json", encoding="utf-8")
    (src / "empty.json").write_text(json.dumps({"DocumentName": "e", "Sentences": []}), encoding="utf-8")
    result = CliRunner().invoke(app, ["predict", str(src), str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.json")) == ["broken.json", "empty.json", "good.json"]
    assert "broken.json" in result.output   # a warning names the article it could not handle
    doc = read_doc(out / "good.json")
    assert doc.sentences == [s["Tokens"] for s in ARTICLE["Sentences"]]
    if load_attributor() is None:
        pytest.skip("no shipped attribution model")
    assert doc.annotations, "no attribution found"
    for a in doc.annotations:
        for s, t in a.message + a.cue + a.source + a.addr + a.frame:
            assert 0 <= t < len(doc.sentences[s])
    assert {a.form for a in doc.annotations} <= {"Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported"}
    assert read_doc(out / "empty.json").annotations == []
