"""Small rule components that sit after the statistical ones in the saved pipeline.

- ``quellen_konjunktiv``: Mood=Sub (Konjunktiv) lexicon + Konjunktiv-I ending rule. It raised held-out
  Mood=Sub F1 for the early models (0.82 -> 0.90) but is neutral for the shipped one, so it is not in the
  shipped pipeline any more (model card); still registered so older saved pipelines load.
- ``quellen_newline_sents``: a line break in article text always ends a sentence (headings, paragraphs).
- ``quellen_attribution_ents`` and ``quellen_ner_combine``: a pipeline with two NERs (``training/ner_graft.py``).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

FINITE_TAGS = {"VVFIN", "VAFIN", "VMFIN"}
# Forms that are Konjunktiv whenever they are finite verbs (Konjunktiv I of sein, Konjunktiv II with umlaut).
ALWAYS_SUB = {
    "sei", "seien", "seiest", "seist", "seiet", "wäre", "wären", "wärst", "wärest", "wäret",
    "hätte", "hätten", "hättest", "hättet", "würde", "würden", "würdest", "würdet",
    "könnte", "könnten", "könntest", "dürfte", "dürften", "müsste", "müssten", "müßte", "müßten",
    "möchte", "möchten", "bräuchte", "bräuchten", "gäbe", "gäben", "käme", "kämen", "ginge", "gingen_",
    "könne", "müsse", "dürfe", "solle", "wolle", "möge", "wisse", "stünde", "stünden", "ließe", "täte",
}
# Indicative past forms of modals the model sometimes marks as Sub.
NEVER_SUB = {"musste", "mussten", "konnte", "konnten", "durfte", "durften", "mußte", "mußten"}


def _set_mood(tok: Token, mood: str) -> None:
    feats = tok.morph.to_dict()
    feats["Mood"] = mood
    feats.setdefault("VerbForm", "Fin")
    tok.set_morph("|".join(f"{k}={v}" for k, v in sorted(feats.items())))


def konjunktiv(doc: Doc) -> Doc:
    for sent in doc.sents:
        has_ich = any(t.lower_ == "ich" for t in sent)
        for tok in sent:
            low = tok.lower_
            finite = tok.tag_ in FINITE_TAGS or "Fin" in tok.morph.get("VerbForm")
            if not finite and low not in ALWAYS_SUB:
                continue
            if low in ALWAYS_SUB and (finite or tok.pos_ in ("AUX", "VERB")):
                _set_mood(tok, "Sub")
            elif low in NEVER_SUB:
                _set_mood(tok, "Ind")
            elif (tok.tag_ in FINITE_TAGS and tok.pos_ in ("VERB", "AUX") and low.endswith("e")
                  and not low.endswith(("te", "ende", "ige", "liche")) and not has_ich
                  and "Past" not in tok.morph.get("Tense") and "Plur" not in tok.morph.get("Number")
                  and "1" not in tok.morph.get("Person") and len(low) > 3):
                _set_mood(tok, "Sub")
    return doc


@Language.component("quellen_konjunktiv")
def konjunktiv_component(doc: Doc) -> Doc:
    """Konjunktiv lexicon + Konjunktiv-I ending rule on top of the morphologizer."""
    return konjunktiv(doc)


YEAR_END = re.compile(r"^(1[5-9]|20)\d\d\.$")


@Language.component("quellen_newline_sents")
def newline_sents(doc: Doc) -> Doc:
    """A token after a line break starts a sentence; so does a capitalised word after "1995." (a year
    with the full stop glued on by the tokenizer: years are not ordinals, so the period ends a sentence)."""
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if tok.is_space and "\n" in tok.text and not nxt.is_space:
            nxt.is_sent_start = True
        elif YEAR_END.match(tok.text) and nxt.text[:1].isupper():
            nxt.is_sent_start = True
    return doc


ATTRIBUTION_ENTS = "attribution_ents"
# the components an NER's output depends on, in a pipeline with one NER or two: what an NER evaluation runs
NER_PIPES = ("tok2vec", "tagger", "attribution_ner", "quellen_attribution_ents", "ner", "quellen_ner_combine",
             "quellen_name_types")


@Language.component("quellen_attribution_ents")
def attribution_ents(doc: Doc) -> Doc:
    """Keep the entities of the NER on the shared tok2vec in ``doc.spans["attribution_ents"]`` and clear
    ``doc.ents`` for the NER with its own tok2vec that follows, in a pipeline made by ``training/ner_graft.py``
    (shipped since 2026-12-07). The attribution models were trained with the first NER's entities as features, and
    retrained on the second one's they scored lower (joint F1 0.713 -> 0.701, docs/who.md section 6): each reads
    the entities it was trained with (``attribution_entities``)."""
    doc.spans[ATTRIBUTION_ENTS] = list(doc.ents)
    doc.ents = ()
    return doc


def attribution_entities(doc: Doc):
    """The entities the attribution stage reads: the stored first NER's where the pipeline has two, else ents."""
    return list(doc.spans[ATTRIBUTION_ENTS]) if ATTRIBUTION_ENTS in doc.spans else list(doc.ents)


