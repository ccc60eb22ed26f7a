"""Who speaks, on hand-written sentences with invented names: the rules of docs/who.md section 13 (2026-12-08).

Each case names the rule it checks; every one failed before its rule was written. One table, because each case
asks the same question: which name and kind does the statement containing ``word`` get?
"""
import pytest

CASES = [
    # (text, word in the statement's content, speaker name, kind) -- the rule
    ("In der Begründung weisen die Richter auf mehrere Mängel hin. Die Richter stellten klar, dass der Angeklagte "
     "unschuldig sei. Später sagten die Richter des Oberlandesgerichts Celle, das Urteil sei endgültig.",
     "unschuldig", "Richter des Oberlandesgerichts Celle", "anonymous"),   # complement given later
    ("Die Veranstalter der Kundgebung hatten 3000 Teilnehmer angemeldet. Am Abend erklärten die Veranstalter, es "
     "seien mehr als 10.000 Menschen gekommen.", "10.000", "Veranstalter der Kundgebung", "anonymous"),  # ... before
    ("Die Richter stellten klar, dass der Angeklagte unschuldig sei. Die Richter des Landgerichts hatten anders "
     "entschieden als die Richter des Bundesgerichtshofs.", "unschuldig", "Richter", "anonymous"),  # two: neither
    ("Im Rat sitzen Vertreter aus dem Norden und dem Süden. Südliche Vertreter sagten, die Truppen hätten die Stadt "
     "angegriffen.", "Truppen", "Südliche Vertreter", "anonymous"),        # other attributes: someone else
    ("Ein Sprecher sagte, die Verhandlungen gingen weiter. Ein Sprecher im Verkehrsministerium erklärte, die Brücke "
     "bleibe gesperrt.", "Verhandlungen", "Sprecher", "anonymous"),        # an indefinite is someone new
    ("Laut dem Bürgermeister von Kleinstadt Herr Dieter Thalberg bleibt die Straße gesperrt.", "Straße",
     "Dieter Thalberg", "person"),                                         # a description ending in a name
    ("Der Direktor der peruanischen Zivilluftfahrtbehörde Roberto Rodriguez sagte, die Maschine sei abgestürzt.",
     "Maschine", "Roberto Rodriguez", "person"),                           # ... a name the typer knows
    ("Petra Vogel, Beraterin von Oberbürgermeister Karl Huber, sagte, der Plan sei gescheitert.", "gescheitert",
     "Petra Vogel", "person"),                                             # 'Name, role of another person'
    ("Der Dirigent traf den Chauffeur Marco Bellini. Dieser behaupte, er habe nichts gesehen.", "nichts gesehen",
     "Marco Bellini", "person"),                                           # a demonstrative is a pronoun
    ("Die Großbank Helvetia Invest veröffentlichte am Montag neue Quartalszahlen. Danach verzeichnet das "
     "Geldinstitut Verluste in Höhe von zwölf Milliarden Franken.", "Verluste", "Helvetia Invest", "organization"),
    ("Der Minister Paul Krause lobte das Abkommen, das nach Ansicht einiger die Allianz schwächen könnte.",
     "Allianz", "einige", "anonymous"),                                    # a quantifier stays a group
    ("Die Gruppe Turkey Blocks berichtete, der Zugang sei gesperrt.", "Zugang", "Turkey Blocks", "organization"),
    ("Der Dresdner Fahrgastverband DFV kritisierte, die Züge seien zu voll.", "Züge", "DFV", "organization"),
    ("Der Vorsitzende der tibetischen Regionalregierung sagte, man wolle weiter verhandeln.", "verhandeln",
     "Vorsitzende der tibetischen Regionalregierung", "anonymous"),        # an attributed genitive is the role's
    ("Der Mann sagte, er habe nichts gesehen.", "nichts", "Mann", "anonymous"),   # people by what they are
    ("Die Passagiere berichteten, es habe laut geknallt.", "geknallt", "Passagiere", "anonymous"),
    ("Die Eltern sagten, das Kind sei krank.", "krank", "Eltern", "anonymous"),
    ("Ein 26-jähriger BWL-Student überfuhr einen Radfahrer. Verteidiger Paul Dingel betonte, er sei nicht "
     "vorbestraft. „Es tut mir leid“, sagte der Student.", "leid", "Student", "anonymous"),   # introduced unnamed
    ("Die Straße bleibt gesperrt, teilte die Stadtverwaltung in Graz mit.", "Straße", "Stadtverwaltung in Graz",
     "organization"),                                                      # an office keeps its seat
    ("Die Hilfsorganisation Ärzte ohne Grenzen teilte mit, die Lage in den Lagern sei schlecht.", "Lagern",
     "Ärzte ohne Grenzen", "organization"),                                # gazetteer
    ("Die Organisation „Reporter ohne Grenzen“ kritisierte, die Lage der Presse sei schlecht.", "Presse",
     "Reporter ohne Grenzen", "organization"),                             # the name right after the noun
    ("Nach Angaben aus Windhuk wurden drei Menschen verletzt.", "verletzt", "Windhuk", "organization"),  # origin
    ("Nach Angaben aus Regierungskreisen wurden drei Menschen verletzt.", "verletzt", "Regierungskreise",
     "anonymous"),
    ("Nach Zeugenaussagen wurden zwei Männer verletzt.", "verletzt", "Zeugen", "anonymous"),   # info compounds
    ("Nach israelischen Militärangaben wurden zwei Soldaten verletzt.", "verletzt", "israelisches Militär",
     "organization"),
    ("Nach italienischen Polizeiangaben wurden zwei Menschen verletzt.", "verletzt", "italienische Polizei",
     "organization"),
    ("Die Polizei nahm den 37-jährigen Steve Stark fest. Der Tatverdächtige sagte, er sei unschuldig.",
     "unschuldig", "Steve Stark", "person"),                               # a suspect is a person
    ("Die Organisatoren erklärten, sie wollten weiter verhandeln.", "verhandeln", "Organisatoren", "anonymous"),
    ("Die Initiatoren der Aktionswoche, unter ihnen neben der Gewerkschaft auch Autorenvereinigungen, forderten, "
     "die Bibliotheken müssten länger öffnen.", "Bibliotheken", "Initiatoren der Aktionswoche", "anonymous"),
    ("Greenpeace veröffentlichte am Montag eine Studie über Plastik. Die Umweltschutzorganisation forderte, die "
     "Regierung müsse handeln.", "handeln", "Greenpeace", "organization"),  # a generic organisation noun
    ("Die Weltgesundheitsorganisation warnte vor der Grippe. Sie sagte, die Lage sei ernst.", "ernst",
     "Weltgesundheitsorganisation", "organization"),                       # ... but not a name ending in one
    ("Die Astronomin Clara Birk von der University of Leeds sagte, der Stern sei jung.", "Stern", "Clara Birk",
     "person"),                                                            # no particle before 'University'
    ("Die Vereinsleitung von Eintracht Wiesental erklärte, man werde die Fans bestrafen.", "Fans",
     "Vereinsleitung von Eintracht Wiesental", "organization"),            # an organisation keeps its owner
    ("Beide Seiten erklärten, sie wollten weiter verhandeln.", "verhandeln", "Seiten", "organization"),  # no 'Seite'
    ("Der südsudanesische Informationsminister Barnaba Marial Benjamin kritisierte die Operation. Der "
     "Informationsminister des Südsudans sagte in Juba, die Armee werde nicht vergelten.", "vergelten",
     "Barnaba Marial Benjamin", "person"),                                 # a role with a genitive owner
]


