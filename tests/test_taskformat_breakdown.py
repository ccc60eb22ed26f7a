"""The score breakdown (detection against roles) uses the shared scorer's pairing and adds up to its counts."""
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "tools" / "spkatt_score.py"
pytestmark = pytest.mark.skipif(not SCORER.exists(), reason=f"shared task scorer not found at {SCORER}")

SENTENCES = [
    "Der Minister sagte , die Lage sei ernst .".split(),
    "„ Wir handeln jetzt “ , erklärte die Sprecherin .".split(),
    "Am Abend regnete es in Berlin .".split(),
]


def ann(form, message, cue=(), source=()):
    return {"Form": form, "STWR": "Speech", "Message": list(message), "Cue": list(cue), "Source": list(source),
            "Addr": [], "Frame": []}


def article(annotations):
    return {"DocumentName": "t", "Sentences": [{"SentenceId": i, "Tokens": t} for i, t in enumerate(SENTENCES)],
            "Annotations": annotations}


@pytest.fixture()
def dirs(tmp_path):
    gold, pred = tmp_path / "gold", tmp_path / "pred"
    gold.mkdir()
    pred.mkdir()
    indirect = ann("Indirect", ["0:4", "0:5", "0:6", "0:7"], cue=["0:2"], source=["0:0", "0:1"])
    direct = ann("Direct", ["1:0", "1:1", "1:2", "1:3", "1:4"], cue=["1:6"], source=["1:7", "1:8"])
    (gold / "a.json").write_text(json.dumps(article([indirect, direct])), encoding="utf-8")
    # found: the indirect one, with the right cue but half its source; missed: the quotation;
    # spurious: a message in the weather sentence
    found = ann("Indirect", ["0:4", "0:5", "0:6", "0:7"], cue=["0:2"], source=["0:1"])
    wrong = ann("Reported", ["2:0", "2:1", "2:2", "2:3"], source=["2:5"])
    (pred / "a.json").write_text(json.dumps(article([found, wrong])), encoding="utf-8")
    return gold, pred


def test_breakdown_counts_missed_spurious_and_roles_of_found_pairs(dirs):
    from quellen.taskformat.breakdown import breakdown
    from quellen.taskformat.evaluate import load_scorer

    b = breakdown(*dirs, load_scorer(SCORER))
    assert (b["gold"], b["predicted"], b["missed"], b["spurious"]) == (2, 2, 1, 1)
    assert b["by_form"]["Direct"]["missed"] == 1 and b["by_form"]["Indirect"]["missed"] == 0
    assert b["by_form"]["Reported"] == {"gold": 0, "missed": 0, "predicted": 1, "spurious": 1, "recall": {}}
    assert b["by_form"]["Indirect"]["recall"] == {"Message": 1.0, "Cue": 1.0, "Source": 0.5}
    assert b["found_pairs"]["Source"] == {"p": 1.0, "r": 0.5, "n_pred": 1, "n_gold": 1}
    # recall entries: Message, Cue, Source of both gold annotations; the missed Direct holds three of six
    assert b["recall_entries"] == 6 and b["recall_lost_to_missed"] == 0.5


def test_breakdown_command_prints_it(dirs):
    from quellen.taskformat.cli import app

    out = CliRunner().invoke(app, ["breakdown", str(dirs[0]), str(dirs[1]), "--scorer", str(SCORER)])
    assert out.exit_code == 0, out.output
    assert "missed 1 gold annotations" in out.output and "Direct" in out.output
