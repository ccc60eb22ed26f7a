"""The parts of FTS5 that PostgreSQL's search redoes (``quellen.store.fts5_query``, ``fts5_snippet``), held to
SQLite's FTS5 itself.

No server needed: what the parser accepts and rejects is compared with a real FTS5 table query by query (so both
backends fall back to plain words for the same queries), and the snippets with FTS5's ``snippet()``.
"""
from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from quellen.store.fts5_query import ALL, And, Not, Or, Phrase, QuerySyntaxError, parse, plain_words
from quellen.store.fts5_snippet import snippet

SPEAKER, CONTENT = frozenset({"speaker"}), frozenset({"content"})


def P(*strings, cols=ALL):  # noqa: N802 - a phrase of unprefixed strings
    return Phrase(tuple((s, False) for s in strings), cols)


@pytest.mark.parametrize("query, tree", [
    ("Peskow", P("Peskow")),
    ("stimmt nicht", And((P("stimmt"), P("nicht")))),
    ('"Dmitri Peskow"', P("Dmitri Peskow")),
    ("speaker: Peskow", P("Peskow", cols=SPEAKER)),
    ("content:Peskow OR Bloomberg", Or((P("Peskow", cols=CONTENT), P("Bloomberg")))),
    ("-speaker: (a b)", And((P("a", cols=CONTENT), P("b", cols=CONTENT)))),
    ("{content speaker}: Peskow", P("Peskow")),
    ("Gespr* NOT Putin", Not(Phrase((("Gespr", True),), ALL), P("Putin"))),
    ("a + b", P("a", "b")),
    ("NEAR(a b, 3)", And((P("a"), P("b")))),
    ("a AND (b OR c)", And((P("a"), Or((P("b"), P("c")))))),
    ('a "x""y"', And((P("a"), P('x"y')))),
    ("über „Wortbruch“", And((P("über"), P("„Wortbruch“")))),
    ("a OR b c NOT d", Or((P("a"), Not(And((P("b"), P("c"))), P("d"))))),
    ("speaker: (a OR content: b)", Or((P("a", cols=SPEAKER), P("b", cols=frozenset())))),
])
def test_queries_parse_as_fts5_reads_them(query, tree):
    assert parse(query) == tree


def test_phrase_words_are_fts5_tokens():
    assert parse('"E-Mail an die Stadt,"*').words() == [("E", False), ("Mail", False), ("an", False),
                                                       ("die", False), ("Stadt", True)]
    assert plain_words('Peskow\'s "Satz') == And((P("Peskow's"), P('"Satz')))


QUERIES = ["Peskow", "a b", '"a b"', "a OR b", "a NOT b", "a AND b", "(a OR b) c", "speaker: a", "content: a",
           "-speaker: a", "{content speaker}: a", "a*", '"a b"*', "a + b", "NEAR(a b)", "NEAR(a b, 2)", "^a",
           "über „Wortbruch“", '"offen', "a (", "NOT a", "a OR", "titel: x", "-x", "a:b", "(a", "a)", "a,b",
           "speaker: -content: x", "{content}", "#x", "Peskow's", "e-mail", "10.5", "AND", "a NOT", "()", "a**",
           "*a", "+a", "a +", "{}: a", "speaker:", '""', "a_b", "NEAR(a", "NEAR(a b, x)", "near(a b)", "a or b",
           "(a OR b) c", "c (a OR b)", "(a) (b)", "(a) AND c", "a (b)", "NEAR(a b) c", "c NEAR(a b)", "a speaker: b",
           "(a) speaker: b", "speaker: (a) b", "a NOT b c", "NEAR(a) NEAR(b)", "x near(a b)", "near", "NEAR",
           "a NEAR b", "OR", "a OR NOT b", "^a b", "a ^b", "a*b", "a + b*", '"a"*', "speaker:a:b",
           '"speaker": a', "{speaker}: (a OR b)", "-{speaker content}: a", "speaker: (a OR content: b)"]


