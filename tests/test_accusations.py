"""Passive accusations ("Dem X wird vorgeworfen, … zu haben") on hand-written German sentences: the charge is a
statement with no speaker unless a von-agent names the accuser, its Addr is the accused, and a charge without a
claim clause or an active accusation is left to the other rules. (``analyse``: tests/conftest.py.)"""
from quellen.model import Document


def _charge(doc: Document, word: str):
    found = next((a for a in doc.attributions if word in a.content.text), None)
    assert found is not None, f"no attribution with {word!r}: {[a.content.text for a in doc.attributions]}"
    return found


def test_passive_charge_has_no_speaker_and_names_the_accused(analyse):
    doc = analyse("Dem Bürgermeister wird vorgeworfen, Fördergelder des Landes veruntreut zu haben. "
                  "Die Staatsanwaltschaft prüft den Fall.")
    a = _charge(doc, "Fördergelder")
    assert a.content.text == "Fördergelder des Landes veruntreut zu haben"
    assert a.cue.text == "wird vorgeworfen"
    assert a.source is None and a.speaker.name is None and a.speaker.kind == "unspecified"
    assert a.addr is not None and a.addr.text == "Dem Bürgermeister"
    assert doc.text[a.content.start:a.content.end] == a.content.text


def test_agent_of_the_passive_is_the_source(analyse):
    doc = analyse("Der Firma wurde von der Staatsanwaltschaft Köln vorgeworfen, dass sie die Abgaswerte "
                  "manipuliert habe.")
    a = _charge(doc, "Abgaswerte")
    assert a.content.text.startswith("dass sie die Abgaswerte")
    assert a.source is not None and "Staatsanwaltschaft" in a.source.text
    assert "Staatsanwaltschaft" in (a.speaker.name or "")


def test_no_speaker_is_inherited_from_the_report_before(analyse):
    doc = analyse("„Wir prüfen die Vorwürfe“, sagte ein Sprecher des Vereins. Dem Vorstand wird vorgeworfen, "
                  "Spenden falsch verbucht zu haben.")
    a = _charge(doc, "Spenden")
    assert a.speaker.name is None


def test_nominative_passive_and_pluperfect(analyse):
    doc = analyse("Die beiden Männer werden beschuldigt, einen Geldtransporter überfallen zu haben.")
    assert _charge(doc, "Geldtransporter").addr.text == "Die beiden Männer"
    doc = analyse("Dem Trainer war vorgeworfen worden, die Spieler beleidigt zu haben.")
    a = _charge(doc, "Spieler")
    assert a.source is None and a.cue.text == "war vorgeworfen worden"


def test_charge_without_claim_clause_and_active_accusation_are_not_this_rule(analyse):
    doc = analyse("Ihm wird Betrug in drei Fällen vorgeworfen.")
    assert not [a for a in doc.attributions if "Betrug" in a.content.text and a.speaker.name is None
                and a.type == "indirect" and a.cue.text.endswith("vorgeworfen")]
    doc = analyse("Die Ministerin hat dem Abgeordneten vorgeworfen, gelogen zu haben.")
    a = _charge(doc, "gelogen")
    assert a.speaker.name == "Ministerin"


def test_a_date_apposition_does_not_cut_the_clause(analyse):
    doc = analyse("Der Trainer hat am Montag, dem 3. März 2025, die Vorwürfe des Vereins zurückgewiesen.")
    a = _charge(doc, "Vorwürfe")
    assert a.type == "denial" and a.content.text == "die Vorwürfe des Vereins"
    assert a.speaker.name == "Trainer"


def test_a_reported_denial_keeps_its_report_and_rejects_the_charge_before_it(analyse):
    doc = analyse("Dem Trainer Max Brand wurde vorgeworfen, Spieler beleidigt zu haben. Nach Angaben der "
                  "Nachrichtenagentur dpa hat Brand am Dienstag die Vorwürfe zurückgewiesen.")
    charge = _charge(doc, "beleidigt")
    denial = next(a for a in doc.attributions if a.type == "denial")
    assert denial.content.text == "die Vorwürfe" and denial.denies == charge.id
    report = next(a for a in doc.attributions if a.type == "according_to")
    assert "zurückgewiesen" in report.content.text          # what dpa reports is the denial itself
