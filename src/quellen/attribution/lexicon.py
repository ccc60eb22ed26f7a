"""German lexicons for attribution: reporting, attitude, denial and naming verbs (every inflected form,
separable particles included), according-to markers, hedges and denial phrases.

Why surface forms and not lemmas: the rules must work with or without a trained tagger/lemmatiser, so each
verb is expanded into its finite forms, participle and infinitives once, at import time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

SPEECH, ATTITUDE, DENIAL, NAMING = "speech", "attitude", "denial", "naming"

_INSEP = ("be", "er", "ver", "zer", "ent", "emp", "miss", "ge", "hinter", "über", "unter", "wider")


@dataclass(frozen=True)
class VerbForm:
    lemma: str
    cls: str
    particle: str | None       # separable particle that must follow in the clause ("teilte ... mit")
    finite: bool               # a finite form (can be the V2 verb of a main clause)
    np_object: bool            # may report with a plain noun-phrase object ("betonte die Offenheit")


def _weak(stem: str) -> dict[str, list[str]]:
    e = "e" if re.search(r"(t|d|[^aeiourl]n|[^aeiourl]m)$", stem) else ""
    no_ge = stem.endswith("ier") or stem.startswith(_INSEP)
    part = ("" if no_ge else "ge") + stem + e + "t"
    inf = stem + ("n" if stem.endswith(("er", "el")) and not stem.endswith("ier") else "en")
    return {"finite": [stem + "e", stem + e + "t", stem + e + "st", inf, stem + e + "te", stem + e + "ten",
                       stem + e + "test"],
            "part": [part], "inf": [inf]}


def _strong(finite: str, part: str, inf: str) -> dict[str, list[str]]:
    return {"finite": finite.split(), "part": [part], "inf": [inf]}


# (lemma, class, particle, forms, np_object)
_V: list[tuple[str, str, str | None, dict, bool]] = []


def _add(lemma, cls, forms, particle=None, np_object=False):
    _V.append((lemma, cls, particle, forms, np_object))


for _s in ("erinner", "begründ"):
    _add(_s + "n" if _s.endswith("er") else _s + "en", SPEECH, _weak(_s))
for _s in ("sag", "erklär", "bericht", "antwort", "erzähl", "twitter", "post", "meld", "schilder", "erläuter",
           "versicher", "präzisier", "argumentier", "entgegn", "erwider", "mein", "bilanzier", "resümier",
           "prognostizier", "zitier", "mutmaß", "spekulier", "behaupt", "bestätig", "kommentier", "verkünd"):
    _add(_weak(_s)["inf"][0], SPEECH, _weak(_s))
for _s in ("beton", "bekräftig", "kritisier", "bekund", "warn", "forder", "beklag", "bemängel", "monier",
           "lob", "begrüß", "appellier", "mahn", "dräng", "bezweifel", "äußer", "signalisier",
           "unterstell", "beschuldig", "präferier", "wünsch"):
    _add(_weak(_s)["inf"][0], SPEECH if _s not in ("präferier", "wünsch") else ATTITUDE, _weak(_s), np_object=True)
for _s in ("glaub", "hoff", "fürcht", "befürcht", "vermut", "erwart", "zweifel"):
    _add(_weak(_s)["inf"][0], ATTITUDE, _weak(_s))
for _s in ("dementier", "leugn", "vernein"):
    _add(_weak(_s)["inf"][0], DENIAL, _weak(_s), np_object=True)
_add("bezeichnen", NAMING, _weak("bezeichn"), np_object=True)
_add("nennen", NAMING, _strong("nenne nennt nennen nannte nannten", "genannt", "nennen"), np_object=True)
# 'sprach von einem „Armutszeugnis“' (only with a von-object, see reporting.verb_content)
_add("sprechen", SPEECH, _strong("spreche spricht sprechen sprach sprachen", "gesprochen", "sprechen"),
     np_object=True)
_add("verlauten", SPEECH, _weak("verlaut"))                    # 'wie aus Kreisen verlautete'
_add("schreiben", SPEECH, _strong("schreibe schreibt schreiben schrieb schrieben", "geschrieben", "schreiben"))
_add("versprechen", SPEECH, _strong("verspreche verspricht versprechen versprach versprachen", "versprochen",
                                    "versprechen"), np_object=True)
_add("unterstreichen", SPEECH, _strong("unterstreiche unterstreicht unterstreichen unterstrich unterstrichen",
                                       "unterstrichen", "unterstreichen"), np_object=True)
_add("verweisen", SPEECH, _strong("verweise verweist verweisen verwies verwiesen", "verwiesen", "verweisen"),
     np_object=True)
_add("beschreiben", SPEECH, _strong("beschreibe beschreibt beschreiben beschrieb beschrieben", "beschrieben",
                                    "beschreiben"), np_object=True)
_add("verraten", SPEECH, _strong("verrate verrät verraten verriet verrieten", "verraten", "verraten"))
_add("bestreiten", DENIAL, _strong("bestreite bestreitet bestreiten bestritt bestritten", "bestritten",
                                   "bestreiten"), np_object=True)


# Separable verbs: (lemma, class, particle, finite forms of the base, participle, infinitive, np_object)
_SEP = [
    ("mitteilen", SPEECH, "mit", _weak("teil"), False),
    ("hinzufügen", SPEECH, "hinzu", _weak("füg"), False),
    ("ergänzen", SPEECH, None, _weak("ergänz"), False),
    ("ankündigen", SPEECH, "an", _weak("kündig"), True),
    ("andeuten", SPEECH, "an", _weak("deut"), False),
    ("zusagen", SPEECH, "zu", _weak("sag"), True),
    ("zusichern", SPEECH, "zu", _weak("sicher"), False),
    ("feststellen", SPEECH, "fest", _weak("stell"), False),
    ("klarstellen", SPEECH, "klar", _weak("stell"), False),
    ("einräumen", SPEECH, "ein", _weak("räum"), True),
    ("anmerken", SPEECH, "an", _weak("merk"), False),
    ("vorschlagen", SPEECH, "vor", _strong("schlage schlägt schlagen schlug schlugen", "geschlagen", "schlagen"), True),
    ("vorwerfen", SPEECH, "vor", _strong("werfe wirft werfen warf warfen", "geworfen", "werfen"), True),
    ("hervorheben", SPEECH, "hervor", _strong("hebe hebt heben hob hoben", "gehoben", "heben"), True),
    ("zugeben", SPEECH, "zu", _strong("gebe gibt geben gab gaben", "gegeben", "geben"), True),
    ("bekanntgeben", SPEECH, "bekannt", _strong("gebe gibt geben gab gaben", "gegeben", "geben"), True),
    ("einwenden", SPEECH, "ein", _strong("wende wendet wenden wandte wandten", "gewandt", "wenden"), False),
    ("annehmen", ATTITUDE, "an", _strong("nehme nimmt nehmen nahm nahmen", "genommen", "nehmen"), False),
    ("auffordern", SPEECH, "auf", _weak("forder"), False),
    ("angeben", SPEECH, "an", _strong("gebe gibt geben gab gaben", "gegeben", "geben"), False),
    ("aufrufen", SPEECH, "auf", _strong("rufe ruft rufen rief riefen", "gerufen", "rufen"), False),
    ("hinweisen", SPEECH, "hin", _strong("weise weist weisen wies wiesen", "gewiesen", "weisen"), False),
    ("hervorgehen", SPEECH, "hervor", _strong("gehe geht gehen ging gingen", "gegangen", "gehen"), False),
    ("ausgehen", ATTITUDE, "aus", _strong("gehe geht gehen ging gingen", "gegangen", "gehen"), False),
    ("zurückweisen", DENIAL, "zurück", _strong("weise weist weisen wies wiesen", "gewiesen", "weisen"), True),
    ("abstreiten", DENIAL, "ab", _strong("streite streitet streiten stritt stritten", "gestritten", "streiten"), True),
    ("abweisen", DENIAL, "ab", _strong("weise weist weisen wies wiesen", "gewiesen", "weisen"), True),
]

VERBS: dict[str, list[VerbForm]] = {}


def _put(form: str, vf: VerbForm) -> None:
    lst = VERBS.setdefault(form.lower(), [])
    if vf not in lst:
        lst.append(vf)


for _lemma, _cls, _particle, _forms, _np in _V:
    for _f in _forms["finite"]:
        _put(_f, VerbForm(_lemma, _cls, None, True, _np))
    for _f in _forms["part"] + _forms["inf"]:
        _put(_f, VerbForm(_lemma, _cls, None, False, _np))
for _lemma, _cls, _particle, _forms, _np in _SEP:
    if _particle is None:
        for _f in _forms["finite"]:
            _put(_f, VerbForm(_lemma, _cls, None, True, _np))
        for _f in _forms["part"] + _forms["inf"]:
            _put(_f, VerbForm(_lemma, _cls, None, False, _np))
        continue
    for _f in _forms["finite"]:
        _put(_f, VerbForm(_lemma, _cls, _particle, True, _np))              # teilte ... mit
        _put(_particle + _f, VerbForm(_lemma, _cls, None, True, _np))       # (wie er) mitteilte
    for _f in _forms["part"]:
        _put(_particle + _f, VerbForm(_lemma, _cls, None, False, _np))      # mitgeteilt
    for _f in _forms["inf"]:
        _put(_particle + _f, VerbForm(_lemma, _cls, None, False, _np))      # mitteilen
        _put(_particle + "zu" + _f, VerbForm(_lemma, _cls, None, False, _np))

# Words that are verb forms above but far more often something else.
for _bad in ("meine", "meinen", "erwarten", "denken", "post", "glaube",
             "gehen", "geht", "ging", "gingen", "gehe", "geben", "gibt", "gab", "gaben", "gebe", "nehmen",
             "nimmt", "nahm", "nahmen", "nehme", "heben", "hebt", "hob", "hoben", "hebe", "wenden", "wendet",
             "wandte", "wandten", "wende", "stellen", "stellt", "stellte", "stellten", "stelle", "teilen",
             "weisen", "weise", "schlagen", "werfen", "räumen", "deuten", "merken", "fügen", "kündigen",
             "wünsche", "zweifel", "denke", "lob", "warn", "streiten", "streite", "erwarte"):
    VERBS.pop(_bad, None)
# ... but keep the separable bases whose particle requirement makes them safe again.
for _lemma, _cls, _particle, _forms, _np in _SEP:
    if _particle:
        for _f in _forms["finite"]:
            _put(_f, VerbForm(_lemma, _cls, _particle, True, _np))   # the clause-final particle guards them

# "es hieß", "heißt es" (unspecified source)
HEISSEN = {"hieß", "heißt", "hiess", "heisst"}

# Auxiliaries and modals (finite), for V2 and perfect/passive constructions.
AUX = {
    "hat", "hatte", "hatten", "haben", "habe", "hätte", "hätten", "ist", "war", "waren", "sind", "sei", "seien",
    "wird", "wurde", "wurden", "werden", "werde", "würde", "würden", "ließ", "ließen", "lässt", "kann", "konnte",
    "will", "wollte", "muss", "musste", "soll", "sollte", "sollen", "dürfte", "mag", "möchte",
}
# Konjunktiv I / reported-speech forms, the fallback when no morphology is available.
KONJUNKTIV = {
    "sei", "seien", "habe", "werde", "könne", "müsse", "solle", "wolle", "dürfe", "möge", "gebe", "gehe",
    "komme", "liege", "stehe", "bestehe", "handle", "handele", "wisse", "lasse", "hätten", "wären", "seiest",
    "befände", "befinde", "gelte", "bleibe", "wüssten", "gäbe", "wolle", "obliege", "prüfe", "entspreche",
    "meine", "wünsche", "mache", "gewinne", "erwäge", "plane", "arbeite", "zeige", "fehle", "brauche",
}

SUBORDINATORS = {"dass", "daß", "ob", "wie", "weil", "da", "wenn", "falls", "obwohl", "nachdem", "bevor",
                 "während", "als", "damit", "sodass", "wonach", "indem", "ehe", "seit", "seitdem"}
RELATIVE = {"der", "die", "das", "dem", "den", "deren", "dessen", "denen", "welche", "welcher", "welches"}
# the articles alone (the rules that strip them from a description, or tell someone new by 'ein')
ARTICLES = frozenset({"der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "einer", "eines"})
INDEFINITE_ARTICLES = frozenset({"ein", "eine", "einem", "einen", "einer", "eines"})
DETERMINERS = {"der", "die", "das", "dem", "den", "des", "ein", "eine", "einem", "einen", "einer", "eines",
               "kein", "keine", "keinem", "keinen", "keiner", "sein", "seine", "seinem", "seinen", "seiner",
               "ihr", "ihre", "ihrem", "ihren", "ihrer", "zwei", "drei", "mehrere", "mehreren", "einige",
               "einigen", "einiger", "viele", "vielen", "andere", "anderen", "dieser", "diese", "diesem",
               "diesen", "dieses", "alle", "beide", "beiden"}
# determiners that never start a nominative: a Vorfeld NP with one is an object, and the subject follows the verb
NEVER_NOMINATIVE = frozenset({"den", "dem", "einem", "einen", "diesem", "diesen", "jenem", "jenen"})
PRONOUNS = {"er": ("m", "sg"), "sie": (None, None), "ich": (None, "sg"), "wir": (None, "pl"),
            "es": ("n", "sg")}
PREPOSITIONS = {"am", "im", "in", "an", "auf", "aus", "bei", "mit", "nach", "von", "vom", "vor", "zu", "zum",
                "zur", "über", "unter", "für", "gegen", "gegenüber", "seit", "während", "trotz", "durch",
                "inmitten", "um", "ohne", "laut", "neben", "hinter", "zwischen", "beim", "ins", "ans"}
# Sentence-initial words that open the Vorfeld without being a subject.
ADVERBS = {
    "zugleich", "zuvor", "dabei", "offiziell", "allerdings", "schließlich", "auch", "doch", "dennoch", "jedoch",
    "außerdem", "zudem", "dann", "nun", "jetzt", "heute", "gestern", "damals", "später", "bereits", "inzwischen",
    "trotzdem", "deshalb", "daher", "hier", "dort", "so", "demnach", "bisher", "zunächst", "anschließend",
    "kürzlich", "vorher", "ebenso", "ebenfalls", "insbesondere", "immerhin", "vielmehr", "darüber", "darin",
    "dazu", "davor", "danach", "morgen", "bislang", "weiter", "ferner", "überdies", "gleichzeitig", "indes",
    "aber", "und", "oder", "sondern", "denn", "zuletzt", "erst", "erneut", "wiederholt", "laut", "letztlich",
    "offenbar", "angeblich", "wohl", "vermutlich", "mutmaßlich", "möglicherweise", "tatsächlich", "zuerst",
    "vergangene", "vergangenen", "letzte", "letzten", "anfang", "ende", "mitte", "neben", "darauf",
}
# Words after which a quotation is a title, not speech: das Buch „War“.
TITLE_NOUNS = {"buch", "film", "titel", "roman", "artikel", "bericht", "serie", "sendung", "studie", "album",
               "lied", "song", "kolumne", "schlagzeile", "motto", "slogan", "playbook", "podcast", "programm",
               "operation", "projekt", "initiative", "plan", "formel", "gesetz", "zeitung", "magazin",
               "lokalzeitung", "tageszeitung", "wochenzeitung", "fachzeitschrift", "zeitschrift", "blatt",
               "fachblatt", "nachrichtenmagazin", "wirtschaftsmagazin", "sender", "portal", "onlineportal",
               "nachrichtenportal", "newsletter", "sendung", "talkshow"}

# According-to markers (prepositional/adverbial attribution).
ACCORDING_PRE = {"laut", "lt."}                       # laut X
ACCORDING_POST = {"zufolge"}                          # X zufolge
ACCORDING_NOUNS = {"angaben", "ansicht", "informationen", "aussage", "aussagen", "einschätzung", "darstellung",
                   "auffassung", "meinung", "worten", "berichten", "recherchen", "schätzung", "schätzungen",
                   "überzeugung", "erkenntnissen", "daten", "zahlen", "berechnungen", "stellungnahme", "vorhersage",
                   "prognose", "planungen", "ermittlungen", "auskunft", "mitteilung", "bericht", "meldung", "umfrage",
                   "augenzeugenberichten", "polizeiangaben", "wort"}   # nach Angaben von X / Angaben X zufolge

# Hedges: the text marks the content unconfirmed.
HEDGE_WORDS = {"angeblich", "offenbar", "offenbart", "wohl", "mutmaßlich", "vermeintlich", "gerüchte",
               "gerüchten", "gerücht", "anscheinend", "offensichtlich", "scheinbar"}
HEDGE_MODALS = {"soll", "sollen", "solle", "sollten_not"}
UNVERIFIED = re.compile(r"nicht\s+(unabhängig\s+)?(zu\s+)?(verifizier|überprüf|bestätig|prüf)"
                        r"|unabhängig\s+(zu\s+)?(verifizier|überprüf|bestätig|prüf)\w*\s+(\w+\s+){0,5}nicht\b", re.I)

# Phrases whose content rejects a claim: make a statement a denial.
DENIAL_PHRASES = re.compile(
    r"(stimmt\s+(so\s+)?nicht|entspr\w*\s+(\w+\s+){0,2}nicht\s+der\s+(Realität|Wahrheit|Wirklichkeit)"
    r"|nicht\s+der\s+(Realität|Wahrheit)\s+entspr|falsche[nrms]?\s+(Bericht|Meldung|Behauptung|Darstellung)"
    r"|Falschinformation|Fehlinformation|Desinformation\w*\s+handel|Fake[\s-]?News|frei\s+erfunden"
    r"|haltlos|Unsinn|Lüge[n]?\b|ist\s+nicht\s+passiert|nicht\s+wahr\b|entbehr\w*\s+jeder\s+Grundlage"
    r"|^\s*(das|dies)\s+ist\s+((schlicht|schlichtweg|völlig|absolut|einfach)\s+)?falsch\b"
    r"|\b(gab|hat|hatte|habe|war|wurde)\s+(es\s+)?zu\s+keinem\s+Zeitpunkt\b)",
    re.I)

# Sources by kind (lower-case heads / stems).
MEDIA_WORDS = ("zeitung", "agentur", "nachrichtenagentur", "sender", "fernsehsender", "medium", "medien",
               "magazin", "zeitschrift", "blatt", "portal", "nachrichtenportal", "tv", "radio", "rundfunk", "journal",
               "newsletter", "onlineportal", "nachrichtenseite", "news", "times", "post", "tagesschau")
MEDIA_OUTLETS = {
    "reuters", "afp", "ap", "dpa", "bloomberg", "interfax", "tass", "ria", "ria nowosti", "cnn", "bbc", "nbc",
    "cbs", "abc", "fox news", "politico", "axios", "al jazeera", "wall street journal", "new york times",
    "washington post", "financial times", "guardian", "the guardian", "economist", "spiegel", "der spiegel",
    "bild", "faz", "frankfurter allgemeine", "süddeutsche zeitung", "zeit", "die zeit", "welt", "die welt",
    "handelsblatt", "ard", "zdf", "n-tv", "ntv", "rtl", "tagesspiegel", "stern", "focus", "t-online", "orf",
    "srf", "nzz", "deutsche welle", "dw", "le monde", "kommersant", "iswestija", "meduza", "nowaja gaseta",
    "kyiv independent", "ukrajinska prawda", "rbc", "rbk", "ukrinform", "unian", "efe", "ansa", "kyodo",
    "xinhua", "yonhap", "sky news", "cnbc", "msnbc", "the times", "telegraph", "independent", "bild-zeitung",
    "rnd", "epd", "kna", "apa", "sda", "x", "truth social", "telegram", "wsj", "nyt", "the new york times",
    "tagesschau", "tagesthemen", "heute-journal", "deutschlandfunk", "mdr", "ndr", "wdr", "br", "swr", "hr",
    "rbb", "phoenix", "arte", "3sat", "ard-tagesschau",
}
DOCUMENT_WORDS = ("bericht", "buch", "studie", "post", "dokument", "papier", "erklärung", "mitteilung",
                  "pressemitteilung", "analyse", "umfrage", "gutachten", "artikel", "brief", "schreiben",
                  "memo", "protokoll", "beitrag", "eintrag", "tweet", "video", "interview", "untersuchung",
                  "statement", "stellungnahme", "dossier", "aufzeichnung", "buches", "berichts", "berichtes",
                  "mails", "e-mails", "emails", "unterlagen", "dokumente", "akten", "protokolle", "briefe",
                  "chatnachrichten", "chats", "papiere", "vermerk", "notiz", "urteil", "anklageschrift",
                  "studien", "schätzung", "schätzungen", "kommentar", "befund", "befunde", "prognose",
                  "prognosen", "statistik", "auswertung", "verfassung", "zettel", "flugblatt", "plakat",
                  "entwurf", "entwurfs", "version", "fassung", "berechnung", "berechnungen", "resolution",
                  "antrag", "vorlage", "bekanntmachung", "meldung", "homepage", "webseite", "website",
                  "internetseite")
ANONYMOUS_WORDS = ("quelle", "quellen", "insider", "kreise", "kreisen", "personen", "person", "beamte",
                   "beamten", "beamter", "diplomaten", "diplomat", "beobachter", "beobachtern", "vertreter",
                   "offizielle", "offiziellen", "führungspersönlichkeiten", "informanten", "mitarbeiter",
                   "experten", "analysten", "kritiker", "einige", "einiger", "manche", "viele", "stimmen",
                   "regierungskreise", "sicherheitskreise", "eingeweihte", "vertraute", "umfeld",
                   # people nobody names ('Zeugen', 'Anwohner', 'viele Menschen')
                   "zeuge", "zeugen", "ohrenzeugen", "menschen", "anwohner", "anwohnern", "einwohner", "bewohner",
                   "passanten", "jugendliche", "jugendlichen", "männer", "frauen", "passagiere", "fahrgäste",
                   "nachbarn", "eltern", "kinder", "leute", "besucher", "zuschauer", "schüler", "studenten",
                   "rentner", "urlauber", "angehörige", "angehörigen", "hinterbliebene", "überlebende",
                   "organisatoren", "initiatoren", "verantwortlichen", "verdächtigen")
# one person named by what they are, not by an office ('Der Mann sagte', 'eine Nachbarin'): whole words only, so
# that no surname ('Hoffmann') becomes a role; no kinship words ('die Mutter' of someone is someone else)
PEOPLE_NOUNS = frozenset({
    "mann", "frau", "junge", "mädchen", "nachbar", "nachbarin", "passagier", "passagierin", "fahrgast", "besucher",
    "besucherin", "zuschauer", "zuschauerin", "bewohner", "bewohnerin", "einwohner", "einwohnerin", "anwohner",
    "anwohnerin", "täter", "täterin", "schüler", "schülerin", "student", "studentin", "rentner", "rentnerin", "autofahrer", "autofahrerin", "fußgänger", "fußgängerin", "urlauber", "urlauberin"})
ORG_WORDS = ("ministerium", "regierung", "behörde", "kreml", "partei", "unternehmen", "konzern", "polizei",
             "staatsanwaltschaft", "gericht", "armee", "militär", "verwaltung", "amt", "präsidialamt",
             "kommission", "rat", "parlament", "senat", "weißes haus", "pentagon", "geheimdienst", "bündnis",
             "nato", "un", "uno", "eu", "organisation", "weiße haus", "weißen haus", "bundestag", "bundesrat", "verband", "gewerkschaft", "stiftung", "institut",
             "bank", "firma", "team", "stab", "fraktion", "kabinett", "botschaft", "außenministerium", "innung",
             "kammer", "universität", "hochschule", "verein", "gemeinde", "klinik", "krankenhaus", "gruppe",
             "union", "behörden", "ministerien", "koalition", "opposition", "staat", "staaten", "land",
             "konsortium", "holding", "ag", "gmbh", "club", "bundeswehr", "feuerwehr", "leitung", "vorstand",
             "komitee", "ausschuss", "gremium", "jury", "delegation", "junta", "rathaus", "ministerrat")
HUMAN_ROLE_SUFFIXES = ("sprecher", "sprecherin", "präsident", "präsidentin", "minister", "ministerin", "chef",
                       "chefin", "kanzler", "kanzlerin", "sekretär", "sekretärin", "berater", "beraterin",
                       "direktor", "direktorin", "leiter", "leiterin", "journalist", "journalistin", "autor",
                       "autorin", "abgeordnete", "abgeordneter", "botschafter", "botschafterin", "general",
                       "kandidat", "kandidatin", "gouverneur", "gouverneurin", "bürgermeister", "premier",
                       "premierminister", "vorsitzende", "vorsitzender", "milliardär", "unternehmer",
                       "republikaner", "demokrat", "experte", "expertin", "mitarbeiterin", "analyst", "analystin",
                       "sprecher", "kommandeur", "oberhaupt", "staatschef", "regierungschef", "kremlchef",
                       # descriptions of people by trade or party ('der CDU-Politiker', 'die Trainerin')
                       "verdächtige", "verdächtiger", "verantwortliche", "verantwortlicher",
                       "organisator", "organisatorin", "initiator", "initiatorin",
                       "politiker", "politikerin", "trainer", "trainerin", "spieler", "spielerin", "kapitän",
                       "kapitänin", "manager", "managerin", "geschäftsführer", "geschäftsführerin", "anwalt",
                       "anwältin", "richter", "richterin", "ermittler", "ermittlerin", "offizier", "offizierin",
                       "soldat", "soldatin", "kommandant", "kommandantin", "diplomat", "diplomatin", "kommissar",
                       "kommissarin", "arzt", "ärztin", "forscher", "forscherin", "wissenschaftler",
                       "wissenschaftlerin", "ökonom", "ökonomin", "gründer", "gründerin", "aktivist", "aktivistin",
                       "schauspieler", "schauspielerin", "sänger", "sängerin", "künstler", "künstlerin",
                       "regisseur", "regisseurin", "parlamentarier", "parlamentarierin", "funktionär",
                       "funktionärin", "vorständin", "bischof", "bischöfin", "landrat", "landrätin",
                       "stadträtin", "gemeinderätin", "kreisrätin",
                       # offices and trades of news sources ('Obmann der Fraktion', 'der Bevollmächtigte der
                       # EU-Kommission', 'ZDF-Korrespondent')
                       "obmann", "obfrau", "beauftragte", "beauftragter", "bevollmächtigte", "bevollmächtigter",
                       "professor", "professorin", "redakteur", "redakteurin", "korrespondent", "korrespondentin",
                       "senator", "senatorin", "polizist", "polizistin", "staatsanwältin",
                       # sport ('der Formel-1-Fahrer', 'der Sportler', 'die Athletin')
                       "sportler", "sportlerin", "fahrer", "fahrerin", "athlet", "athletin", "rentner",
                       "rentnerin",
                       # people the news quotes without a name ('der Papst', 'Augenzeugen', 'die Demonstranten')
                       "papst", "könig", "königin", "augenzeuge", "augenzeugin", "augenzeugen", "zeugin",
                       "demonstrant", "demonstrantin", "demonstranten", "teilnehmer", "teilnehmerin", "teilnehmern",
                       "aufständische", "aufständischer", "aufständischen", "ärzte", "sängerinnen")
UNSPECIFIED_WORDS = ("berichte", "berichten", "meldungen", "medienberichte", "medienberichten", "gerüchte",
                     "gerüchten", "angaben", "informationen", "erkenntnisse", "erkenntnissen",
                     # what was said, found or expected, when nobody is named ('Zeugenaussagen zufolge')
                     "aussagen", "vorwürfe", "spekulationen", "behauptung", "behauptungen", "annahmen",
                     "erfahrungen", "erkenntnisstand", "planungen", "ermittlungen", "vorhersagen", "endergebnis")


def verb_forms(word: str) -> list[VerbForm]:
    return VERBS.get(word.lower(), [])
