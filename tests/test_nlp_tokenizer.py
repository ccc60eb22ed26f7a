"""The shipped pipeline's news tokenizer on hand-written German news text (no model weights needed)."""
import pytest

from quellen.nlp import MODEL_DIR, load_pipeline

pytestmark = pytest.mark.skipif(not (MODEL_DIR / "config.cfg").exists(), reason="no shipped pipeline")


def toks(text):
    return [t.text for t in load_pipeline().tokenizer(text)]


def test_german_quotes_are_separate_tokens():
    assert toks("„Wir sind offen“, sagte sie.") == ["„", "Wir", "sind", "offen", "“", ",", "sagte", "sie", "."]
    assert toks("»Nein«, sagte er: ‚Gut‘.")[:3] == ["»", "Nein", "«"]
    assert toks("Er sagte:„Ja“.") == ["Er", "sagte", ":", "„", "Ja", "“", "."]
    assert "„" in toks("Er sagte: „Ja.“") and toks("Er sagte: „Ja.“")[-2:] == [".", "“"]


def test_abbreviations_keep_their_period():
    t = toks("Das kostet z. B. 3,5 Mio. Euro, sagte Dr. Müller, ca. 20 Mrd. Euro bzw. mehr.")
    for a in ("z.", "B.", "Mio.", "Dr.", "ca.", "Mrd.", "bzw."):
        assert a in t


def test_dates_and_numbers():
    assert toks("am 10. Januar 2025") == ["am", "10.", "Januar", "2025"]
    assert toks("am 26/10/2024 und am 03.10.2024") == ["am", "26/10/2024", "und", "am", "03.10.2024"]
    assert toks("1.000.000 Euro und 3,5 Prozent") == ["1.000.000", "Euro", "und", "3,5", "Prozent"]


def test_dashes_split():
    assert toks("Es ist – so der Minister – falsch")[2] == "–"
    assert toks("Es war—nicht") == ["Es", "war", "—", "nicht"]


def test_offsets_point_into_the_text():
    text = "Berlin (dpa) – „Das ist falsch“, sagte Dr. Peter Müller am 10. Januar 2025.\n\nEr ging."
    for t in load_pipeline()(text):
        assert text[t.idx:t.idx + len(t.text)] == t.text
