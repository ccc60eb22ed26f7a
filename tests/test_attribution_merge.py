"""Merging the learned model with the rules: the rules keep the contract's types, the model confirms them
(origin 'model+rule') or adds statements the rules miss; a model that fails never stops the article."""
import spacy

from quellen.attribution import find_attributions
from quellen.attribution.learned import TokenAnnotation
from quellen.model import Document
from quellen.pipeline import Analysis, Resources

TEXT = ("Laut der Polizei wurde niemand verletzt. "
        "Anwohner erinnerten sich an einen lauten Knall in der Nacht.")


class StubAttributor:
    """Stands in for the learned model: one Reported message under 'Laut', one the rules cannot see."""

    def annotate_doc(self, doc):
        idx = {t.text: t.i for t in doc}
        first = TokenAnnotation(cue=[idx["Laut"]], source=[idx["Polizei"]],
                                message=list(range(idx["wurde"], idx["verletzt"] + 1)), form="Reported",
                                confidence=0.9)
        second = TokenAnnotation(cue=[idx["erinnerten"]], source=[idx["Anwohner"]],
                                 message=list(range(idx["an"], idx["Nacht"] + 1)), form="Indirect",
                                 confidence=0.85)
        return [first, second]


class BrokenAttributor:
    def annotate_doc(self, doc):
        raise RuntimeError("model exploded")


def _analysis():
    nlp = spacy.blank("de")
    nlp.add_pipe("sentencizer")
    a = Analysis(Document("x", "x.txt", TEXT))
    a.spacy_doc = nlp(TEXT)
    return a


def _resources(attributor):
    r = Resources()
    r.get("attributor", lambda: attributor)
    return r


def test_model_confirms_rule_and_adds_missing_statement():
    a = _analysis()
    find_attributions(a, _resources(StubAttributor()))
    attrs = a.document.attributions
    laut = [x for x in attrs if x.cue.text == "Laut"]
    assert len(laut) == 1
    assert laut[0].type == "according_to"                   # the rule's type wins over 'Reported'
    assert laut[0].origin == "model+rule" and laut[0].form == "Reported"
    added = [x for x in attrs if "Knall" in x.content.text]
    assert added and added[0].origin == "model" and added[0].type == "indirect"
    assert [x.id for x in attrs] == [f"a{i}" for i in range(1, len(attrs) + 1)]


def test_broken_model_falls_back_to_rules():
    a = _analysis()
    find_attributions(a, _resources(BrokenAttributor()))
    assert [x.cue.text for x in a.document.attributions] == ["Laut"]
    assert a.document.attributions[0].origin == "rule"


def test_no_model_rules_only():
    a = _analysis()
    find_attributions(a, _resources(None))
    assert a.document.attributions and all(x.origin == "rule" for x in a.document.attributions)
