"""Cross-article entity identity: one corpus entity per real-world referent, as pure functions.

Why: each article names its people its own way ("Kremlsprecher Dmitri Peskow", "Peskow", "Kreml-Sprecher
Dmitrij Peskow"). A fact-checker who asks "what has Peskow claimed, and did he deny it later?" cannot use a
ledger in which one person is five speakers. But a ledger that merges two people who share a surname puts
words into someone's mouth, which is worse than a missed merge: so precision comes first, and every link
says how sure it is (``score``) and why (``why``).

Rules (all decisions depend on the set of records only, never their order):

* Records of kind anonymous/unspecified, and names that are only a role or description ("gewählte
  Vizepräsidentin", "US-Medien", "Außenministerium") get no link.
* Same type and same :func:`~.names.normalise` key (roles, titles, determiners, case, hyphens, diacritics
  ignored; a genitive -s only where the base form is in the corpus: "Putins" -> "Putin") -> one entity.
* People with a first name: surnames whose :func:`~.names.translit` keys have similarity >= 90 (rapidfuzz
  ratio; i.e. equal or one letter off in a long name) and first names with the same initial and similarity >=
  85 are spelling variants ("Dmitri Peskow" = "Dmitrij Peskov"); differing middle initials keep two people
  apart ("George W. Bush" / "George H. W. Bush"), also through a third form. "Hans Müller" / "Anna Müller"
  never merge (other initial).
* A bare surname ("Müller") or initial ("H. Müller") joins a full name only with evidence: exactly one
  compatible full name in its own article, else exactly one in the whole corpus. Otherwise it stays its own
  entity and its link says "ambiguous" with a low score.
* A one-word name typed a place that speaks in its article ("Peskow wies den Bericht zurück" typed LOC) joins
  a person the same way, when the corpus types the word a person's surname in more articles than a place
  (:func:`_speaking_places`; "Washington erklärte" stays a place). Otherwise types are never crossed: "Hans
  Müller" the person and "Hans Müller" the company stay two.
* Organisations, places, other: spelling variants only for names of >= 8 letters, the same number of words,
  the same first letter and similarity >= 92 ("Europäischen Union" = "Europäische Union"); an abbreviation joins
  a multi-word name when some article uses it for exactly that name (as a mention or another record whose
  name is the initials: "WSJ" / "Wall Street Journal"), and the abbreviation means one name corpus-wide.
  A role is never the organisation ("Kreml-Sprecher" is not "Kreml").

Ids: ``cid = "E" + sha1(type + "\\x1f" + normalise(canonical))[:12]``, the canonical name being the full form
(people: with a first name) in most articles, then the one with most words, then the alphabetically first. Adding articles keeps
every cid whose canonical name stays; when it changes (only "Peskow" seen, then "Dmitri Peskow" arrives, or
two entities are found to be one) the old cid disappears: :func:`merges` says where it went, from the links
of the same records before and after, so the driver can keep an ``entity_merges`` table and no id dangles.

Speed: names are parsed once per distinct (name, type); fuzzy comparison only inside blocks of the same type,
first-name initial and first three surname letters. Synthetic run (2,000,000 records from 100,000 articles,
30,000 people and 15,000 organisations, 20 % anonymous; the generator is ``_synthetic`` in
``tests/test_ledger_identity.py``): 35.6 s CPU on one core of a 2-core machine that was busy with other work.
"""
from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, NamedTuple

from rapidfuzz.fuzz import ratio

from .names import PARTICLES, fold, name_tokens, normalise, translit

if TYPE_CHECKING:  # pragma: no cover
    from ..model import Document

KIND_TYPE = {"person": "PER", "organization": "ORG", "media": "ORG", "document": "ORG"}
NO_LINK_KINDS = {"anonymous", "unspecified"}
SURNAME_SIM, GIVEN_SIM, OTHER_SIM = 90.0, 85.0, 92.0


_log = logging.getLogger("quellen.ledger")


class EntityRecord(NamedTuple):
    """One per-article entity, or one speaker without an entity (``entity_id`` "s:" + attribution id).

    (Named tuples, this and :class:`EntityLink`: a large corpus has millions of them, made at every update.)"""
    doc_id: str
    entity_id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    kind: str | None = None


