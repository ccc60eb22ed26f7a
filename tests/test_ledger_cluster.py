"""The average-link agglomeration inside a component equals the textbook one (every pair of clusters scanned on
each merge), ties included."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as hs

from quellen.ledger import claims as C


def _reference(nodes, sim):
    """Scan every pair of clusters on each merge; the best average >= MERGE wins, ties by position."""
    members = [[a] for a in nodes]
    while len(members) > 1:
        best, pair = None, None
        for p in range(len(members)):
            for q in range(p + 1, len(members)):
                tot = sum(round(sim.get((a, b) if a < b else (b, a), 0.0) * 10_000)
                          for a in members[p] for b in members[q])
                avg = tot / (len(members[p]) * len(members[q]))
                if avg >= C.MERGE * 10_000 and (best is None or avg > best):
                    best, pair = avg, (p, q)
        if pair is None:
            break
        p, q = pair
        members[p] = sorted(members[p] + members.pop(q))
    return sorted(members)


scores = hs.sampled_from([0.4, 0.45, 0.5, 0.5, 0.55, 0.6, 0.75, 0.9, 1.0, 0.4123, 0.6667])


@settings(max_examples=300, deadline=None)
@given(hs.integers(2, 12).flatmap(lambda n: hs.tuples(
    hs.just(n), hs.dictionaries(hs.tuples(hs.integers(0, n - 1), hs.integers(0, n - 1)), scores, max_size=40))))
def test_sparse_average_link_equals_the_full_scan(case):
    n, raw = case
    nodes = [(f"d{i:02d}", "a1") for i in range(n)]
    sim = {}
    for (i, j), v in raw.items():
        if i != j:
            a, b = sorted((nodes[i], nodes[j]))
            sim[(a, b)] = v
    links = sorted(sim)
    assert C._average_link(nodes, links, sim) == _reference(nodes, sim)


def test_short_identical_contents_are_one_claim_only_in_one_article_or_dated_copies():
    """"den Vertrag" in two undated articles is a coincidence, not a claim; in one article, or in two reports
    dated two days apart (copies of one report), it is the same statement."""
    from dataclasses import replace

    from quellen.ledger.denials import Link

    a, b = C.statement(("d1", "a1"), "den Vertrag"), C.statement(("d2", "a4"), "Jetzt wäre dieser Vertrag")
    assert C.score(a, b)[0] == 0.0
    assert C.score(a, replace(b, key=("d1", "a4")))[0] == 1.0
    dated = [replace(x, link=Link(published=p)) for x, p in ((a, "2024-03-01"), (b, "2024-03-03"))]
    assert C.score(*dated)[0] == 1.0
    assert C.score(dated[0], replace(dated[1], link=Link(published="2024-05-03")))[0] == 0.0
    long_a = C.statement(("d1", "a2"), "an der Schlägerei beteiligt gewesen zu sein")
    long_b = C.statement(("d2", "a2"), "an der Schlägerei beteiligt gewesen zu sein")
    assert C.score(long_a, long_b)[0] == 1.0, "a longer content repeated word for word stays one claim"
