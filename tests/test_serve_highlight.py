"""What the document view and the entity timeline draw (quellen.serve.highlight), on a really analysed article."""
from __future__ import annotations

from pathlib import Path

import pytest

from quellen.model import RawDocument
from quellen.pipeline import Pipeline
from quellen.serve import data
from quellen.serve.highlight import segments, snippet_parts, timeline_svg

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "articles" / "stadtwerke-strompreis.txt"


@pytest.fixture(scope="module")
def record() -> dict:
    doc = Pipeline().analyse(RawDocument(source=str(ARTICLE), text=ARTICLE.read_text("utf-8")))
    assert doc.attributions, "the example article has attributions"
    return doc.to_dict()


def test_segments_cut_the_text_without_losing_or_adding_a_character(record):
    segs = segments(record)
    assert "".join(s["text"] for s in segs) == record["text"]
    assert all(s["text"] for s in segs)
    starts = [s["start"] for s in segs]
    assert starts == sorted(starts) and starts[0] == 0


def test_every_character_of_a_span_carries_its_role_and_attribution(record):
    segs = segments(record)
    text = record["text"]

    def at(i: int) -> dict:
        return max((s for s in segs if s["start"] <= i), key=lambda s: s["start"])

    for a in record["attributions"]:
        for role in ("cue", "content", "source"):
            span = a.get(role)
            if not span:
                continue
            assert text[span["start"]:span["end"]] == span["text"]
            for i in range(span["start"], span["end"]):
                seg = at(i)
                assert role in seg["roles"] and a["id"] in seg["attrs"], (a["id"], role, i)
        first = min(a[r]["start"] for r in ("cue", "content", "source") if a.get(r))
        assert a["id"] in at(first)["anchors"]
    for b in record["boilerplate"]:
        assert all("bp" in at(i)["roles"] for i in range(b["start"], b["end"]))
    outside = [s for s in segs if not s["attrs"]]
    assert all(not ({"cue", "content", "source"} & set(s["roles"])) for s in outside)


def test_overlapping_attributions_share_their_common_characters():
    text = "Er sagte, sie habe gesagt, es regne."
    rec = {"text": text, "boilerplate": [], "gaps": [{"start": 27, "end": 35}], "entities": [],
           "attributions": [
               {"id": "a1", "cue": {"start": 3, "end": 8, "text": "sagte"}, "source": None,
                "content": {"start": 10, "end": 35, "text": text[10:35]}},
               {"id": "a2", "cue": {"start": 19, "end": 25, "text": "gesagt"}, "source": None,
                "content": {"start": 27, "end": 35, "text": text[27:35]}}]}
    segs = {s["text"]: s for s in segments(rec)}
    assert segs["es regne"]["attrs"] == ["a1", "a2"] and "gap" in segs["es regne"]["roles"]
    assert segs["gesagt"]["roles"] == ["content", "cue"] and segs["gesagt"]["attrs"] == ["a1", "a2"]
    assert segs["."]["attrs"] == [] and segs["Er "]["roles"] == []


def test_snippet_parts_split_at_the_match_marks():
    o, c = data.MARK
    assert snippet_parts(f"laut {o}Kreml{c} sei {o}das{c}") == [("laut ", False), ("Kreml", True), (" sei ", False),
                                                            ("das", True)]
    assert snippet_parts("kein Treffer") == [("kein Treffer", False)]


def test_timeline_draws_every_month_and_stacks_the_roles():
    bins = [{"month": "2024-11", "said": 2, "denied": 1, "about": 1},
            {"month": "2025-02", "said": 0, "denied": 0, "about": 8}]
    chart = timeline_svg(bins)
    assert [b["month"] for b in chart["bars"]] == ["2024-11", "2024-12", "2025-01", "2025-02"]
    assert chart["top"] == 8
    full = chart["bars"][3]["parts"][0]
    assert full["role"] == "about" and full["h"] == pytest.approx(chart["bottom"] - chart["plot_top"])
    first = chart["bars"][0]["parts"]
    assert [p["role"] for p in first] == ["said", "denied", "about"]
    assert sum(p["h"] for p in first) == pytest.approx(full["h"] / 2, abs=0.3)
    assert chart["bars"][1]["parts"] == []
    assert timeline_svg([]) is None