@dataclass(frozen=True)
class CorpusEntity:
    cid: str
    name: str
    type: str
    aliases: tuple[str, ...]
    n_docs: int


class EntityLink(NamedTuple):
    doc_id: str
    entity_id: str
    cid: str
    score: float
    why: str


def records_of(doc: "Document") -> list[EntityRecord]:
    """The per-article entities (aliases: their mentions that are names) and the speakers without entity."""
    kinds: dict[str, Counter] = defaultdict(Counter)
    for a in doc.attributions:
        if a.speaker.entity and a.speaker.kind not in NO_LINK_KINDS:
            kinds[a.speaker.entity][a.speaker.kind] += 1
    out, ids = [], {e.id for e in doc.entities}
    for e in doc.entities:
        forms = {" ".join(m.text.split()) for m in e.mentions if m.text}   # (e.aliases are role appositions)
        forms = sorted(f for f in forms if f != e.name and name_tokens(f, e.type))
        kind = min(kinds[e.id].items(), key=lambda kv: (-kv[1], kv[0]))[0] if kinds.get(e.id) else None
        out.append(EntityRecord(doc.id, e.id, e.name, e.type, tuple(forms), kind))
    for a in doc.attributions:
        sp = a.speaker
        if sp.name and sp.entity not in ids:
            out.append(EntityRecord(doc.id, "s:" + a.id, sp.name.strip(), KIND_TYPE.get(sp.kind, "MISC"), (), sp.kind))
    return out


@dataclass
class _Node:
    """All records of one (type, key): one name form."""
    type: str
    key: str
    forms: Counter = field(default_factory=Counter)      # display form -> records
    docs: set = field(default_factory=set)
    records: list = field(default_factory=list)
    display: str = ""                                    # the most frequent form (set when all are in)
    surname: str = ""                                    # PER: translit key of the last word
    given: tuple = ()                                    # PER: translit keys of the first names (not particles)

    @property
    def full(self) -> bool:                              # a person with a real first name (not an initial)
        return self.type != "PER" or (bool(self.given) and len(self.given[0]) > 1)

    @property
    def middle(self) -> str:
        return "".join(g[0] for g in self.given[1:])


def _parse(records: list[EntityRecord]) -> dict[tuple[str, str], _Node]:
    forms: dict[tuple[str, str], tuple] = {}               # parsed once per distinct (name, type)
    for r in records:
        if r.kind not in NO_LINK_KINDS and (r.name, r.type) not in forms:
            try:
                t = name_tokens(r.name, r.type)
                forms[(r.name, r.type)] = (t, "".join(fold(w) for w in t)) if t else None
            except Exception:  # noqa: BLE001 - one odd name must not stop the corpus: it gets no link
                _log.warning("entity name %r (%s) could not be parsed; it is not linked", r.name, r.type,
                             exc_info=True)
                forms[(r.name, r.type)] = None
    known: dict[str, set[str]] = defaultdict(set)          # keys and (people) surnames seen, for genitives
    for (_, typ), f in forms.items():
        if f:
            known[typ].add(f[1])
            if typ == "PER" and len(f[0]) > 1:
                known["PER"].add(fold(f[0][-1]))
    for nt, f in forms.items():
        if f:
            (t, key), last = f, fold(f[0][-1])
            if len(last) > 3 and last.endswith("s") and (key[:-1] in known[nt[1]] or (
                    nt[1] == "PER" and last[:-1] in known["PER"])):
                forms[nt] = (t[:-1] + (t[-1][:-1],), key[:-1])  # 'Putins' -> 'Putin' (the base form exists)
    nodes: dict[tuple[str, str], _Node] = {}
    for r in records:
        f = forms.get((r.name, r.type)) if r.kind not in NO_LINK_KINDS else None
        if not f:
            continue
        t, key = f
        node = nodes.get((r.type, key))
        if node is None:
            node = nodes[(r.type, key)] = _Node(r.type, key)
            if r.type == "PER":
                node.surname = translit(t[-1])
                node.given = tuple(g for g in (translit(w) for w in t[:-1] if w.lower() not in PARTICLES) if g)
        node.forms[" ".join(t)] += 1
        node.docs.add(r.doc_id)
        node.records.append(r)
    for node in nodes.values():
        node.display = min(node.forms.items(), key=lambda kv: (-kv[1], kv[0].isupper(), kv[0]))[0]
    return nodes


