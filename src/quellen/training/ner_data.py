"""More German NER data for the shared pipeline: SmartData (news/RSS/tweets), Europarl, legal decisions.

Why: GermEval alone (about 6,200 training sentences here) left NER at 0.61 F1 on held-out news. Each reader
maps its corpus onto quellen's outer-layer scheme (PER / ORG / LOC / MISC; derived adjectives such as
"deutschen" are *not* entities, as in ``corpora.read_germeval``) and marks what the corpus does not annotate
as *missing* rather than O, so that a corpus without MISC does not teach the model that a book title or an
event is no entity. spaCy's NER ignores missing tokens in its loss (``Doc(ents=["", ...])``).

Every mapping follows the corpus's SOURCE.md; the held-out parts are fixed in :mod:`.splits`.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Iterator

from spacy.tokens import Doc
from spacy.vocab import Vocab

from .corpora import detokenize

# ----------------------------------------------------------------------------- SmartData (DFKI)

SMARTDATA_MAP = {"person": "PER", "organization": "ORG", "organization-company": "ORG",
                 "location": "LOC", "location-city": "LOC", "location-stop": "LOC",
                 "location-street": "LOC"}
# train lines and routes ("IC 2083", "S2") are names but neither PER/ORG/LOC nor annotated as MISC:
SMARTDATA_MISSING = {"location-route"}


def read_smartdata(path: Path) -> Iterator[dict]:
    """Documents of a SmartData v1 file (a stream of pretty-printed JSON objects, not JSON Lines).

    Yields {"id", "source", "text", "spans": [(start, end, label)]} with Python code-point offsets (the file
    counts UTF-16 code units) and labels mapped: PER/ORG/LOC, "-" for a span to leave unannotated, and
    lower-case ``location`` mentions ("deutschen", "beiden Richtungen") dropped, as GermEval's -deriv.
    """
    dec = json.JSONDecoder()
    raw = Path(path).read_text(encoding="utf-8")
    i = 0
    while True:
        while i < len(raw) and raw[i].isspace():
            i += 1
        if i >= len(raw):
            return
        obj, i = dec.raw_decode(raw, i)
        text = obj["text"]["string"]
        units = _utf16_to_codepoints(text)
        spans = []
        for m in (obj.get("conceptMentions") or {}).get("array", []):
            start, end = units[m["span"]["start"]], units[m["span"]["end"]]
            kind = m["type"]
            label = SMARTDATA_MAP.get(kind) or ("-" if kind in SMARTDATA_MISSING else None)
            surface = text[start:end].strip()
            if label is None or not surface:
                continue
            if label == "LOC" and kind == "location" and surface[0].islower():
                continue
            spans.append((start, end, label))
        refs = (obj.get("refids") or {}).get("map", {})
        yield {"id": obj["id"], "source": refs.get("source", "?"), "text": text, "spans": spans}


def _utf16_to_codepoints(text: str) -> list[int]:
    """index = UTF-16 offset -> code-point offset (length + 1 entries)."""
    out = []
    for k, ch in enumerate(text):
        out.append(k)
        if ord(ch) > 0xFFFF:
            out.append(k)
    out.append(len(text))
    return out


def flat_spans(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop nested and crossing spans, keeping the longer one (then the earlier): a flat layer for BIO."""
    kept: list[tuple[int, int, str]] = []
    for s in sorted(set(spans), key=lambda s: (-(s[1] - s[0]), s[0])):
        if all(s[1] <= k[0] or s[0] >= k[1] for k in kept):
            kept.append(s)
    return sorted(kept)


def smartdata_split(data: Path) -> tuple[list[dict], list[dict]]:
    """(train, heldout): train.json; held out = test.json *news* documents whose id and text are not in train.

    RSS and tweets of test.json are not used at all (the bar is newspaper text, and SOURCE.md lists the
    leakage between the two files).
    """
    folder = Path(data) / "ner-smartdata"
    train = list(read_smartdata(folder / "train.json"))
    ids = {d["id"] for d in train}
    texts = {d["text"].strip() for d in train}
    seen: set[str] = set()
    held = []
    for d in read_smartdata(folder / "test.json"):
        key = d["text"].strip()
        if d["source"] != "news" or d["id"] in ids or key in texts or key in seen:
            continue
        seen.add(key)
        held.append(d)
    return train, held


