"""Copies: near-duplicate articles and republished passages, so that five copies of one report are one source.

For a fact-checker, the same agency report carried by five outlets (another headline, the outlet's navigation
and ads, a paragraph added or cut, a local intro) is *one* piece of evidence, not five: a claim it carries is not
"corroborated" because it was syndicated. This stage finds such documents; the status stage then counts an
anonymous source once per copy group. A wrong link hides an independent source, a missed one double-counts a
report; links are therefore only made on exact evidence (precision first) and the grouping rules are conservative.

How:

* **shingles**: lower-cased word :data:`SHINGLE`-grams of the text with its boilerplate spans cut out (so an
  outlet's "Anzeige" or "Lesen Sie auch" lines do not count), punctuation and whitespace ignored. Documents
  with fewer than :data:`MIN_WORDS` words get no signature: short texts (teasers, captions) share formulaic
  5-grams by chance and would produce spurious copies.
* **candidates**: a MinHash of the shingle set (datasketch, :data:`NUM_PERM` permutations, fixed seed and
  scheme, datasketch's sha1-based 32-bit hash of the utf-8 shingle: the same bytes in every process) in a
  MinHashLSH of :data:`BANDS` bands x :data:`ROWS` rows. The chance that a pair becomes a candidate is
  1-(1-J^3)^42: 0.996 at Jaccard 0.5, ~1 from 0.6 (copies), 0.68 at 0.3 and 0.29 at 0.2 (large shared
  passages are found more often than not), 0.005 at 0.05 (same story, independent wording). Querying is a
  lookup of 42 band keys, never a scan over all documents, and stored signatures are reused
  (:class:`CopyIndex`), so 1,000 new articles are checked against 100k stored ones without touching the others.
* **verification**: every candidate pair is compared exactly on its shingle sets. ``copy``: Jaccard >=
  :data:`COPY_JACCARD` (the two are mostly the same text). ``passage``: the shorter one is at least
  :data:`PASSAGE_CONTAINMENT` contained in the other, or the two share a run of :data:`PASSAGE_RUN` consecutive
  shingles (some 50 words verbatim: not a coincidence, not a short quote). Anything else is no link.
* **groups** (:func:`groups`, from the verified pairs alone): connected components over ``copy`` pairs (an
  agency report and its updated versions are one report even where the first and the last differ by more than
  the threshold; every hop is a verified near-duplicate, so the chain cannot wander off into other stories).
  ``passage`` pairs are *not* transitive: a live blog quoting twenty reports must not fuse them into one. A
  document in no copy group links to the group original of its earliest earlier passage partner (the quoted
  document), unless that partner itself got a passage link. The original of a group is the earliest published
  member, ties and unknown dates (which sort after known ones) broken by the smallest ``doc_id``; every other
  member gets one :class:`CopyLink` to it, and no original is ever itself linked.

``share`` is the containment of the linked document in its original (exact for a direct pair, the common case);
for a member reached only through a chain it is the weakest hop of the strongest chain. Output depends only on
the set of documents, not their order (tested).
"""
from __future__ import annotations

import heapq
import re
from dataclasses import dataclass
from functools import lru_cache
from hashlib import sha1
from typing import Callable, Iterable, Mapping

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

SHINGLE = 5                 # words per shingle: long enough that shared 5-grams mean shared text, not topic
MIN_WORDS = 40              # shorter texts get no signature (formulaic teasers would make spurious copies)
NUM_PERM, SEED, SCHEME = 128, 1, "affine32"    # fixed: signatures are stored and compared across runs
BANDS, ROWS = 42, 3         # LSH banding (126 of the 128 values), recall curve in the module docstring
COPY_JACCARD = 0.6          # whole-article copy: well over half the shingles of the union shared
PASSAGE_CONTAINMENT = 0.5   # passage: at least half of the shorter document appears in the other
PASSAGE_RUN = 50            # passage: this many consecutive shared shingles (~54 words verbatim)
_WORD = re.compile(r"\w+")
_CACHE = 20_000             # shingle hashes kept across link_new calls (~3 KB each: ~60 MB at most)


