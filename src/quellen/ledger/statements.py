"""What the ledger reads from one stored document: its statements (``claims.Statement``) and their JSON form.

A pure function of the document, like everything per article: the ledger compares statements by their own
words, names and speaker, never by corpus-level ids, so a statement's features never change once computed and
the stored pair scores stay valid when more articles arrive.
"""
from __future__ import annotations

import json
from dataclasses import replace

from ..model import Attribution, Document
from . import denials as D
from .claims import Key, Statement
from .terms import WORD_RE, Terms, stem, stop_words, terms_of

DENIAL_TYPES = frozenset({"denial"})


SPEAKER_NAME_TYPES = {"person": "PER", "organization": "ORG", "media": "ORG"}


def _speaker_key(a: Attribution) -> str | None:
    if not a.speaker.name or a.speaker.kind in ("anonymous", "unspecified"):
        return None
    return " ".join(a.speaker.name.lower().split())


def _name_like(form: str) -> bool:
    """Whether a mention is a name ("Trump", "Kremlsprecher Peskow"), not a description of its entity ("der
    78-Jährige", "des Republikaners", "dem russischen Präsidenten"): its words would otherwise count as names,
    "der" as a person that only one side names, and two renderings of one claim would score as about different
    people."""
    words = WORD_RE.findall(form)
    return bool(words) and words[0][:1].isupper() and words[0].lower() not in stop_words()


def statements_of(doc: Document) -> list[Statement]:
    """One statement per attribution with content. Names: the words of the article's entity mentions wherever
    they occur in the content (NER often misses a name inside a quote that it found elsewhere in the article);
    people: those of persons."""
    forms: dict[str, set[str]] = {}
    for e in doc.entities:
        for m in e.mentions:
            if _name_like(doc.text[m.start:m.end]):
                forms.setdefault(e.type, set()).add(doc.text[m.start:m.end])
        forms.setdefault(e.type, set()).add(e.name)
    for a in doc.attributions:   # a named speaker NER missed ('hat Brand die Vorwürfe zurückgewiesen') is a name too
        if a.speaker.name and a.speaker.entity is None and a.speaker.kind in SPEAKER_NAME_TYPES \
                and _name_like(a.speaker.name):
            forms.setdefault(SPEAKER_NAME_TYPES[a.speaker.kind], set()).add(a.speaker.name)
    if "PER" in forms:        # 'die Gegner Thaksins' as the only mention: 'Thaksin raus!' names him too
        forms["PER"] |= {f[:-1] for f in forms["PER"] if len(f) > 3 and f.endswith("s")}
    person_words = {w.lower() for f in forms.get("PER", ()) for w in WORD_RE.findall(f)}
    all_names = sorted(f for fs in forms.values() for f in fs)
    out = []
    for a in doc.attributions:
        if a.content is None or not a.content.text.strip():
            continue
        # 'nach Angaben der APA hat Klien die Anzeige zurückgewiesen': the marker's source reports a denial; the
        # statement is that denial (its denier's, of what it rejects), and is compared as that denial
        nested = None if a.type != "according_to" else next(
            (b for b in doc.attributions if b.type in DENIAL_TYPES and b is not a and b.content is not None
             and a.content.start <= b.cue.start < a.content.end), None)
        basis = nested or a
        text = basis.content.text
        terms = terms_of(text, all_names)
        if a.addr is not None and D.is_charge(a):
            # 'Klien wurde vorgeworfen, an der Schlägerei beteiligt gewesen zu sein': the charge is about Klien
            terms = replace(terms, names=terms.names | terms_of(a.addr.text, all_names).names)
        person_stems = frozenset(stem(w) for w in WORD_RE.findall(text) if w.lower() in person_words)
        verdict = basis.type not in DENIAL_TYPES and D.is_verdict(text)     # "Das sei falsch, sagte er"
        refuted = basis.type not in DENIAL_TYPES and not verdict and D.refutes_report(text)
        rebuts = None if basis.type in DENIAL_TYPES or verdict or refuted else D.rebutted_charge(
            doc, basis, terms.stems, terms.negated)                         # the accused answering a charge
        stance = "denies" if basis.type in DENIAL_TYPES or verdict or refuted or rebuts else "asserts"
        denied = basis.denies if basis.denies != a.id else None
        denied = denied or rebuts or (D.local_target(doc, a) if verdict else None) or (
            D.charge_target(doc, a) or D.local_target(doc, a) if refuted else None)
        target = (doc.id, denied) if denied else None
        out.append(Statement((doc.id, a.id), stance, terms, _speaker_key(basis), person_stems, target,
                             D.link_of(doc, basis, stance, all_names)))
    return out


def to_json(st: Statement) -> str:
    t = st.terms
    return json.dumps({"stems": sorted(t.stems), "words": list(t.words), "names": sorted(t.names),
                       "numbers": sorted(t.numbers), "negated": t.negated, "speaker": st.speaker,
                       "people": sorted(st.people), "target": list(st.target) if st.target else None,
                       "link": D.to_obj(st.link)},
                      ensure_ascii=False, separators=(",", ":"))


def from_json(key: Key, stance: str, text: str) -> Statement:
    f = json.loads(text)
    terms = Terms(frozenset(f["stems"]), tuple(f["words"]), frozenset(f["names"]), frozenset(f["numbers"]),
                  bool(f["negated"]))
    return Statement(key, stance, terms, f["speaker"], frozenset(f["people"]),
                     tuple(f["target"]) if f["target"] else None, D.from_obj(f.get("link")))