@pytest.mark.parametrize("query", QUERIES)
def test_accepts_and_rejects_what_fts5_does(query):
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(content, speaker)")
    try:
        con.execute("SELECT * FROM t WHERE t MATCH ?", (query,)).fetchall()
        fts5_ok = True
    except sqlite3.OperationalError:
        fts5_ok = False
    finally:
        con.close()
    try:
        parse(query)
        ours = True
    except QuerySyntaxError:
        ours = False
    assert ours == fts5_ok


ARTICLE = Path(__file__).resolve().parents[1] / "examples" / "articles" / "stadtwerke-strompreis.txt"


def test_snippets_are_fts5s():
    """For every word of an article, in paragraphs and sentences of every length: the same window, marks and
    ellipses as FTS5's snippet(…, '[', ']', '…', 12), given the hits FTS5's highlight() marks."""
    text = ARTICLE.read_text(encoding="utf-8")
    rows = [p for p in text.split("\n") if p.strip()] + re.split(r"(?<=[.!?“])\s+", text)
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE t USING fts5(content, tokenize='unicode61 remove_diacritics 0')")
    con.executemany("INSERT INTO t VALUES (?)", [(r,) for r in rows])
    words = sorted({w.lower() for w in re.findall(r"[^\W_]+", text)})
    queries = words + [f"{a} OR {b}" for a, b in zip(words[::5], words[2::5])] + ["Preis*", "die stadt"]
    compared = 0
    for q in queries:
        for content, marked, expected in con.execute(
                "SELECT content, highlight(t, 0, char(2), char(3)), snippet(t, 0, '[', ']', '…', 12) FROM t "
                "WHERE t MATCH ?", ('"' + q + '"' if " " not in q and "*" not in q else q,)):
            hits, at = [], 0
            for k, part in enumerate(re.split("[\x02\x03]", marked)):
                if k % 2:
                    hits.append((at, at + len(part), part.lower().rstrip("*")))
                at += len(part)
            assert snippet(content, hits) == expected, (q, content)
            compared += 1
    assert compared > 500


MATCH_QUERIES = ["Streik", "streik", "Stadtwerke Preis", '"der Verband"', "Pre*", '"sagte der"', "Streik OR Preis",
                 "Streik NOT Hafen", "speaker:Verband", "content:Verband", "speaker: Wendt OR content:Wendt",
                 "(Streik OR Strom) AND NOT Preis", "Bürgermeisterin", "über", '"(" Streik', "Ver* AND Hafen*",
                 "NEAR(Streik Hafen)", "zu", "2025"]


def test_python_matching_agrees_with_fts5_on_real_text():
    """quellen.store.fts5_match.matches gives FTS5's answer, query by query, on sentences of the examples."""
    from quellen.store.fts5_match import matcher, matches

    root = Path(__file__).resolve().parents[1] / "examples" / "articles"
    text = " ".join(p.read_text("utf-8", errors="replace") for p in sorted(root.glob("*.txt")) + sorted(root.glob("*.html")))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", re.sub(r"<[^>]+>", " ", text)) if len(s.strip()) > 20]
    speakers = ["Verband der Hafenbetriebe", "Holger Wendt", "Stadtwerke", "Bürgermeisterin Anna Beispiel", ""]
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(content, speaker, tokenize='unicode61 remove_diacritics 0')")
    rows = [(s, speakers[i % len(speakers)]) for i, s in enumerate(sentences)]
    db.executemany("INSERT INTO t (content, speaker) VALUES (?, ?)", rows)
    compared = 0
    for q in MATCH_QUERIES:
        try:
            want = {r[0] for r in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (q,))}
            tree = parse(q)
        except (sqlite3.OperationalError, QuerySyntaxError):
            continue          # what FTS5 (and the parser) refuse is searched as plain words: tested above
        got = {i + 1 for i, (c, s) in enumerate(rows) if matches(tree, {"content": c, "speaker": s})}
        assert got == want, q
        fast = matcher(tree)
        assert {i + 1 for i, (c, s) in enumerate(rows) if fast({"content": c, "speaker": s})} == want, q
        compared += 1
    assert compared >= 15 and len(rows) > 30
