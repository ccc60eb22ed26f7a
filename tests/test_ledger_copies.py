"""ledger/copies: wire copies and republished passages, on real German articles edited the way outlets edit them."""
from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from quellen.ledger.copies import (COPY_JACCARD, PASSAGE_RUN, CopyIndex, CopyInput, CopyLink, find_copies, groups,
                                   link_new, shingle_hashes, signature, verify)

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir() or not list(SEEDS.glob("*.txt")),
                                 reason=f"seed articles not found at {SEEDS} (../shared is not part of this checkout)")


def _read(path: Path) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def _local() -> list[str]:
    """The in-repo articles: the Stadtwerke report and the two Beispielbote articles."""
    texts = [_read(ROOT / "examples" / "articles" / "stadtwerke-strompreis.txt")]
    with open(ROOT / "examples" / "articles" / "beispielbote.jsonl", encoding="utf-8") as f:
        texts += [json.loads(line)["text"] for line in f if line.strip()]
    return texts


def _seeds() -> list[str]:
    return [_read(p) for p in sorted(SEEDS.glob("*.txt"))]


def _paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n") if p.strip()]


def _with_boilerplate(doc_id: str, text: str, mark: bool, published: str | None = None) -> CopyInput:
    """The text with ad and teaser lines inserted after the second paragraph (marked as boilerplate or not)."""
    paras = _paragraphs(text)
    head = "\n".join(paras[:2]) + "\n"
    noise = "Anzeige\nLesen Sie auch: Was der Kreml jetzt plant\n"
    spans = ((len(head), len(head) + len(noise)),) if mark else ()
    return CopyInput(doc_id, head + noise + "\n".join(paras[2:]), spans, published)