class _Groups:
    """Union-find over nodes; a group of people keeps its middle initials so no chain joins two of them."""

    def __init__(self, nodes):
        self.parent = {k: k for k in nodes}
        self.middles = {k: ({n.middle} if n.middle else set()) for k, n in nodes.items()}

    def find(self, k):
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def union(self, a, b) -> bool:
        ra, rb = sorted((self.find(a), self.find(b)))
        if ra == rb:
            return True
        ma, mb = self.middles[ra], self.middles[rb]
        if ma and mb and ma != mb:
            return False
        self.parent[rb] = ra
        self.middles[ra] = ma | mb
        return True


def _given_compatible(a: _Node, b: _Node) -> bool:
    ga, gb = a.given[0], b.given[0]
    if ga[0] != gb[0] or (a.middle and b.middle and a.middle != b.middle):
        return False
    return ga == gb or ratio(ga, gb) >= GIVEN_SIM


def _variants(nodes: dict, groups: _Groups) -> None:
    """Spelling variants inside blocks (never all pairs)."""
    blocks: dict[tuple, list] = defaultdict(list)
    for k, n in nodes.items():
        if n.type == "PER":
            if n.full:
                blocks[("PER", n.given[0][0], n.surname[:3])].append(k)
        elif len(n.key) >= 8:
            blocks[(n.type, n.key[:1], len(n.display.split()))].append(k)
    for bkey, keys in sorted(blocks.items()):
        keys.sort()
        for i, a in enumerate(keys):
            na = nodes[a]
            for b in keys[i + 1:]:
                nb = nodes[b]
                if na.type == "PER":
                    ok = abs(len(na.surname) - len(nb.surname)) <= 2 and (na.surname == nb.surname or ratio(
                        na.surname, nb.surname) >= SURNAME_SIM) and _given_compatible(na, nb)
                else:
                    ok = ratio(na.key, nb.key) >= OTHER_SIM
                if ok:
                    groups.union(a, b)


def _acronyms(nodes: dict, groups: _Groups) -> None:
    """'WSJ' joins 'Wall Street Journal' when an article uses it so and it means one name in the corpus."""
    by_doc: dict[tuple, set] = defaultdict(set)
    for k, n in nodes.items():
        if n.type != "PER":
            for r in n.records:
                by_doc[(r.doc_id, n.type)].add(k)
    meaning: dict[tuple, set] = defaultdict(set)
    for k, n in nodes.items():
        words = [w for w in n.display.split() if w[:1].isupper()] if n.type != "PER" else []
        if len(words) < 2:
            continue
        initials = "".join(w[0] for w in words).lower()
        for r in n.records:
            said = {fold(a) for a in r.aliases if a.isupper()} | {
                o[1] for o in by_doc[(r.doc_id, n.type)] if nodes[o].display.isupper()}
            if initials in said:
                meaning[(n.type, initials)].add(k)
    for (t, initials), fulls in sorted(meaning.items()):
        roots = {groups.find(f) for f in fulls}
        if len(roots) == 1 and (t, initials) in nodes:
            groups.union((t, initials), min(fulls))


