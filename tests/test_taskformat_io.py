"""The task-format adapter reads and writes the speaker-attribution JSON exactly."""
import json
from pathlib import Path

import pytest

from quellen.taskformat.io import SpkattAnnotation, SpkattDoc, dumps, read_doc, write_doc

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TRAIN = SHARED / "data" / "news-spkatt" / "train"

HAND = {
    "Annotations": [
        {"Addr": ["1:4", "1:5"], "Cue": ["0:7"], "Form": "Direct", "Frame": ["0:6", "0:7", "0:8"], "HasNested": False,
         "IsNested": False, "Message": ["0:0", "0:1", "0:2", "0:3", "0:4", "0:5"], "STWR": "Speech",
         "Source": ["0:8"]},
        {"Addr": [], "Cue": [], "Form": "Reported", "Frame": [], "HasNested": True, "IsNested": True,
         "Message": ["1:0", "1:1", "1:2", "1:3", "1:4", "1:5", "1:6"], "STWR": "SW", "Source": ["1:0", "1:1"]},
    ],
    "DocumentName": "Peskow / Test",
    "Sentences": [
        {"SentenceId": 0, "Tokens": ["„", "Wir", "sind", "offen", "“", ",", "sagte", "Peskow", "."]},
        {"SentenceId": 1, "Tokens": ["Der", "Minister", "kündigte", "dem", "Parlament", "Reformen", "an", "."]},
    ],
}


def test_hand_written_round_trip(tmp_path):
    text = json.dumps(HAND, ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")
    src = tmp_path / "a.json"
    src.write_text(text, encoding="utf-8")
    doc = read_doc(src)
    assert doc.name == "Peskow / Test"
    assert doc.sentences[0][7] == "Peskow"
    direct, reported = doc.annotations
    assert direct.cue == [(0, 7)] and direct.source == [(0, 8)] and direct.addr == [(1, 4), (1, 5)]
    assert direct.form == "Direct" and direct.stwr == "Speech"
    assert (direct.is_nested, direct.has_nested) == (False, False)
    assert (reported.is_nested, reported.has_nested) == (True, True) and reported.cue == []
    # document-level indices and back
    assert doc.indices(direct.source) == [8]
    assert doc.indices(reported.source) == [9, 10]
    assert doc.positions([9, 10]) == [(1, 0), (1, 1)]
    assert all(doc.position(doc.doc_index(p)) == p for a in doc.annotations for p in a.message)
    out = tmp_path / "b.json"
    write_doc(doc, out)
    assert out.read_text(encoding="utf-8") == text


def test_built_doc_writes_task_strings():
    doc = SpkattDoc(name="x", sentences=[["Er", "sagte", ",", "es", "sei", "gut", "."]])
    doc.annotations = [SpkattAnnotation(cue=[(0, 1)], source=[(0, 0)], message=doc.positions([3, 4, 5]),
                                        form="Indirect", stwr="Speech")]
    obj = json.loads(dumps(doc))
    ann = obj["Annotations"][0]
    assert ann["Message"] == ["0:3", "0:4", "0:5"] and ann["Cue"] == ["0:1"] and ann["Source"] == ["0:0"]
    assert ann["IsNested"] is False and ann["HasNested"] is False and ann["Addr"] == [] and ann["Frame"] == []
    assert list(obj) == ["Annotations", "DocumentName", "Sentences"]


@pytest.mark.shared
@pytest.mark.skipif(not TRAIN.is_dir(), reason="../shared/data/news-spkatt/train is absent")
def test_every_training_file_round_trips_byte_for_byte():
    files = sorted(TRAIN.glob("*.json"))
    assert len(files) == 700
    for f in files:
        text = f.read_text(encoding="utf-8")
        assert dumps(read_doc(f)) == text, f.name
