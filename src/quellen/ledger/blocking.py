"""Blocking: which statements the ledger compares at all.

Scoring every pair is quadratic, so only *candidates* are scored: statements that share a blocking key. A key
is a function of one statement (its own words, names, speaker and article), never of the corpus, so the
candidates of a pair do not depend on which articles are stored or in what order they came; that is what keeps
the incremental ledger equal to a rebuild (``update.py``).

Why these keys. Sharing one rare content stem was the old rule; on a corpus where a story recurs in a hundred
articles every statement shares its rarest stems with a hundred others, and the pairs grew with the square of
the corpus (``docs/benchmarks.md``). Almost all of those pairs score below :data:`claims.EDGE`, and the ones
that reach it share more than one rare word. A pair is now a candidate when it shares

* two of their :data:`PAIR_KEYS` rarest stems (``+a b``): "two rare-ish words", what :data:`claims.MIN_SHARED`
  asks of a pair anyway;
* one of their :data:`BLOCK_KEYS` rarest stems *and* an anchor (``@stem anchor``): a name, person, figure or
  the speaker both have. Without an anchor, a pair across articles is cut to :data:`claims.NO_ANCHOR` of its
  score and needs many shared words to reach the edge threshold, which the first key catches;
* one of those stems inside one article (:func:`same_article_pairs`, no stored key: an article's statements are
  always added together): a speaker repeating himself;
* the same content words (``=hash``): short contents repeated word for word ("den Vertrag");
* one of those stems when both are short (``!stem``, at most :data:`SHORT` content stems: one shared word is
  then a large share of each).

Measured on the 848 news-spkatt articles (real text) and on the 10,000-document synthetic bench corpus: every
edge the one-stem rule found is still found, with 4.4 times fewer candidate pairs (``docs/benchmarks.md``).
Denial links add the keys of :mod:`quellen.ledger.denials`.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING, Iterable

from . import denials as D
from .terms import idf

if TYPE_CHECKING:
    from .claims import Key, Statement

BLOCK_KEYS = 4       # rarest stems per statement used with an anchor, inside an article, or when short
PAIR_KEYS = 6        # rarest stems per statement whose pairs are keys
SHORT = 3            # a statement with at most this many content stems is short
SCHEME = "2"         # the key scheme: a ledger stored with another one is rebuilt (``update._scheme_changed``)
MAX_KEY = 64         # the column's width (PostgreSQL enforces it): longer keys are hashed


def _fit(key: str) -> str:
    if len(key) <= MAX_KEY:
        return key
    return key[0] + "#" + hashlib.blake2b(key.encode("utf-8"), digest_size=12).hexdigest()


def rarest(st: Statement, n: int) -> list[str]:
    """The statement's ``n`` rarest content stems other than names (highest weight first, then alphabetical).
    Names are left out: every statement about Putin shares "putin", and the score needs shared words besides
    names anyway."""
    return sorted(st.terms.stems, key=lambda s: (-idf(s), s))[:n]


def anchors(st: Statement) -> set[str]:
    """What makes two statements about the same thing in :func:`claims._adjusted`: the same name or person, the
    same figure, the same speaker."""
    t = st.terms
    out = {"n" + s for s in t.names | st.people} | {"#" + x for x in t.numbers}
    if st.speaker:
        out.add("s" + st.speaker)
    return out


def block_keys(st: Statement) -> list[str]:
    """The statement's blocking keys (sorted, no repeats); two statements sharing one are compared."""
    t = st.terms
    few = rarest(st, BLOCK_KEYS)
    keys = {f"+{a} {b}" for a, b in combinations(sorted(rarest(st, PAIR_KEYS)), 2)}
    keys |= {f"@{k} {a}" for k in few for a in anchors(st)}
    if len(t.stems) <= SHORT:
        keys |= {f"!{k}" for k in few}
    if t.stems or t.names:
        content = "\x1f".join(sorted(t.stems)) + "\x1e" + "\x1f".join(sorted(t.names))
        keys.add("=" + hashlib.blake2b(content.encode("utf-8"), digest_size=12).hexdigest())
    return sorted(_fit(k) for k in keys)


def same_article_pairs(statements: Iterable[Statement]) -> set[tuple[Key, Key]]:
    """Pairs of statements of one article sharing one of their :data:`BLOCK_KEYS` rarest stems (sorted keys)."""
    index: dict[tuple[str, str], list[Key]] = defaultdict(list)
    for st in statements:
        for k in rarest(st, BLOCK_KEYS):
            index[(st.key[0], k)].append(st.key)
    return {(a, b) for keys in index.values() for a, b in combinations(sorted(set(keys)), 2)}


def stored_keys(st: Statement) -> list[str]:
    """The keys stored with a statement: its blocking keys and those of :mod:`quellen.ledger.denials`."""
    return block_keys(st) + D.stored_keys(st)


def lookup_keys(st: Statement) -> list[str]:
    """The keys a statement looks up: its blocking keys and those of :mod:`quellen.ledger.denials`."""
    return block_keys(st) + D.lookup_keys(st)


def candidate_pairs(statements: Iterable[Statement]) -> set[tuple[Key, Key]]:
    """Every pair of ``statements`` the ledger scores (keys sorted inside each pair), computed in memory: the
    incremental ledger finds the same pairs through the stored keys (``update._edges_part``)."""
    index: dict[str, list[Key]] = defaultdict(list)
    linking: dict[str, list[Key]] = defaultdict(list)       # denials.py's keys: looked up, never paired inside
    by_key = {}
    for st in statements:
        by_key[st.key] = st
        for k in block_keys(st):
            index[k].append(st.key)
        for k in D.stored_keys(st):
            linking[k].append(st.key)
    pairs = same_article_pairs(by_key.values())
    for keys in index.values():
        keys = sorted(keys)
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                pairs.add((a, b))
    for st in by_key.values():      # a denial and its target are always compared
        if st.target and st.target in by_key:
            pairs.add(tuple(sorted((st.key, st.target))))
        for k in D.lookup_keys(st):
            pairs.update(tuple(sorted((st.key, other))) for other in linking.get(k, ()) if other != st.key)
    return pairs