def _attach_partial(nodes: dict, groups: _Groups) -> dict[tuple, tuple]:
    """Per record of a bare surname / initial: (group root, score, why) by article, then corpus evidence."""
    full_by_surname: dict[str, set] = defaultdict(set)
    for k, n in nodes.items():
        if n.type == "PER" and n.full:
            full_by_surname[n.surname].add(k)
    partial = sorted(k for k, n in nodes.items() if n.type == "PER" and not n.full)
    same: dict[tuple, str] = {}
    for a in partial:                                      # 'Peskow' and 'Peskov' alone are one surname
        groups.union(same.setdefault((nodes[a].surname, nodes[a].given), a), a)
    out = _speaking_places(nodes, groups, full_by_surname, partial)
    for k in partial:
        n = nodes[k]
        cands = [c for c in full_by_surname.get(n.surname, ()) if not n.given or (
            nodes[c].given[0][0] == n.given[0][0] and (not n.middle or nodes[c].middle in ("", n.middle)))]
        corpus = {groups.find(c) for c in cands}
        for r in n.records:
            local = {groups.find(c) for c in cands if r.doc_id in nodes[c].docs}
            if len(local) == 1:
                out[(r.doc_id, r.entity_id)] = (local.pop(), 0.9, "surname of {} (same article)")
            elif len(corpus) == 1 and not local:
                out[(r.doc_id, r.entity_id)] = (next(iter(corpus)), 0.8, "surname of {} (unique)")
            elif corpus:
                names = sorted({nodes[c].display for c in cands})
                out[(r.doc_id, r.entity_id)] = (None, 0.4, f"surname shared by {len(names)} full names "
                                                f"(ambiguous): {', '.join(names[:5])}")
    return out


def _speaking_places(nodes: dict, groups: _Groups, full_by_surname: dict, partial: list) -> dict[tuple, tuple]:
    """A one-word name typed a place that speaks ('Peskow wies den Bericht zurück' typed LOC), where the corpus
    types that word a person's surname in more articles than a place, is that person: the unique full name
    with that surname in its own article, else in the corpus. A place that speaks stands for its government
    ('Washington erklärte'), but then the corpus calls it a place more often than a surname ('George
    Washington'), and it keeps its own entity; so does one whose surname has two full names."""
    places = {}                                            # one-word place -> its word as a surname key
    for k, n in nodes.items():
        if n.type == "LOC" and len(n.display.split()) == 1 and translit(n.display) in full_by_surname:
            places[k] = translit(n.display)
    if not places:
        return {}
    wanted = set(places.values())                          # the documents of only these surnames are counted
    per_docs: dict[str, set] = defaultdict(set)
    for k in partial:
        if nodes[k].surname in wanted:
            per_docs[nodes[k].surname] |= nodes[k].docs
    for sur in wanted:
        for k in full_by_surname[sur]:
            per_docs[sur] |= nodes[k].docs
    out = {}
    for k, sur in places.items():
        n, cands = nodes[k], full_by_surname[sur]
        if len(per_docs[sur]) <= len(n.docs):
            continue
        corpus = {groups.find(c) for c in cands}
        for r in n.records:
            if r.kind is None:                             # not a speaker in its article
                continue
            local = {groups.find(c) for c in cands if r.doc_id in nodes[c].docs}
            if len(local) == 1:
                out[(r.doc_id, r.entity_id)] = (local.pop(), 0.8, "surname of {} (same article; typed a place)")
            elif len(corpus) == 1 and not local:
                out[(r.doc_id, r.entity_id)] = (next(iter(corpus)), 0.7,
                                                "surname of {} (unique; typed a place here, a person elsewhere)")
    return out


def cid_of(type: str, name: str) -> str:
    return "E" + hashlib.sha1(f"{type}\x1f{normalise(name, type)}".encode("utf-8")).hexdigest()[:12]


def _why(n: _Node, canon: _Node) -> tuple[float, str]:
    if n.key == canon.key:
        return 1.0, "same name"
    if n.type != "PER" and n.key == "".join(w[0] for w in canon.display.split() if w[:1].isupper()).lower():
        return 0.85, f"abbreviation of {canon.display}"
    if n.type == "PER" and n.surname == canon.surname and n.given == canon.given:
        return 0.95, f"spelling variant of {canon.display}"
    if n.type == "PER" and n.surname == canon.surname and n.given[:1] == canon.given[:1]:
        return 0.9, f"other form of {canon.display}"
    return 0.85, f"similar spelling of {canon.display}"


def resolve(records: Iterable[EntityRecord]) -> tuple[list[CorpusEntity], list[EntityLink]]:
    """Corpus entities (sorted by cid) and links (sorted by doc_id, entity_id) from all entity records."""
    entities, links = resolve_keyed(records)
    return entities, [links[k] for k in sorted(links)]


