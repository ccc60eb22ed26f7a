"""Small rule components that sit after the statistical ones in the saved pipeline.

- ``quellen_konjunktiv``: Mood=Sub (Konjunktiv) lexicon + Konjunktiv-I ending rule. It raised held-out
  Mood=Sub F1 for the early models (0.82 -> 0.90) but is neutral for the shipped one, so it is not in the
  shipped pipeline any more (model card); still registered so older saved pipelines load.
- ``quellen_newline_sents``: a line break in article text always ends a sentence (headings, paragraphs).
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

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


@Language.component("quellen_attribution_ents")
def attribution_ents(doc: Doc) -> Doc:
    """Keep the entities of the NER on the shared tok2vec in ``doc.spans["attribution_ents"]`` and clear
    ``doc.ents`` for the NER with its own tok2vec that follows, in a pipeline made by ``training/ner_graft.py``
    (measured, not shipped). The attribution models were trained with the first NER's entities as features, and
    retrained on the second one's they scored lower (joint F1 0.713 -> 0.701, docs/who.md section 6): each reads
    the entities it was trained with (``attribution_entities``)."""
    doc.spans[ATTRIBUTION_ENTS] = list(doc.ents)
    doc.ents = ()
    return doc


def attribution_entities(doc: Doc):
    """The entities the attribution stage reads: the stored first NER's where the pipeline has two, else ents."""
    return list(doc.spans[ATTRIBUTION_ENTS]) if ATTRIBUTION_ENTS in doc.spans else list(doc.ents)


def add_rule_components(nlp: Language) -> None:
    """Add the rule components to a freshly trained pipeline (called when shipping it)."""
    # quellen_konjunktiv is NOT added: on the shipped model (silver-trained) it left held-out Mood=Sub F1
    # unchanged (0.921) and added 2 false positives on the training part. Kept registered for older pipelines.
    if "quellen_newline_sents" not in nlp.pipe_names and "senter" in nlp.pipe_names:
        nlp.add_pipe("quellen_newline_sents", after="senter")