PROPER_TAGS = {"NE", "FM"}


def _name_like(tokens) -> bool:  # noqa: ANN001 - Span
    return all(t.tag_ in PROPER_TAGS and t.text[:1].isupper() and t.is_alpha for t in tokens)


def _proper_phrase(span) -> bool:  # noqa: ANN001 - Span
    """Proper nouns only, or a capitalised adjective inside a sentence before capitalised nouns: German writes
    an adjective with a capital only as part of a name ("der Palästinensischen Autonomiebehörde", "die
    Europäische Zentralbank")."""
    if all(t.tag_ in PROPER_TAGS for t in span):
        return True
    first = span[0]
    return (len(span) >= 2 and first.tag_ == "ADJA" and first.text[:1].isupper() and not first.is_sent_start
            and all(t.tag_ in PROPER_TAGS | {"NN"} and t.text[:1].isupper() for t in span[1:]))


def _coordinated(doc: Doc, span, entities) -> bool:  # noqa: ANN001 - Span
    """Whether ``span`` is coordinated with an entity of its type ("die Union sowie auch die FDP", "SPD und
    Grüne"): only a conjunction, adverbs and an article between them."""
    for x in entities:
        if x.label_ == span.label_ and x.start > span.end:
            between = doc[span.end:x.start]
            return (len(between) <= 4 and any(t.tag_ == "KON" for t in between)
                    and all(t.tag_ in ("KON", "ADV", "ART") for t in between))
    return False


def _longer_name(added, last: str) -> bool:  # noqa: ANN001 - Span
    """Whether ``added`` words before a name belong to it: proper nouns or capitals ("KG Thalia Blau-Weiß"), or,
    before a legal form, any capitalised word ("Premium Aerotec GmbH": "Premium" is tagged a common noun)."""
    from ..link.entities import LEGAL_FORMS   # (here: importing the entity layer at load time would be circular)

    if all(t.tag_ in PROPER_TAGS or t.is_upper for t in added):
        return True
    return last in LEGAL_FORMS and all(t.text[:1].isupper() for t in added)


def _first_name_first(span) -> bool:  # noqa: ANN001 - Span
    """The entity layer's first-name rule (``link.entities.first_name_shaped``) on a span: "Theo Zwanziger", with
    "Zwanziger" tagged an adjective and the whole typed MISC by the first NER, is a person's name."""
    from ..link.entities import first_name_shaped   # (here: importing the entity layer at load time is circular)

    return first_name_shaped([t.text for t in span])


def _role_before_untagged_word(doc: Doc, span, entities) -> bool:  # noqa: ANN001 - Span
    """Whether a one-word person ``span`` is a person's role right before a capitalised word no entity covers
    ("gab General Sonthi an" with only "General" tagged): the entity layer then names the word after the role
    (``link.entities._clean_spans``), which the second NER, tagging nothing there or the role as an organisation,
    would lose."""
    from ..link.entities import _role_kind   # (here: importing the entity layer at load time would be circular)

    nxt = doc[span.end] if span.end < len(doc) else None
    return (nxt is not None and _role_kind(span.text) == "person" and nxt.text[:1].isupper() and nxt.is_alpha
            and not any(x.start <= nxt.i < x.end for x in entities))