@dataclass(frozen=True)
class CopyInput:
    doc_id: str
    text: str
    boilerplate: tuple[tuple[int, int], ...] = ()   # (start, end) character spans to ignore
    published: str | None = None                   # YYYY-MM-DD or None


@dataclass(frozen=True)
class CopyLink:
    doc_id: str          # the copy
    of_doc_id: str       # its group's original
    share: float         # containment of doc_id's shingles in of_doc_id, 4 places
    kind: str            # "copy" | "passage"


Pair = tuple[str, str, float, str]     # (doc_id, other_id, share, kind), doc_id < other_id; share: of the later


def shingle_hashes(doc: CopyInput) -> np.ndarray:
    """The document's shingles in text order, as datasketch sha1_hash32 values (empty when too short)."""
    text, pos, parts = doc.text, 0, []
    for start, end in sorted(doc.boilerplate):
        parts.append(text[pos:max(pos, start)])
        pos = max(pos, end)
    parts.append(text[pos:])
    words = _WORD.findall(" ".join(parts).lower())
    if len(words) < MIN_WORDS:
        return np.zeros(0, dtype=np.uint64)
    # datasketch's sha1_hash32 (the first 4 bytes of SHA-1, little-endian), inlined: one call per shingle
    # made this the ledger's hottest loop
    return np.fromiter((int.from_bytes(sha1(" ".join(words[i:i + SHINGLE]).encode("utf-8")).digest()[:4], "little")
                        for i in range(len(words) - SHINGLE + 1)), dtype=np.uint64, count=len(words) - SHINGLE + 1)


@lru_cache(maxsize=1)
def _permutations():
    """The permutations of :data:`SEED` and :data:`SCHEME`, drawn once: datasketch draws them again for every
    MinHash it makes (a third of the time of signing a document)."""
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def _minhash(hashes: np.ndarray) -> bytes:
    if not hashes.size:
        return b""
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int,   # values are sha1_hash32 already
                permutations=_permutations())
    m.update_batch(hashes.tolist())
    lean = LeanMinHash(m)
    buf = bytearray(lean.bytesize(byteorder="<"))
    lean.serialize(buf, byteorder="<")
    return bytes(buf)


def signature(doc: CopyInput) -> bytes:
    """Serialised LeanMinHash of the document's shingles; ``b""`` when it is too short to compare."""
    return _minhash(shingle_hashes(doc))


def signature_of(hashes: np.ndarray) -> bytes:
    """:func:`signature` from shingle hashes already computed (the ledger keeps them for verification)."""
    return _minhash(hashes)


def _lean(sig: bytes) -> LeanMinHash:
    return LeanMinHash.deserialize(sig, byteorder="<")


_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9], dtype=np.uint64)


def _band_keys(values: np.ndarray) -> np.ndarray:
    """One 64-bit number per LSH band of each row of ``values`` (rows x BANDS*ROWS): a hash of the band's values,
    used only to find rows whose band may be equal; equality itself is checked on the values."""
    bands = values[:, :BANDS * ROWS].reshape(len(values), BANDS, ROWS).astype(np.uint64)
    with np.errstate(over="ignore"):
        return (bands * _MIX[:ROWS]).sum(axis=2, dtype=np.uint64) ^ np.arange(BANDS, dtype=np.uint64)


