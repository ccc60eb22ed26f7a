"""An unnamed source's bare description takes the one complement the article gives its noun elsewhere
(``link/complements.py``), on hand-written sentences."""
import pytest

from quellen.model import Document, RawDocument
from quellen.pipeline import Pipeline


@pytest.fixture(scope="module")
def analyse():
    try:
        from quellen.nlp import load_pipeline

        load_pipeline()
    except Exception:
        pytest.skip("speaker resolution needs quellen's German pipeline (names, morphology)")
    pipe = Pipeline()
    return lambda text: pipe.analyse(RawDocument(source="test", text=text))


def speaker_of(doc: Document, content_word: str):
    hits = [a for a in doc.attributions if content_word in a.content.text]
    assert hits, [(a.type, a.content.text) for a in doc.attributions]
    return hits[0].speaker


def test_a_bare_description_takes_the_complement_given_later(analyse):
    doc = analyse("In der Begründung weisen die Richter auf mehrere Mängel hin. Die Richter stellten klar, dass der "
                  "Angeklagte unschuldig sei. Später sagten die Richter des Oberlandesgerichts Celle, das Urteil sei "
                  "endgültig.")
    sp = speaker_of(doc, "unschuldig")
    assert (sp.name, sp.kind) == ("Richter des Oberlandesgerichts Celle", "anonymous")


def test_a_bare_description_takes_the_complement_given_before(analyse):
    doc = analyse("Die Veranstalter der Kundgebung hatten 3000 Teilnehmer angemeldet. Am Abend erklärten die "
                  "Veranstalter, es seien mehr als 10.000 Menschen gekommen.")
    sp = speaker_of(doc, "10.000")
    assert (sp.name, sp.kind) == ("Veranstalter der Kundgebung", "anonymous")


def test_two_complements_leave_the_bare_description(analyse):
    doc = analyse("Die Richter stellten klar, dass der Angeklagte unschuldig sei. Die Richter des Landgerichts "
                  "hatten anders entschieden als die Richter des Bundesgerichtshofs.")
    assert speaker_of(doc, "unschuldig").name == "Richter"


def test_an_occurrence_with_other_attributes_is_someone_else(analyse):
    doc = analyse("Im Rat sitzen Vertreter aus dem Norden und dem Süden. Südliche Vertreter sagten, die Truppen "
                  "hätten die Stadt angegriffen.")
    assert speaker_of(doc, "Truppen").name == "Südliche Vertreter"


def test_an_indefinite_description_is_someone_new(analyse):
    doc = analyse("Ein Sprecher sagte, die Verhandlungen gingen weiter. Ein Sprecher im Verkehrsministerium erklärte, "
                  "die Brücke bleibe gesperrt.")
    assert speaker_of(doc, "Verhandlungen").name == "Sprecher"


@pytest.mark.parametrize("text, name", [
    ("Laut dem Bürgermeister von Kleinstadt Herr Dieter Thalberg bleibt die Straße gesperrt.", "Dieter Thalberg"),
    ("Der Direktor der peruanischen Zivilluftfahrtbehörde Roberto Rodriguez sagte, die Maschine sei abgestürzt.",
     "Roberto Rodriguez"),
])
def test_a_description_that_ends_in_a_persons_name_is_that_person(analyse, text, name):
    sp = analyse(text).attributions[0].speaker
    assert (sp.name, sp.kind) == (name, "person")
