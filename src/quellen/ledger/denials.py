"""Denials across articles: link "Der Kreml dementierte den Bericht der Washington Post" to the claim of that report.

Why a rule of its own: a denial often does not restate what it denies. Its content only names the report ("den
Bericht der Washington Post", "die Berichte", "diese Darstellung", "die Vorwürfe") or is a verdict on it ("Das
sei falsch"), so the content comparison of :func:`quellen.ledger.claims.score` has nothing to compare. What
identifies the denied claim then is *who reported it* (the source named in the denial is the claim's speaker),
*whom the story is about* (the names around the denial and in the claim) and *when* (a denial follows its report
within days). Each is weak alone, so the rule is precision first — a wrong link tells a fact-checker that a claim
was denied when it was not:

* only a **report reference** (:func:`is_reference`) is linked this way; a denial that restates the claim
  ("bestritt, dass Trump mit Putin telefoniert habe") is compared by its content as before (negation words are
  not content stems, so "nicht telefoniert" compares with "telefoniert");
* both articles dated: the claim appeared at most :data:`WINDOW_DAYS` before the denial (or :data:`SLACK_DAYS`
  after); then naming the claim's source is enough, else every name of the claim must occur around the denial
  (at least two). Both undated: no window, so the source *and* a shared name (or the denier named in the claim)
  are needed, or all of the claim's names and the denier. One dated and one undated: not linked;
* a topic word of the reference that nothing in the claim aligns with ("Bericht über Waffenlieferungen" vs a
  claim about a phone call), or a name of the reference the claim lacks, rules the pair out;
* the denial joins the best such claim only when it is unambiguous (:func:`choose`): a second claim within
  :data:`MARGIN` leaves it standing alone.

Like every pair score, :func:`reference_score` is a pure function of the two statements (their features are
computed from their own article: :func:`link_of`), and candidates are found through keys stored with each
statement (:func:`stored_keys`, :func:`lookup_keys`), so the link does not depend on which article arrived first.
The keys are asymmetric — assertions store ``~a`` keys that only denials look up and vice versa — so they add
no assertion-to-assertion comparisons; they carry the month, so a denial is compared only with claims of its
month and the two next to it.

A verdict the attribution stage typed as an assertion ("Das sei falsch, sagte ein Sprecher", "bezeichnete diese
Darstellung als falsch") is a denial too (:func:`is_verdict`); when the statement just before it in the same
article is by someone else, that statement is what it denies (:func:`local_target`).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from typing import Iterable, Sequence

from .terms import NEGATION, SOFT_MIN, WORD_RE, idf, stem, stop_words, terms_of, word_vector

WINDOW_DAYS = 31      # a denial follows the report it denies within this many days
SLACK_DAYS = 2        # ... or precedes it by at most this much (time zones, a print edition a day later)
MARGIN = 0.10         # a second claim this close to the best makes a report reference ambiguous
TOPIC_MIN = 6.0       # a reference's own words weigh this much (stem table) to count as its topic
MAX_NAMES = 10        # names of a denial used for its keys (rarest first)
REF_WHY = "report reference"

# Nouns that name a report or an accusation, as Snowball stems; compounds ending in one of the roots count
# ("Medienberichte", "Falschinformationen", "Zeitungsmeldung").
REPORT_STEMS = frozenset("bericht meldung falschmeld darstell vorwurf anschuld beschuld behaupt gerucht spekulation "
                         "artikel enthull information nachricht aussag ausser unterstell schilder version recherch "
                         "mutmass vorhalt anzeig anklag geschicht story fak news".split())
REPORT_ROOTS = ("bericht", "meldung", "information", "nachricht", "darstell", "vorwurf", "gerucht", "behaupt")
# Verdicts of falsity, and words that say "true" (a verdict of falsity only when negated: "das stimmt nicht").
FALSE_STEMS = frozenset("falsch unwahr erfund erfind erlog lug unsinn haltlos absurd quatsch unbegrund "
                        "gegenstandslos entbehr verleumd propaganda fantasi".split())
TRUE_STEMS = frozenset("stimmt wahr zutreff korrekt richtig entsprech realitat wahrheit grundlag".split())
FILLER_STEMS = frozenset("frei rein vollig absolut ganzlich jeglich bezeichnet kategor entschied "
                         "scharf energ vehement nachdruck".split())
DEMONSTRATIVES = frozenset("das dies dieses diese dieser diesen solche solches derartig derartige".split())

_SENTENCE_END = re.compile(r"[.!?][\"“”»«']?\s+")


@dataclass(frozen=True)
class Link:
    """What linking a denial across articles needs of one statement, computed from its own article."""

    published: str | None = None             # the article's date, YYYY-MM-DD
    reference: bool = False                   # a denial whose content only names a report (or is a verdict)
    story: frozenset[str] = frozenset()       # a denial: name stems of its sentence, the one before, the title


# ------------------------------------------------------------------ what a statement is


def _is_report(s: str) -> bool:
    return s in REPORT_STEMS or any(s.endswith(r) and s != r for r in REPORT_ROOTS)


def _verdict_words(s: str) -> bool:
    return s in FALSE_STEMS or s in TRUE_STEMS or s in FILLER_STEMS


def is_verdict(text: str) -> bool:
    """A verdict of falsity on something already said: a demonstrative or a report noun, a word of falsity (or a
    negated "stimmt"/"wahr"), and no other content ("Das sei falsch", "diese Darstellung als falsch", "Das stimmt
    nicht", "Die Berichte sind frei erfunden"; not "Das wäre ein falsches Signal", not "Das ist richtig")."""
    words = [w.lower() for w in WORD_RE.findall(text or "")]
    stops = stop_words()
    stems = {stem(w) for w in words if w not in stops and w not in NEGATION and len(w) > 1}
    if not (DEMONSTRATIVES & set(words) or any(_is_report(s) for s in stems)):
        return False
    if any(not (_verdict_words(s) or _is_report(s)) for s in stems):
        return False
    negated = bool(NEGATION & set(words))
    false, true = bool(stems & FALSE_STEMS), bool(stems & TRUE_STEMS)
    return (false and not negated) or (negated and true and not false)


_REFUTED = re.compile(r"\bsich\b[^.;:]{0,120}?\bnicht\s+(?:bestätigt|bewahrheitet|erhärtet)\b"
                      r"|\bals\s+(?:falsch|haltlos|unbegründet|gegenstandslos|unwahr)\s+(?:erwiesen|herausgestellt)\b",
                      re.IGNORECASE)
_CHARGE_CUE = re.compile(r"vorgeworfen|vorwurf|vorwerf|wirft|warf|beschuldig|verdächtig|angelastet|unterstell|"
                         r"last gelegt|anzeige|angezeigt", re.IGNORECASE)


def refutes_report(text: str) -> bool:
    """A report or charge found untrue: "hatten sich die Anschuldigungen gegen X nicht bestätigt", "die Vorwürfe
    haben sich als haltlos erwiesen". Not "konnte nicht bestätigt werden", which leaves the report open."""
    words = WORD_RE.findall(text or "")
    return any(_is_report(stem(w.lower())) for w in words) and bool(_REFUTED.search(text or ""))


def is_charge(a) -> bool:  # noqa: ANN001 - Attribution
    """Whether attribution ``a`` reports a charge ("wird vorgeworfen", "beschuldigte"): its Addr is the accused."""
    return is_charge_cue(a.cue.text)


def is_charge_cue(cue: str | None) -> bool:
    """Whether a cue's text is one of a charge (the stored twin of :func:`is_charge`)."""
    return bool(_CHARGE_CUE.search(cue or ""))


def charge_target(doc, a, reach: int = 2000) -> str | None:  # noqa: ANN001 - Document, Attribution
    """What a refutation of a charge denies in its own article: the nearest charge before it."""
    start = min(a.cue.start, a.content.start)
    before = [b for b in doc.attributions if b is not a and b.content.end <= start and start - b.content.end < reach
              and is_charge(b)]
    return max(before, key=lambda x: (x.content.end, x.id)).id if before else None


def rebutted_charge(doc, a, stems: frozenset[str], negated: bool) -> str | None:  # noqa: ANN001 - Document, Attribution
    """The charge that ``a`` rebuts in its own article: the accused answers it with a negation of its own words
    ("Klien wurde vorgeworfen, an der Schlägerei beteiligt gewesen zu sein" ... "Ich war an keiner Schlägerei
    beteiligt", he said). The speaker must be the charge's Addr (the same entity, or its surname in the Addr), the
    statement negated, and it must repeat a content word of the charge; an answer that does not is left as it is.
    ``stems``: the content stems of ``a``."""
    if not negated or not stems or not (a.speaker.entity or a.speaker.name) or a.speaker.kind != "person":
        return None
    target = charge_target(doc, a)
    charge = next((b for b in doc.attributions if b.id == target), None)
    if charge is None or charge.addr is None:
        return None
    addr = (charge.addr.start, charge.addr.end)
    by_entity = a.speaker.entity and any(
        e.id == a.speaker.entity and any(addr[0] <= m.start < addr[1] for m in e.mentions) for e in doc.entities)
    surname = (a.speaker.name or "").split()[-1:]
    by_name = bool(surname) and surname[0] in WORD_RE.findall(charge.addr.text)
    if not (by_entity or by_name):
        return None
    return charge.id if stems & terms_of(charge.content.text).stems else None


def is_reference(text: str) -> bool:
    """A denial's content that names a report instead of restating it: a report noun ("den Bericht der Washington
    Post", "Berichte über ein Telefonat"), or a verdict / bare demonstrative ("das", "Das sei falsch")."""
    words = [w.lower() for w in WORD_RE.findall(text or "")]
    stops = stop_words()
    stems = [stem(w) for w in words if w not in stops and w not in NEGATION and len(w) > 1]
    if any(_is_report(s) for s in stems):
        return True
    return all(_verdict_words(s) for s in stems) and bool(DEMONSTRATIVES & set(words) or is_verdict(text))


def _date(published: str | None) -> str | None:
    if not published:
        return None
    try:
        return _dt.date.fromisoformat(published[:10]).isoformat()
    except ValueError:
        return None


def _story_window(text: str, start: int, end: int) -> str:
    """The sentence holding ``start..end`` and the one before it."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    begin = ends[-2] if len(ends) >= 2 else 0
    after = _SENTENCE_END.search(text, end)
    return text[begin:after.start() + 1 if after else len(text)]


def link_of(doc, a, stance: str, names: Sequence[str]) -> Link:      # noqa: ANN001 - Document, Attribution
    """The linking features of attribution ``a`` of ``doc`` (``names``: the surface forms of the article's entity
    mentions, as :func:`quellen.ledger.statements.statements_of` has them)."""
    published = _date(doc.published)
    if stance != "denies" or not is_reference(a.content.text):
        return Link(published)
    title = doc.title or doc.text.split("\n", 1)[0][:200]
    window = _story_window(doc.text, min(a.cue.start, a.content.start), max(a.cue.end, a.content.end))
    return Link(published, True, terms_of(f"{title}\n{window}", names).names)


def local_target(doc, a) -> str | None:           # noqa: ANN001 - Document, Attribution
    """What a verdict denies in its own article: the statement ending just before it (in the previous ~300
    characters) by another speaker ("Die Bild hatte gemeldet, ... . Das sei falsch, sagte ein Sprecher")."""
    start = min(a.cue.start, a.content.start)
    before = [b for b in doc.attributions if b is not a and b.content.end <= start and start - b.content.end < 300
              and b.content.text.strip()]
    if not before:
        return None
    b = max(before, key=lambda x: (x.content.end, x.id))
    same = a.speaker.name and b.speaker.name and a.speaker.name.lower() == b.speaker.name.lower()
    return None if same else b.id


# ------------------------------------------------------------------ candidates


def _month(published: str | None, shift: int = 0) -> str:
    if not published:
        return "-"
    y, m = int(published[:4]), int(published[5:7]) + shift
    y, m = y + (m - 1) // 12, (m - 1) % 12 + 1
    return f"{y:04d}-{m:02d}"


def _months(published: str | None) -> list[str]:
    return [_month(published, k) for k in (-1, 0, 1)] if published else ["-"]


def _names(st) -> list[str]:                      # noqa: ANN001 - Statement
    return sorted(st.terms.names | st.people, key=lambda s: (-idf(s), s))


def _speaker_stems(speaker: str | None) -> frozenset[str]:
    return frozenset(stem(w) for w in WORD_RE.findall(speaker or "") if w.lower() not in stop_words())


def _claim_keys(st) -> list[str]:                 # noqa: ANN001 - Statement
    """An assertion's keys: the last word of its speaker, and its two rarest names (or its only name). First names
    are left out when there are other names: a later article names the person by the surname alone."""
    out = []
    words = [w for w in WORD_RE.findall(st.speaker or "") if w.lower() not in stop_words()]
    if words:
        out.append("s " + stem(words[-1]))
    names = [x for x in _names(st) if x not in _given_names()] or _names(st)
    if names:
        out.append("n " + "|".join(sorted(names[:2])))
    return out


def _denial_keys(st) -> list[str]:                # noqa: ANN001 - Statement
    """A report reference's keys: every name of its content as a possible source, and the names around it
    alone and in pairs (the claim's two rarest names are among them when the story is the same)."""
    names = sorted(st.terms.names | st.people | st.link.story, key=lambda s: (-idf(s), s))[:MAX_NAMES]
    keys = ["s " + s for s in sorted(st.terms.names)]
    keys += ["n " + s for s in names] + ["n " + "|".join(sorted(p)) for p in combinations(names, 2)]
    return keys


def _is_ref(st) -> bool:                          # noqa: ANN001 - Statement
    return st.stance == "denies" and st.link is not None and st.link.reference


def stored_keys(st) -> list[str]:                 # noqa: ANN001 - Statement
    """Keys stored with a statement, on top of its blocking keys (``~a``: an assertion, ``~d``: a reference)."""
    if st.link is None:
        return []
    if st.stance == "asserts":
        return [f"~a {k} {_month(st.link.published)}" for k in _claim_keys(st)]
    if _is_ref(st):
        return [f"~d {k} {_month(st.link.published)}" for k in _denial_keys(st)]
    return []


def lookup_keys(st) -> list[str]:                 # noqa: ANN001 - Statement
    """Keys a statement looks up, on top of its blocking keys: an assertion those of references, a reference
    those of assertions, in its month and the two next to it (undated: among the undated)."""
    if st.link is None:
        return []
    if st.stance == "asserts":
        return [f"~d {k} {m}" for k in _claim_keys(st) for m in _months(st.link.published)]
    if _is_ref(st):
        return [f"~a {k} {m}" for k in _denial_keys(st) for m in _months(st.link.published)]
    return []


# ------------------------------------------------------------------ the pair score


def applies(a, b) -> bool:                        # noqa: ANN001 - Statement
    """Whether :func:`reference_score` can link ``a`` and ``b`` (a report reference and an assertion of another
    article)."""
    return a.key[0] != b.key[0] and ((_is_ref(a) and b.stance == "asserts" and b.link is not None)
                                     or (_is_ref(b) and a.stance == "asserts" and a.link is not None))


def _window(denial: str | None, claim: str | None) -> str | None:
    if denial is None and claim is None:
        return "undated"
    if denial is None or claim is None:
        return None
    days = (_dt.date.fromisoformat(denial) - _dt.date.fromisoformat(claim)).days
    return f"{days} days after it" if -SLACK_DAYS <= days <= WINDOW_DAYS else None


def _topic(d, c) -> bool | None:                  # noqa: ANN001 - Statement
    """Whether the reference's own topic words align with the claim's words (None: it has none)."""
    words = [w for w in d.terms.words if not (_is_report(stem(w)) or _verdict_words(stem(w)))
             and idf(stem(w)) >= TOPIC_MIN]
    if not words:
        return None
    for w in words:
        if stem(w) in c.terms.stems or any(float(word_vector(w) @ word_vector(x)) >= SOFT_MIN for x in c.terms.words):
            return True
    return False


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    from ..link.entities import first_names

    return frozenset(stem(x.lower()) for x in first_names())


def reference_score(a, b) -> tuple[float, str]:   # noqa: ANN001 - Statement
    """How surely a report reference denies the claim of an assertion in another article (0: not linked)."""
    if not applies(a, b):
        return 0.0, ""
    d, c = (a, b) if _is_ref(a) else (b, a)
    when = _window(d.link.published, c.link.published)
    if when is None:
        return 0.0, "outside the date window"
    source = _speaker_stems(c.speaker)
    named_source = bool(source) and source <= d.terms.names
    claim_names = c.terms.names | c.people
    denier = _speaker_stems(d.speaker)
    about = d.terms.names - (source if named_source else frozenset()) - denier
    if about and not about & claim_names:
        return 0.0, "the reference names someone the claim does not"
    topic = _topic(d, c)
    if topic is False:
        return 0.0, "the reference names another topic"
    shared = claim_names & (d.terms.names | d.people | d.link.story)
    every = bool(claim_names) and len(shared) == len(claim_names)
    named_denier = bool(denier & claim_names)
    # or the claim is about the denier and no one else ("Max Brand wird vorgeworfen, …" / "Brand wies die Vorwürfe
    # zurück"): the denier's first name need not be repeated
    about_denier = named_denier and all(x in shared or x in _given_names() for x in claim_names)
    if when == "undated":
        ok = (named_source and (shared or named_denier)) or (every and len(shared) >= 2 and named_denier)
    else:
        ok = named_source or (every and len(shared) >= 2) or about_denier
    if not ok:
        return 0.0, "too little evidence"
    s = 0.5 + 0.2 * named_source + 0.05 * min(len(shared), 3) + 0.1 * bool(topic) + 0.05 * named_denier
    why = [REF_WHY]
    if named_source:
        why.append(f"names its source {c.speaker}")
    if shared:
        why.append("shares " + ", ".join(sorted(shared)))
    if topic:
        why.append("the same topic")
    if named_denier:
        why.append("the denier is named in it")
    why.append(when)
    return round(min(s, 0.95), 4), ", ".join(why)


def choose(candidates: Iterable[tuple[float, str, object, int]]):  # noqa: ANN201 - the chosen candidate or None
    """The claim a denial joins among ``(score, why, claim, rank)`` candidates (highest score, then lowest rank,
    as before), or None when the best is a report reference and another claim scores within :data:`MARGIN`."""
    best_of: dict[int, tuple[float, str, object, int]] = {}
    for cand in candidates:
        old = best_of.get(id(cand[2]))
        if old is None or (cand[0], -cand[3]) > (old[0], -old[3]):
            best_of[id(cand[2])] = cand
    ranked = sorted(best_of.values(), key=lambda x: (-x[0], x[3]))
    if not ranked:
        return None
    best = ranked[0]
    if best[1].startswith(REF_WHY) and len(ranked) > 1 and ranked[1][0] >= best[0] - MARGIN:
        return None
    return best


# ------------------------------------------------------------------ stored form


def to_obj(link: Link | None) -> dict | None:
    if link is None:
        return None
    return {"published": link.published, "reference": link.reference, "story": sorted(link.story)}


def from_obj(obj: dict | None) -> Link | None:
    """None for statements stored before links existed (they are never linked by reference; a rebuild adds it)."""
    if obj is None:
        return None
    return Link(obj.get("published"), bool(obj.get("reference")), frozenset(obj.get("story") or ()))