class CopyIndex:
    """MinHash LSH over stored signatures: which documents may be copies of a given one.

    Two parts with one meaning (a document is a candidate when one of its bands of :data:`ROWS` values equals the
    query's): the signatures stored before an update, loaded at once into sorted numpy arrays (one column per
    band; a query is a binary search per band), and the documents added one by one during it, in datasketch's
    MinHashLSH. Loading the stored part into MinHashLSH took a Python call per band and document, the largest
    share of an update's read step on a large corpus."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
        self._ids: set[str] = set()
        self._base_ids: list[str] = []
        self._values = np.zeros((0, BANDS * ROWS), dtype=np.uint64)
        self._order = self._sorted = np.zeros((0, BANDS), dtype=np.uint64)

    @classmethod
    def from_signatures(cls, signatures: Mapping[str, bytes]) -> CopyIndex:
        index = cls()
        ids = sorted(d for d, sig in signatures.items() if sig)
        if ids:
            index._base_ids = ids
            index._ids = set(ids)
            index._values = np.stack([_lean(signatures[d]).hashvalues[:BANDS * ROWS] for d in ids]).astype(np.uint64)
            keys = _band_keys(index._values)
            index._order = np.argsort(keys, axis=0, kind="stable")
            index._sorted = np.take_along_axis(keys, index._order, axis=0)
        return index

    def add(self, doc_id: str, sig: bytes) -> None:
        """Index a signature (empty ones, too-short documents, and ids already present are ignored)."""
        if sig and doc_id not in self._ids:
            self._lsh.insert(doc_id, _lean(sig))
            self._ids.add(doc_id)

    def candidates(self, sig: bytes) -> set[str]:
        if not sig:
            return set()
        m = _lean(sig)
        out = set(self._lsh.query(m))
        if self._base_ids:
            values = np.asarray(m.hashvalues[:BANDS * ROWS], dtype=np.uint64)
            keys = _band_keys(values[None, :])[0]
            for b in range(BANDS):
                column = self._sorted[:, b]
                lo, hi = np.searchsorted(column, keys[b], "left"), np.searchsorted(column, keys[b], "right")
                if lo == hi:
                    continue
                rows = self._order[lo:hi, b]
                same = (self._values[rows, b * ROWS:(b + 1) * ROWS] == values[b * ROWS:(b + 1) * ROWS]).all(axis=1)
                out.update(self._base_ids[i] for i in rows[same])
        return out

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._ids

    def __len__(self) -> int:
        return len(self._ids)


def _order(doc_id: str, published) -> tuple:
    """Sort key of a group's original: known dates first, earliest first, then the smallest id."""
    day = str(published)[:10] if published else None
    return (day is None, day or "", doc_id)


def _longest_run(mask: np.ndarray) -> int:
    if not mask.any():
        return 0
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return int((edges[1::2] - edges[::2]).max())


def verify(a: CopyInput, ha: np.ndarray, b: CopyInput, hb: np.ndarray) -> Pair | None:
    """The verified pair of two documents given their shingle hashes, or None when they are no copies."""
    if not ha.size or not hb.size or a.doc_id == b.doc_id:
        return None
    sa, sb = np.unique(ha), np.unique(hb)
    inter = np.intersect1d(sa, sb, assume_unique=True).size
    if not inter:
        return None
    jaccard = inter / (sa.size + sb.size - inter)
    if jaccard >= COPY_JACCARD:
        kind = "copy"
    elif (inter / min(sa.size, sb.size) >= PASSAGE_CONTAINMENT
          or max(_longest_run(np.isin(ha, sb)), _longest_run(np.isin(hb, sa))) >= PASSAGE_RUN):
        kind = "passage"
    else:
        return None
    later = max(a, b, key=lambda d: _order(d.doc_id, d.published))
    share = round(inter / (sa.size if later is a else sb.size), 4)
    first, second = sorted((a.doc_id, b.doc_id))
    return first, second, share, kind


def link_new(new_docs: Iterable[CopyInput], index: CopyIndex, fetch: Callable[[list[str]], list[CopyInput]],
             signatures: Mapping[str, bytes] | None = None,
             cache: dict[str, tuple[CopyInput, np.ndarray]] | None = None) -> list[Pair]:
    """Verified pairs of the new documents with the indexed ones and with each other, sorted.

    ``index`` holds the stored signatures (not those of ``new_docs``); the new documents are added to it as
    they are checked, so afterwards it indexes all of them. ``fetch(doc_ids)`` gives the stored documents of
    candidates, for exact verification: all of a call's candidates are fetched at once. ``signatures`` may hold
    precomputed signatures of new documents. ``cache`` (shared across calls, at most :data:`_CACHE` entries)
    keeps the shingle hashes of documents already compared, so that a document copied many times is read and
    hashed once per update, not once per batch. Each pair is ``(doc_id, other_id, share, kind)`` with
    ``doc_id < other_id`` and ``share`` the containment of the later one (:func:`groups`' order) in the earlier one.
    """
    new = {d.doc_id: d for d in new_docs}
    cache = {} if cache is None else cache
    plan = []
    for doc_id in sorted(new):          # candidates as the index grows: earlier new documents count too
        sig = signatures[doc_id] if signatures is not None and doc_id in signatures else signature(new[doc_id])
        plan.append((doc_id, sorted(index.candidates(sig) - {doc_id})))
        index.add(doc_id, sig)
    missing = sorted({c for _, cands in plan for c in cands if c not in new and c not in cache})
    for other in (fetch(missing) if missing else []):
        remember(cache, other, shingle_hashes(other))

    def hashed(doc_id: str) -> tuple[CopyInput, np.ndarray]:
        if doc_id not in cache:
            remember(cache, new[doc_id], shingle_hashes(new[doc_id]))
        return cache[doc_id]

    pairs = set()
    for doc_id, cands in plan:
        if not cands:
            continue
        doc, ha = hashed(doc_id)
        for cand in cands:
            if cand in new or cand in cache:
                pair = verify(doc, ha, *hashed(cand))
                if pair:
                    pairs.add(pair)
    return sorted(pairs)