@pytest.fixture(scope="module")
def full(nlp, analyse):
    """The whole pipeline (``nlp`` skips without the trained German pipeline: these rules read its tags)."""
    return analyse


@pytest.mark.parametrize("text, word, name, kind", CASES, ids=[c[2] for c in CASES])
def test_who_speaks(full, text, word, name, kind):
    doc = full(text)
    hits = [a for a in doc.attributions if word in a.content.text]
    assert hits, [(a.type, a.content.text) for a in doc.attributions]
    assert (hits[0].speaker.name, hits[0].speaker.kind) == (name, kind)


@pytest.mark.parametrize("text, outer, inner", [
    ("„Wir sind bereit“, zitierte die Zeitung den Bürgermeister Klaus Brenner.", "Zeitung", "Klaus Brenner"),
    ("„Das wird ein gutes Jahr“, zitiert der „Kurier“ den Winzer Anton Reiter.", "Kurier", "Anton Reiter"),
])
def test_a_quotation_before_zitieren_is_the_objects_according_to_the_subject(full, text, outer, inner):
    """'„…“, zitiert die Zeitung den Bürgermeister': the object said it, the subject reports it (two
    attributions, as the schema nests sources)."""
    got = {(a.type, a.speaker.name) for a in full(text).attributions}
    assert ("according_to", outer) in got and ("direct", inner) in got, got


def test_the_origin_after_angaben_aus_is_the_source_and_not_the_content(full):
    a = full("Nach Angaben aus Regierungskreisen wurden drei Menschen verletzt.").attributions[0]
    assert a.source.text == "Regierungskreisen" and a.content.text.startswith("wurden drei")


def test_a_time_after_aus_is_no_origin(full):
    a = full("Nach Planungen aus dem Jahr 2005 wird die Rückkehr zum Mond bis 2020 angestrebt.").attributions[0]
    assert a.source.text == "Planungen"