def text_doc(nlp, text: str, spans: list[tuple[int, int, str]],
             unknown: list[tuple[int, int]] = ()) -> Doc | None:
    """Tokenise ``text`` with the news tokenizer and set BIO ents; tokens outside any span are O.

    A span whose edges fall inside a token is widened to whole tokens; the doc is skipped (None) when that
    would make two spans overlap. ``unknown``: char spans to leave *missing* where the gold says O (the
    corpus has no MISC layer, so a silver MISC span there is not evidence of "no entity").
    """
    doc = nlp.make_doc(text)
    tags = ["O"] * len(doc)
    for start, end in unknown:
        span = doc.char_span(start, end, alignment_mode="expand")
        for i in range(span.start, span.end) if span is not None else ():
            tags[i] = ""
    for start, end, label in flat_spans(spans):
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return None
        if any(tags[i] not in ("O", "") for i in range(span.start, span.end)):
            return None
        for i in range(span.start, span.end):
            tags[i] = "" if label == "-" else ("B-" if i == span.start else "I-") + label
    for tok in doc:
        if tok.is_space:
            tags[tok.i] = "O"
    return Doc(nlp.vocab, words=[t.text for t in doc], spaces=[bool(t.whitespace_) for t in doc], ents=tags)


# ----------------------------------------------------------------------------- Europarl (Faruqui & Padó)

def column_sentences(path: Path, sep: str | None) -> Iterator[tuple[list[str], list[str]]]:
    """(tokens, raw tags) per blank-line separated sentence: first column and last column of each line."""
    toks: list[str] = []
    tags: list[str] = []
    for line in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if toks:
                yield toks, tags
            toks, tags = [], []
            continue
        cols = line.split(sep) if sep else line.rsplit(" ", 1)
        toks.append(cols[0]); tags.append(cols[-1].strip() or "O")


def read_europarl(path: Path) -> list[tuple[list[str], list[str]]]:
    """(tokens, BIO2 tags). IOB1 -> BIO2; a MISC that is one lower-case word ("europäischen") -> O."""
    return [(toks, _bio2(toks, tags)) for toks, tags in column_sentences(path, "\t")]


def _bio2(toks: list[str], tags: list[str]) -> list[str]:
    out = []
    for i, t in enumerate(tags):
        if t == "O":
            out.append("O"); continue
        prefix, label = t.split("-", 1)
        start = prefix == "B" or i == 0 or tags[i - 1] == "O" or tags[i - 1].split("-", 1)[1] != label
        out.append(("B-" if start else "I-") + label)
    # derived adjectives are not names in quellen's scheme
    for i, t in enumerate(out):
        if t == "B-MISC" and (i + 1 == len(out) or out[i + 1] != "I-MISC") and toks[i][:1].islower():
            out[i] = "O"
    return out


# ----------------------------------------------------------------------------- Legal (Leitner et al.)

LEGAL_MAP = {"LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
             "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG", "MRK": "MISC"}
# PER/RR/AN are anonymised ("E", "K.", "C. B."): a news model must not learn that a letter is a person,
# so those tokens are *missing*, not O. Norms and citations (GS, RS, LIT, ...) are O: they are no names.
LEGAL_MISSING = {"PER", "RR", "AN"}
LEGAL_MAX_TOKENS = 80


def read_legal(path: Path) -> list[tuple[list[str], list[str]]]:
    """(tokens, tags) with tags BIO2 of PER/ORG/LOC/MISC or "" (missing), sentences ≤ 80 tokens."""
    out = []
    for toks, raw in column_sentences(path, None):
        if len(toks) > LEGAL_MAX_TOKENS:
            continue
        tags = []
        for tag in raw:
            if tag != "O":
                prefix, label = tag.split("-", 1)
                tag = "" if label in LEGAL_MISSING else f"{prefix}-{LEGAL_MAP[label]}" if label in LEGAL_MAP else "O"
            tags.append(tag)
        out.append((toks, tags))
    return out


