"""The hand-labelled claim dev set (data/dev/claims) and its scorer (quellen.evaluation.claims)."""
import json
from collections import defaultdict
from pathlib import Path

import pytest

from quellen.evaluation import claims

ROOT = Path(__file__).resolve().parents[1]
LABELS = ROOT / "data" / "dev" / "claims"
DATA = ROOT.parent / "shared" / "data" / "news-spkatt" / "train"
needs_data = pytest.mark.skipif(not DATA.is_dir(), reason=f"needs the news-spkatt articles in {DATA}")


def test_labels_well_formed():
    lab = claims.load_labels(LABELS)
    rows, gists = lab["labels"], lab["gists"]
    assert len(rows) >= 250
    keys = [(r["doc"], r["annotation"]) for r in rows]
    assert len(keys) == len(set(keys))
    for r in rows:
        assert set(r) == {"group", "doc", "annotation", "cluster", "stance"}
        assert r["stance"] in ("asserts", "denies")
        assert r["cluster"].startswith(r["group"] + "c")        # clusters never span groups
        assert r["cluster"] in gists and gists[r["cluster"]].strip()
    assert set(gists) == {r["cluster"] for r in rows}
    by_cluster = defaultdict(list)
    for r in rows:
        by_cluster[r["cluster"]].append(r)
    for members in by_cluster.values():                          # a denial denies a labelled claim
        if any(m["stance"] == "denies" for m in members):
            assert any(m["stance"] == "asserts" for m in members)
    docs_per_group = defaultdict(set)
    for r in rows:
        docs_per_group[r["group"]].add(r["doc"])
    assert all(2 <= len(d) <= 6 for d in docs_per_group.values())
    pairs = sum(len(m) * (len(m) - 1) // 2 for m in by_cluster.values())
    assert pairs >= 40


@needs_data
def test_labels_cover_every_message_annotation():
    rows = claims.load_labels(LABELS)["labels"]
    by_doc = defaultdict(set)
    for r in rows:
        by_doc[r["doc"]].add(r["annotation"])
    for name, anns in by_doc.items():
        path = DATA / f"{name}.json"
        assert path.is_file(), name
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert anns == {i for i, a in enumerate(doc["Annotations"]) if a.get("Message")}, name


@needs_data
def test_gold_char_spans_hold_the_message_tokens():
    lab = claims.load_labels(LABELS)
    first = lab["labels"][0]["doc"]
    (name, text, gold), = claims.documents_for(DATA, [r for r in lab["labels"] if r["doc"] == first])
    doc = json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
    for s in gold:
        ann = doc["Annotations"][s["key"][1]]
        toks = [doc["Sentences"][int(p.split(":")[0])]["Tokens"][int(p.split(":")[1])] for p in ann["Message"]]
        assert {text[a:b] for a, b in s["chars"]} == set(toks)
        assert s["start"] == s["chars"][0][0] and s["end"] == s["chars"][-1][1]


def _gold():
    # clusters: A = {a1, a2, b1 (denies)}, B = {b2, b3}, C = {c1}
    spec = [("d1", 0, "A", "asserts"), ("d2", 0, "A", "asserts"), ("d3", 0, "A", "denies"),
            ("d1", 1, "B", "asserts"), ("d2", 1, "B", "asserts"), ("d3", 1, "C", "asserts")]
    return [{"key": (d, i), "group": "g", "cluster": c, "stance": s, "start": 0, "end": 1, "chars": [(0, 1)]}
            for d, i, c, s in spec]


def test_score_perfect_clustering():
    gold = _gold()
    r = claims.score(gold, {s["key"]: (s["cluster"], s["stance"]) for s in gold})
    assert r["gold_pairs"] == 4 and r["pred_pairs"] == 4
    assert r["pair_p"] == r["pair_r"] == r["pair_f1"] == 1.0
    assert r["b3_f1"] == 1.0 and r["found_share"] == 1.0
    assert r["cross_denials"] == 1 and r["cross_denials_linked"] == 1.0
    assert r["cross_denials_reachable"] == 1 and r["cross_denials_reachable_typed"] == 1


def test_score_all_singletons_has_no_recall():
    gold = _gold()
    r = claims.score(gold, {s["key"]: (str(n), "asserts") for n, s in enumerate(gold)})
    assert r["pair_r"] == 0.0 and r["pair_f1"] == 0.0 and r["b3_p"] == 1.0
    assert r["cross_denials_linked"] == 0.0


def test_score_one_wrong_merge_lowers_precision():
    gold = _gold()
    pred = {s["key"]: (s["cluster"], s["stance"]) for s in gold}
    pred[("d3", 1)] = ("B", "asserts")                           # C wrongly merged into B: 2 false pairs
    r = claims.score(gold, pred)
    assert r["pair_r"] == 1.0 and r["pair_p"] == pytest.approx(4 / 6)
    assert r["b3_p"] < 1.0 and r["b3_r"] == 1.0


def test_score_only_over_found_statements():
    gold = _gold()
    pred = {s["key"]: (s["cluster"], s["stance"]) for s in gold if s["key"] != ("d1", 0)}
    r = claims.score(gold, pred)
    assert r["found"] == 5 and r["found_share"] == pytest.approx(5 / 6)
    assert r["gold_pairs"] == 2 and r["pair_f1"] == 1.0
    assert r["cross_denials"] == 1 and r["cross_denials_reachable"] == 1     # d2:0 is still found


def test_score_tells_an_unreachable_denial_from_a_missed_link():
    gold = _gold()
    pred = {s["key"]: (s["cluster"], s["stance"]) for s in gold if s["key"] not in (("d1", 0), ("d2", 0))}
    r = claims.score(gold, pred)
    assert r["cross_denials_linked"] == 0.0 and r["cross_denials_reachable"] == 0
    pred = {s["key"]: (str(n), "asserts") for n, s in enumerate(gold)}
    r = claims.score(gold, pred)
    assert r["cross_denials_reachable"] == 1 and r["cross_denials_reachable_typed"] == 0


def test_match_is_one_to_one_by_overlap():
    from quellen.model import Attribution, Document, Span, Speaker

    text = "Er sagte, der Plan sei gut. Sie sagte, das sei falsch."
    def attr(i, a, b):
        return Attribution(id=i, type="indirect", cue=Span(0, 2, "Er"), source=None,
                           speaker=Speaker(name=None, entity=None, kind="unspecified"), content=Span(a, b, text[a:b]))
    doc = Document(id="x", source="d1", text=text, attributions=[attr("a1", 10, 26), attr("a2", 0, 26),
                                                                  attr("a3", 39, 53)])
    gold = [{"key": ("d1", 0), "chars": [(10, 13), (14, 18), (19, 22), (23, 26)]},
            {"key": ("d1", 1), "chars": [(14, 18)]},                 # also inside a1/a2, but a1 is taken
            {"key": ("d1", 2), "chars": [(0, 2)]}]                   # only a2 covers it, and a2 went to d1:1
    m = claims.match(gold, [doc])
    assert m[("d1", 0)] == ("x", "a1")
    assert m[("d1", 1)] == ("x", "a2")
    assert ("d1", 2) not in m                                         # a2 already used, a3 does not cover it