def resolve_keyed(records: Iterable[EntityRecord]) -> tuple[list[CorpusEntity], dict[tuple[str, str], EntityLink]]:
    """:func:`resolve` with the links by (doc_id, entity_id), unsorted (the ledger's update compares them with
    the stored ones by key, and sorting a large corpus's links was a tenth of its identity step)."""
    records = list(records)
    nodes = _parse(records)
    groups = _Groups(nodes)
    _variants(nodes, groups)
    _acronyms(nodes, groups)
    partial = _attach_partial(nodes, groups)
    # What each group holds, gathered per node where a node's records all go to its group (most of them: only
    # a bare surname's records are placed one by one), so the work per record is one lookup and one link.
    node_docs: dict[tuple, dict[tuple, set]] = defaultdict(lambda: defaultdict(set))   # root -> node -> docs
    seen: dict[tuple, set] = defaultdict(set)              # root -> every name and alias of its records
    single: dict[tuple, tuple] = {}                        # node -> its group's root, when all its records go there
    placed = []                                            # (root, node, record, score, why): placed one by one
    for k in sorted(nodes):
        n, root = nodes[k], groups.find(k)
        if partial and any((r.doc_id, r.entity_id) in partial for r in n.records):
            for r in n.records:
                proot, score, why = partial.get((r.doc_id, r.entity_id), (None, None, None))
                proot = proot or root
                node_docs[proot][k].add(r.doc_id)
                seen[proot].add(r.name)
                seen[proot].update(r.aliases)
                placed.append((proot, k, r, score, why))
            continue
        node_docs[root][k] |= n.docs
        seen[root].update(r.name for r in n.records)
        for r in n.records:
            seen[root].update(r.aliases)
        single[k] = root
    entities, canon_of = [], {}
    for root, by_node in node_docs.items():
        group_nodes = sorted(by_node)
        canon = min(group_nodes, key=lambda k: (not nodes[k].full, -len(by_node[k]),
                                                -len(nodes[k].display.split()), nodes[k].display))
        name = nodes[canon].display
        names = seen[root] | {nodes[k].display for k in group_nodes}
        ce = CorpusEntity(cid_of(nodes[canon].type, name), name, nodes[canon].type,
                          tuple(sorted(names - {name})), len(set().union(*by_node.values())))
        entities.append(ce)
        canon_of[root] = (ce, nodes[canon])
    links: dict[tuple[str, str], EntityLink] = {}
    twice = []                                             # keys given twice: the same link whatever the order
    for k, root in single.items():
        ce, canon = canon_of[root]
        score, why = _why(nodes[k], canon)
        for r in nodes[k].records:
            link = EntityLink(r.doc_id, r.entity_id, ce.cid, score, why)
            if links.setdefault((r.doc_id, r.entity_id), link) is not link:
                twice.append(link)
    for root, k, r, score, why in placed:
        ce, canon = canon_of[root]
        score, why = _why(nodes[k], canon) if why is None else (score, why.format(canon.display))
        link = EntityLink(r.doc_id, r.entity_id, ce.cid, score, why)
        if links.setdefault((r.doc_id, r.entity_id), link) is not link:
            twice.append(link)
    for link in twice:
        key, old = (link.doc_id, link.entity_id), links[(link.doc_id, link.entity_id)]
        if (link.cid, -link.score, link.why) < (old.cid, -old.score, old.why):
            links[key] = link
    entities.sort(key=lambda e: e.cid)
    return entities, links


def merges(old: list[CorpusEntity], new: list[CorpusEntity], old_links: Iterable[EntityLink],
           new_links: Iterable[EntityLink]) -> dict[str, str]:
    """Old cid -> new cid for every old id that disappeared and whose records still exist: where most of them
    went now (ties: the smaller cid). Ids whose records are all gone have no entry."""
    gone = {e.cid for e in old} - {e.cid for e in new}
    if not gone:
        return {}
    now = {(x.doc_id, x.entity_id): x.cid for x in new_links}
    votes: dict[str, Counter] = defaultdict(Counter)
    for x in old_links:
        if x.cid in gone and (x.doc_id, x.entity_id) in now:
            votes[x.cid][now[(x.doc_id, x.entity_id)]] += 1
    return {cid: min(votes[cid].items(), key=lambda kv: (-kv[1], kv[0]))[0] for cid in sorted(gone) if votes.get(cid)}