@Language.component("quellen_ner_combine")
def ner_combine(doc: Doc) -> Doc:
    """The second NER's entities, corrected by the first NER's where the second is the weaker one.

    Why: the NER with its own tok2vec, trained on four corpora, is better on held-out news (SmartData news
    PER/ORG/LOC 0.539 -> 0.637), but it misses whole names that the first NER (whose tok2vec also learned
    part-of-speech tags) finds ("Der US-Kultregisseur Quentin Tarantino stellte ..." has no person; "Die Union
    sowie auch die FDP" has no "Union"), cuts company names short ("Aerotec GmbH" of "Premium Aerotec GmbH")
    and tags common nouns ("des Konzerns", "der Brandt-Kenner"). So:

    * a second-NER entity of one common noun (tagged NN) that the first NER does not tag is dropped;
    * where the second NER has nothing, the first NER's entity is kept when it is a person of two to four
      proper-noun words, an organisation or place of proper nouns only, or one word that begins or ends a
      longer entity of the second NER in the same article ("Der Konzern Holzmann" after "Holzmann AG": that
      entity's type), or one coordinated with a second-NER entity of its type (:func:`_coordinated`), or a
      person's role before an untagged capitalised word (:func:`_role_before_untagged_word`), or a person or
      MISC name that starts with a known first name, as a person (:func:`_first_name_first`);
    * where both tag one role word before an untagged capitalised word, the first as a person and the second
      as something else, the first's person is kept;
    * where the first NER has the same entity with more name words before it and the same end, the longer one
      is kept (:func:`_longer_name`).

    On the held-out sets together they are worth little (PER/ORG/LOC GermEval 0.637 -> 0.639, SmartData news
    0.637 -> 0.640; docs/who.md section 7); they mend names a reader sees missing or wrong, which the speaker
    tests on hand-written text need. In the shipped pipeline since 2026-12-07, with the entity layer deciding a
    mistyped person's type from the role or first name before it (docs/who.md section 8)."""
    if ATTRIBUTION_ENTS not in doc.spans:
        return doc
    first, second = list(doc.spans[ATTRIBUTION_ENTS]), list(doc.ents)

    def overlapping(x, spans) -> list:  # noqa: ANN001 - Span
        return [y for y in spans if x.start < y.end and y.start < x.end]

    out = [x for x in second if not (len(x) == 1 and x[0].tag_ == "NN" and not overlapping(x, first))]
    ends: dict[str, str] = {}                      # first and last words of the second NER's longer entities
    for x in second:
        if len(x) > 1:
            ends.setdefault(x[0].text, x.label_)
            ends.setdefault(x[-1].text, x.label_)
    for s in first:
        rivals = overlapping(s, second)
        if not rivals:
            if s.label_ == "PER" and 2 <= len(s) <= 4 and _name_like(s) or (
                    s.label_ in ("ORG", "LOC") and _proper_phrase(s)):
                out.append(s)
            elif s.label_ in ("PER", "MISC") and _first_name_first(s):
                out.append(Span(doc, s.start, s.end, label="PER"))
            elif len(s) == 1 and s.text in ends:
                out.append(Span(doc, s.start, s.end, label=ends[s.text]))
            elif s.text[:1].isupper() and _coordinated(doc, s, second):
                out.append(s)
            elif s.label_ == "PER" and len(s) == 1 and _role_before_untagged_word(doc, s, second):
                out.append(s)
        elif (len(rivals) == 1 and (rivals[0].start, rivals[0].end) == (s.start, s.end) and s.label_ == "PER"
              and len(s) == 1 and _role_before_untagged_word(doc, s, second)):
            out.remove(rivals[0])                  # 'gab General Sonthi an', 'General' typed ORG by the second
            out.append(s)
        elif (len(rivals) == 1 and rivals[0].label_ == s.label_ and s.end == rivals[0].end
              and s.start < rivals[0].start and _longer_name(doc[s.start:rivals[0].start], s[-1].lower_)):
            out.remove(rivals[0])
            out.append(s)
    doc.ents = sorted(out, key=lambda e: e.start)
    return doc


def add_rule_components(nlp: Language) -> None:
    """Add the rule components to a freshly trained pipeline (called when shipping it)."""
    # quellen_konjunktiv is NOT added: on the shipped model (silver-trained) it left held-out Mood=Sub F1
    # unchanged (0.921) and added 2 false positives on the training part. Kept registered for older pipelines.
    if "quellen_newline_sents" not in nlp.pipe_names and "senter" in nlp.pipe_names:
        nlp.add_pipe("quellen_newline_sents", after="senter")
