"""News tokenizer: spaCy's German rules plus fixes for what German news text needs.

Registered as ``quellen.news_tokenizer.v1`` so a saved pipeline rebuilds it from its config offline
(spaCy resolves the name when loading; importing this module registers it).
What it adds to spaCy's German defaults:
- dates written 26/10/2024 or 26.10.2024 stay one token (defaults split on "/");
- dashes – — (and "--") between words become tokens of their own ("es—nicht" -> es — nicht);
- quotation marks „“ ‚‘ »« «» "" are split off even when glued to other punctuation;
- more news abbreviations (capitalised "Ca.", "Abs.", "Prof.", "Mrd." ...) keep their period.
"""
from __future__ import annotations

import re
from typing import Callable

from spacy.lang.de import German
from spacy.language import Language
from spacy.symbols import NORM, ORTH
from spacy.tokenizer import Tokenizer
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex, registry

DATE_RE = r"^\d{1,2}[/.]\d{1,2}[/.]\d{2,4}$|^\d{4}-\d{2}-\d{2}$"

ABBREVIATIONS = [
    "Abs.", "Abb.", "Abg.", "Anm.", "Art.", "Aufl.", "Bd.", "Bde.", "Bsp.", "Bzw.", "bzw.", "Ca.", "ca.",
    "Chr.", "Co.", "Dipl.", "Dr.", "Dres.", "Ebd.", "ebd.", "Evtl.", "evtl.", "Fa.", "ff.", "Frl.", "gem.",
    "Ggf.", "ggf.", "Hg.", "hg.", "Hrsg.", "hrsg.", "Inc.", "Ing.", "inkl.", "Inkl.", "Jh.", "Jhd.", "Jr.",
    "jr.", "Kap.", "lt.", "Lt.", "Ltd.", "max.", "Mio.", "Mrd.", "Mr.", "Mrs.", "Ms.", "Nr.", "Nrn.", "o.ä.",
    "o.Ä.", "Prof.", "Ref.", "Sr.", "St.", "Std.", "Str.", "tägl.", "Tel.", "u.a.", "u.ä.", "usw.", "v.a.",
    "Verf.", "vgl.", "Vgl.", "Vors.", "z.T.", "zzgl.", "Ziff.", "Zt.", "Mill.", "Tsd.", "Gebr.", "Hbf.",
    "Jan.", "Feb.", "Febr.", "Aug.", "Sept.", "Okt.", "Nov.", "Dez.", "Mo.", "Di.", "Mi.", "Do.", "Fr.",
    "Sa.", "So.", "v.Chr.", "n.Chr.", "ehem.", "Ehem.", "geb.", "gest.", "sog.", "Sog.", "Bundesverf.",
]

DASHES = "–—―"
QUOTES = "„“”‚‘’»«\"'"


def _news_rules(nlp: Language) -> dict:
    defaults = nlp.Defaults
    prefixes = list(defaults.prefixes) + [r"[„‚»«“”‘’\"]", f"[{DASHES}]"]
    suffixes = [s for s in defaults.suffixes if s != "/"] + [r"[“”‘’«»\"]", f"[{DASHES}]",
                                                            r"(?<=[A-Za-zÄÖÜäöüß])/"]
    infixes = list(defaults.infixes) + [
        rf"(?<=[\w.,!?])[{DASHES}](?=[\w„»\"])",
        r"(?<=[\w])--(?=[\w])",
        r"(?<=[\w.,!?:;])[„“”»«](?=[\w])",
        r"(?<=[\w])[:;](?=[„»\"])",
    ]
    exceptions = dict(defaults.tokenizer_exceptions)
    for abbr in ABBREVIATIONS:
        exceptions.setdefault(abbr, [{ORTH: abbr}])
    return dict(prefixes=prefixes, suffixes=suffixes, infixes=infixes, exceptions=exceptions)


def make_news_tokenizer(nlp: Language) -> Tokenizer:
    rules = _news_rules(nlp)
    return Tokenizer(
        nlp.vocab,
        rules=rules["exceptions"],
        prefix_search=compile_prefix_regex(rules["prefixes"]).search,
        suffix_search=compile_suffix_regex(rules["suffixes"]).search,
        infix_finditer=compile_infix_regex(rules["infixes"]).finditer,
        token_match=re.compile(DATE_RE).match,
        url_match=nlp.Defaults.url_match,
    )


@registry.tokenizers("quellen.news_tokenizer.v1")
def create_news_tokenizer() -> Callable[[Language], Tokenizer]:
    """Factory referenced from the pipeline config ([nlp.tokenizer] @tokenizers)."""
    return make_news_tokenizer


def blank_german() -> Language:
    """A blank German pipeline with the news tokenizer (used by training and tests)."""
    nlp = German()
    nlp.tokenizer = make_news_tokenizer(nlp)
    return nlp