def remember(cache: dict, doc: CopyInput, hashes: np.ndarray) -> None:
    """Keep a document's id, date and shingle hashes (not its text), the oldest going first when full."""
    while len(cache) >= _CACHE:
        cache.pop(next(iter(cache)))
    cache[doc.doc_id] = CopyInput(doc.doc_id, "", (), doc.published), hashes


def groups(pairs: Iterable[Pair], published: Mapping[str, object]) -> list[CopyLink]:
    """Copy groups from verified pairs (see the module docstring), sorted by (of_doc_id, doc_id)."""
    key = {}
    copy_adj: dict[str, dict[str, float]] = {}
    passage_adj: dict[str, dict[str, float]] = {}
    for a, b, share, kind in pairs:
        adj = copy_adj if kind == "copy" else passage_adj
        adj.setdefault(a, {})[b] = adj.setdefault(b, {})[a] = float(share)
        for d in (a, b):
            key.setdefault(d, _order(d, published.get(d)))
    links: dict[str, CopyLink] = {}
    original: dict[str, str] = {}          # member -> its copy group's original
    strength: dict[str, float] = {}        # member -> containment in the original (weakest hop of best chain)
    for root in sorted(copy_adj, key=key.__getitem__):
        if root in original:                # the first member met of a component is its original
            continue
        best, heap = {root: 1.0}, [(-1.0, key[root], root)]
        while heap:                         # widest path from the original: the values do not depend on order
            neg, _, node = heapq.heappop(heap)
            if node in original:
                continue
            original[node], strength[node] = root, -neg
            for n, s in copy_adj[node].items():
                if n not in original and min(-neg, s) > best.get(n, -1.0):
                    best[n] = min(-neg, s)
                    heapq.heappush(heap, (-best[n], key[n], n))
    for node, root in original.items():
        if node != root:
            direct = copy_adj[node].get(root)
            links[node] = CopyLink(node, root, round(direct if direct is not None else strength[node], 4), "copy")
    for doc in sorted((d for d in passage_adj if d not in original), key=key.__getitem__):
        options = [(key[original.get(p, p)], key[p], p) for p in passage_adj[doc]
                   if key[p] < key[doc] and getattr(links.get(p), "kind", "") != "passage"]
        if options:
            partner = min(options)[2]
            share = min(passage_adj[doc][partner], strength.get(partner, 1.0))
            links[doc] = CopyLink(doc, original.get(partner, partner), round(share, 4), "passage")
    return sorted(links.values(), key=lambda x: (x.of_doc_id, x.doc_id))


def find_copies(docs: Iterable[CopyInput], signatures: Mapping[str, bytes] | None = None) -> list[CopyLink]:
    """All copy links among ``docs`` (the whole corpus that matters), sorted by (of_doc_id, doc_id)."""
    by_id: dict[str, CopyInput] = {}
    for doc in docs:
        if by_id.setdefault(doc.doc_id, doc) != doc:
            raise ValueError(f"two different documents with id {doc.doc_id!r}")
    pairs = link_new(by_id.values(), CopyIndex(), lambda ids: [by_id[i] for i in ids], signatures)
    return groups(pairs, {d: doc.published for d, doc in by_id.items()})