def legal_sentences(data: Path) -> list[tuple[list[str], list[str]]]:
    """Both files, duplicates removed (SOURCE.md: 819 sentences occur in both), only sentences with a name.

    Sentences without any ORG/LOC/MISC are mostly citations and boilerplate; a few of them would add
    nothing but a skew towards legal prose.
    """
    folder = Path(data) / "ner-legal"
    seen: set[tuple[str, ...]] = set()
    out = []
    for name in ("ler_dev.conll", "ler_test.conll"):
        for toks, tags in read_legal(folder / name):
            key = tuple(toks)
            if key in seen or not any(t[:2] in ("B-", "I-") for t in tags):
                continue
            seen.add(key)
            out.append((toks, tags))
    return out


def token_spans(toks: list[str], tags: list[str], labels=("PER", "ORG", "LOC", "MISC")
                ) -> tuple[str, set[tuple[int, int, str]]]:
    """A tokenised sentence as (text, {(start, end, label)}): tokens joined as ``detokenize`` guesses, the BIO2
    names whose label is in ``labels`` as character spans (a missing tag "" ends a name and starts none)."""
    text, offs = "", []
    for tok, sp in zip(toks, detokenize(toks)):
        offs.append(len(text))
        text += tok + (" " if sp else "")
    spans, cur = set(), None
    for i, tag in enumerate(list(tags) + ["O"]):
        if cur and not tag.startswith("I-"):
            if cur[1] in labels:
                spans.add((offs[cur[0]], offs[i - 1] + len(toks[i - 1]), cur[1]))
            cur = None
        if tag.startswith("B-"):
            cur = (i, tag[2:])
    return text, spans


def token_doc(vocab: Vocab, tokens: list[str], tags: list[str]) -> Doc:
    return Doc(vocab, words=tokens, spaces=detokenize(tokens), ents=tags,
               sent_starts=[True] + [False] * (len(tokens) - 1))


_WS = re.compile(r"\s+")


def silver_misc(tagger, texts: list[str]) -> list[list[tuple[int, int]]]:
    """Char spans the given pipeline tags MISC, per text (to mask in corpora without a MISC layer). In a pipeline
    with two NERs (``training/ner_graft.py``) the first one, on the shared tok2vec, tags them: the one that
    tagged them when the second NER was trained, so retraining it gives the same model."""
    first = "attribution_ner" if "attribution_ner" in tagger.pipe_names else "ner"
    keep = [p for p in tagger.pipe_names if p in ("tok2vec", first)]
    with tagger.select_pipes(enable=keep):
        return [[(e.start_char, e.end_char) for e in doc.ents if e.label_ == "MISC"]
                for doc in tagger.pipe(texts, batch_size=32)]


def extra_ner_docs(data: Path, nlp, sources: list[str], misc_tagger=None) -> Iterator[Doc]:
    """Training docs of the extra NER corpora named in ``sources`` (smartdata, europarl, legal).

    ``misc_tagger``: a pipeline whose MISC predictions are masked (missing) in SmartData, which has no MISC.
    """
    if "smartdata" in sources:
        train, _ = smartdata_split(data)
        train = [d for d in train if d["spans"] or d["source"] == "news"]
        masks = silver_misc(misc_tagger, [d["text"] for d in train]) if misc_tagger is not None else \
            [[] for _ in train]
        for d, mask in zip(train, masks):
            doc = text_doc(nlp, d["text"], d["spans"], mask)
            if doc is not None:
                yield doc
    if "europarl" in sources:
        folder = Path(data) / "ner-europarl"
        for name in ("train.tsv", "dev.tsv"):
            for toks, tags in read_europarl(folder / name):
                yield token_doc(nlp.vocab, toks, tags)
    if "legal" in sources:
        for toks, tags in legal_sentences(data):
            yield token_doc(nlp.vocab, toks, tags)