def _variants(name: str, text: str) -> list[CopyInput]:
    """Copies of one article as other outlets would publish them, all later than the original."""
    paras = _paragraphs(text)
    cut = text[:text.rindex(" ", 0, len(text) * 3 // 4)]
    shortest_body = min(range(2, len(paras)), key=lambda i: len(paras[i]))
    return [
        CopyInput(f"{name}-headline", "Eilmeldung: Neue Wendung im Fall\n" + "\n".join(paras[1:]), (), "2025-03-02"),
        CopyInput(f"{name}-dropped", "\n".join(p for i, p in enumerate(paras) if i != shortest_body), (),
                  "2025-03-03"),
        _with_boilerplate(f"{name}-ads", text, mark=False, published="2025-03-04"),
        CopyInput(f"{name}-spaces", "  \n\n".join(" ".join(p.split()) for p in paras) + "\n\n\n", (), "2025-03-05"),
        CopyInput(f"{name}-cut", cut + "\n(dpa)", (), None),           # shortened from the bottom, date unknown
    ]


def _corpus(texts: list[str]) -> tuple[list[CopyInput], dict[str, str]]:
    """Originals (dated 2025-03-01) plus their variants; the expected original of every copy."""
    docs, expected = [], {}
    for i, text in enumerate(texts):
        docs.append(CopyInput(f"a{i}", text, (), "2025-03-01"))
        for v in _variants(f"a{i}", text):
            docs.append(v)
            expected[v.doc_id] = f"a{i}"
    return docs, expected


# ------------------------------------------------------------------ signatures


def test_signature_is_deterministic_bytes():
    text = _local()[0]
    sig = signature(CopyInput("x", text))
    assert isinstance(sig, bytes) and sig == signature(CopyInput("other id", text))
    code = ("import sys; from quellen.ledger.copies import CopyInput, signature; "
            "sys.stdout.write(signature(CopyInput('x', sys.stdin.read())).hex())")
    out = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True,
                         env={"PYTHONHASHSEED": "12345", "PATH": ""}, cwd=ROOT)
    assert bytes.fromhex(out.stdout) == sig


def test_shingle_hashes_are_datasketchs_sha1_hash32():
    """Signatures are stored and compared across runs and versions: the inlined hash must stay datasketch's."""
    import re

    from datasketch.hashfunc import sha1_hash32

    text = _local()[0]
    words = re.findall(r"\w+", text.lower())
    expected = [sha1_hash32(" ".join(words[i:i + 5]).encode("utf-8")) for i in range(len(words) - 4)]
    assert shingle_hashes(CopyInput("x", text)).tolist() == expected


def test_short_documents_get_no_signature_and_no_links():
    short = "Der Kreml hat den Bericht zurückgewiesen. Peskow sagte, das sei falsch."
    assert signature(CopyInput("s", short)) == b""
    assert find_copies([CopyInput("s1", short), CopyInput("s2", short)]) == []


def test_marked_boilerplate_is_ignored_and_whitespace_does_not_matter():
    text = _local()[0]
    original = signature(CopyInput("x", text))
    assert signature(_with_boilerplate("y", text, mark=True)) == original
    assert signature(_with_boilerplate("y", text, mark=False)) != original
    assert signature(CopyInput("z", "\n\n".join("  ".join(p.split()) for p in _paragraphs(text)))) == original


# ------------------------------------------------------------------ copies of real articles


def _check_corpus(texts: list[str]) -> list[CopyLink]:
    docs, expected = _corpus(texts)
    links = find_copies(docs)
    assert {x.doc_id: x.of_doc_id for x in links} == expected
    assert links == sorted(links, key=lambda x: (x.of_doc_id, x.doc_id))
    for x in links:
        assert 0.5 < x.share <= 1.0 and x.kind in ("copy", "passage")
    return links


def test_local_copies_link_to_their_original():
    links = _check_corpus(_local())
    assert all(x.kind == "copy" and x.share >= COPY_JACCARD for x in links if not x.doc_id.endswith("-dropped"))
    assert {x.doc_id: x.share for x in links}["a0-spaces"] == 1.0


@needs_seeds
def test_seed_copies_link_and_related_articles_do_not():
    texts = _seeds()
    assert len(texts) == 5
    links = _check_corpus(texts)
    assert len(links) == 25                      # five copies of each seed, no link across seeds (Putin/Trump/Kreml)
    assert find_copies([CopyInput(f"s{i}", t) for i, t in enumerate(texts)]) == []
    assert sum(x.kind == "copy" for x in links) >= 20


@needs_seeds
def test_order_independent():
    docs, _ = _corpus(_seeds()[:3] + _local()[:1])
    want = find_copies(docs)
    for seed in range(4):
        shuffled = docs[:]
        random.Random(seed).shuffle(shuffled)
        assert find_copies(shuffled) == want


def test_original_is_earliest_then_unknown_dates_then_smallest_id():
    text = _local()[0]
    docs = [CopyInput("b", text, (), None), CopyInput("c", text, (), "2025-01-02"),
            CopyInput("d", text, (), "2025-01-02"), CopyInput("a", text, (), None)]
    assert [(x.doc_id, x.of_doc_id) for x in find_copies(docs)] == [("a", "c"), ("b", "c"), ("d", "c")]
    assert [(x.doc_id, x.of_doc_id) for x in find_copies([CopyInput("b", text), CopyInput("a", text)])] == [("b", "a")]


def test_duplicate_ids_with_different_texts_are_an_error():
    a, b = _local()[:2]
    with pytest.raises(ValueError):
        find_copies([CopyInput("x", a), CopyInput("x", b)])
    assert find_copies([CopyInput("x", a), CopyInput("x", a)]) == []


# ------------------------------------------------------------------ passages


@needs_seeds
def test_long_quoted_passage_is_a_passage_not_a_copy():
    seed, own = _seeds()[0], _local()[0]
    paras = _paragraphs(seed)
    quoted = "\n".join(paras[2:len(paras) * 2 // 3])
    quoting = CopyInput("q", own + "\nDazu berichtet SeaPRwire:\n" + quoted, (), "2025-01-05")
    links = find_copies([CopyInput("orig", seed, (), "2024-09-06"), quoting, CopyInput("local", own, (), "2025-01-01")])
    assert [(x.doc_id, x.of_doc_id, x.kind) for x in links] == [("q", "orig", "passage")]   # the earliest quoted
    assert 0 < links[0].share < 1


def test_verbatim_run_makes_a_passage_even_at_low_containment():
    stadt, bote1, bote2 = _local()
    passage = " ".join(stadt.split()[20:20 + PASSAGE_RUN + 10])
    a = CopyInput("a", bote1 + "\n" + stadt, (), "2025-01-01")
    b = CopyInput("b", bote2 + "\nWie berichtet: " + passage, (), "2025-01-02")
    pair = verify(a, shingle_hashes(a), b, shingle_hashes(b))
    assert pair is not None and pair[:2] == ("a", "b") and pair[3] == "passage"
    short = CopyInput("c", bote2 + "\n" + " ".join(stadt.split()[20:40]))
    assert verify(a, shingle_hashes(a), short, shingle_hashes(short)) is None


# ------------------------------------------------------------------ grouping rules (on verified pairs)


def test_copy_chains_are_one_group_passages_are_not_transitive():
    published = {"a": "2025-01-01", "b": "2025-01-02", "c": "2025-01-03", "blog": "2025-01-04",
                 "r1": "2024-12-01", "r2": "2024-12-02", "x": "2025-01-05"}
    pairs = [("a", "b", 0.9, "copy"), ("b", "c", 0.7, "copy"),            # a ~ b ~ c, a and c not directly
             ("blog", "r1", 0.2, "passage"), ("blog", "r2", 0.3, "passage"),   # a live blog quoting two reports
             ("blog", "x", 0.6, "passage")]                                    # x quotes the blog
    links = groups(pairs, published)
    assert links == [CopyLink("b", "a", 0.9, "copy"), CopyLink("c", "a", 0.7, "copy"),
                     CopyLink("blog", "r1", 0.2, "passage")]
    assert groups(list(reversed(pairs)), published) == links


def test_passage_of_a_group_member_links_to_the_group_original():
    published = {"a": "2025-01-01", "b": "2025-01-02", "p": "2025-01-03"}
    links = groups([("a", "b", 0.8, "copy"), ("b", "p", 0.6, "passage")], published)
    assert links == [CopyLink("b", "a", 0.8, "copy"), CopyLink("p", "a", 0.6, "passage")]


# ------------------------------------------------------------------ incremental use


@needs_seeds
def test_incremental_equals_batch_and_fetches_only_candidates():
    docs, _ = _corpus(_seeds() + _local())
    stored, new = docs[::2], docs[1::2]
    index = CopyIndex.from_signatures({d.doc_id: signature(d) for d in stored})
    assert len(index) == len(stored) and stored[0].doc_id in index
    by_id = {d.doc_id: d for d in docs}
    fetched = []

    def fetch(doc_ids: list[str]) -> list[CopyInput]:
        fetched.extend(doc_ids)
        return [by_id[d] for d in doc_ids]

    pairs = link_new(new, index, fetch)
    assert len(index) == len(docs)
    assert set(fetched) <= {d.doc_id for d in stored} and len(fetched) < len(stored) * len(new) / 4
    assert len(fetched) == len(set(fetched))          # each candidate fetched once
    full = link_new(stored, CopyIndex(), lambda ids: [by_id[i] for i in ids]) + pairs
    assert groups(full, {d.doc_id: d.published for d in docs}) == find_copies(docs)
    sigs = {d.doc_id: signature(d) for d in docs}
    assert find_copies(docs, signatures=sigs) == find_copies(docs)
    assert index.candidates(b"") == set() and sigs["a0"] and "a0-headline" in index.candidates(sigs["a0"])


def test_loaded_index_finds_exactly_the_candidates_of_datasketchs_lsh():
    """The stored signatures are loaded into sorted band arrays, not MinHashLSH: the same candidates for every
    query (near-copies at every distance, so that some bands match and most do not), before and after adding."""
    import numpy as np
    from datasketch import MinHashLSH

    from quellen.ledger.copies import BANDS, NUM_PERM, ROWS, _lean, signature_of

    rng = random.Random(7)
    bases = [np.array(rng.sample(range(1 << 32), 200), dtype=np.uint64) for _ in range(40)]
    sigs = {}
    for i in range(320):
        hashes = bases[i % 40].copy()
        k = rng.randint(0, 160)
        hashes[:k] = np.array(rng.sample(range(1 << 32), k), dtype=np.uint64)
        sigs[f"d{i:03d}"] = signature_of(hashes)
    stored = dict(sorted(sigs.items())[:240])
    index = CopyIndex.from_signatures({**stored, "empty": b""})
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    for d in sorted(stored):
        lsh.insert(d, _lean(stored[d]))
    found = 0
    for d, sig in sorted(sigs.items()):
        want = set(lsh.query(_lean(sig)))
        assert index.candidates(sig) == want, d
        found += len(want - {d})
        if d not in stored:                  # documents added one by one during an update count as well
            index.add(d, sig)
            lsh.insert(d, _lean(sig))
    assert found > 300 and len(index) == len(sigs) and "empty" not in index and "d000" in index
