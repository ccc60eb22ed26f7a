"""Turn the shared data into spaCy training/evaluation docs, with the fixed splits of ``splits.py``.

Every source supplies only some annotation layers; the others stay *missing* (not "O"/empty), so one
pipeline with one shared tok2vec learns tags/morphs/lemmas from UD, entities from GermEval and sentence
boundaries from UD + GermEval + news-spkatt, and no component is taught "nothing here" where the data is
simply silent. Token texts are re-joined into running text (``detokenize``) so training sees the same kind
of input the news tokenizer sees at run time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from spacy.tokens import Doc
from spacy.vocab import Vocab

from . import splits

NO_SPACE_BEFORE = set(",.;:!?)]}%…“”‘’«") | {"''", "'s"}
NO_SPACE_AFTER = set("([{„‚»") | {"``"}


def detokenize(tokens: list[str]) -> list[bool]:
    """Guess ``spaces`` (whitespace after each token) for a token list from a tokenised corpus."""
    spaces = [True] * len(tokens)
    dquote_open = False
    for i, tok in enumerate(tokens):
        if tok == '"':
            if dquote_open:                      # closing: glue to previous token
                if i > 0:
                    spaces[i - 1] = False
            else:                                # opening: glue to next token
                spaces[i] = False
            dquote_open = not dquote_open
            continue
        if tok in NO_SPACE_BEFORE and i > 0:
            spaces[i - 1] = False
        if tok in NO_SPACE_AFTER:
            spaces[i] = False
    if tokens:
        spaces[-1] = False
    return spaces


# ----------------------------------------------------------------------------- UD (CoNLL-U)

@dataclass
class UDSentence:
    words: list[str] = field(default_factory=list)
    spaces: list[bool] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    pos: list[str] = field(default_factory=list)
    morphs: list[str] = field(default_factory=list)
    lemmas: list[str] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)   # absolute index into words (merged surface tokens)
    deps: list[str] = field(default_factory=list)


def read_conllu(path: Path, stts: bool = True) -> list[UDSentence]:
    """Read CoNLL-U, merging multi-word tokens ("zum" = zu + dem) back into the surface token.

    A merged ADP+DET becomes STTS APPRART / UPOS ADP with the article's features and the preposition's
    lemma (TIGER convention), because the run-time tokenizer sees "zum", never "zu dem".
    PUD's XPOS are English tags (``stts=False``): tags are left missing there.
    """
    sents: list[UDSentence] = []
    lines: list[list[str]] = []

    def flush() -> None:
        if lines:
            sents.append(_ud_sentence(lines, stts))
            lines.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            flush()
        elif not line.startswith("#"):
            lines.append(line.split("\t"))
    flush()
    return sents


def _ud_sentence(rows: list[list[str]], stts: bool) -> UDSentence:
    s = UDSentence()
    id2surface: dict[str, int] = {}
    raw_heads: list[list[str]] = []
    i = 0
    while i < len(rows):
        r = rows[i]
        if "-" in r[0]:
            a, b = (int(x) for x in r[0].split("-"))
            parts = rows[i + 1:i + 1 + (b - a + 1)]
            first, second = parts[0], parts[-1]
            idx = len(s.words)
            for p in parts:
                id2surface[p[0]] = idx
            s.words.append(r[1])
            s.spaces.append("SpaceAfter=No" not in r[9])
            if first[3] == "ADP" and second[3] == "DET":
                s.tags.append("APPRART"); s.pos.append("ADP")
                s.morphs.append(second[5] if second[5] != "_" else "")
                s.lemmas.append(first[2])
            else:
                s.tags.append(first[4]); s.pos.append(first[3])
                s.morphs.append(first[5] if first[5] != "_" else ""); s.lemmas.append(first[2])
            # the head of the merged token: the part whose head lies outside the merged token
            ids = {p[0] for p in parts}
            outer = [p for p in parts if p[6] not in ids] or parts
            raw_heads.append([outer[0][6], outer[0][7]])
            i += 1 + len(parts)
            continue
        if "." in r[0]:          # empty nodes
            i += 1
            continue
        id2surface[r[0]] = len(s.words)
        s.words.append(r[1])
        s.spaces.append("SpaceAfter=No" not in r[9])
        s.tags.append(r[4]); s.pos.append(r[3])
        s.morphs.append(r[5] if r[5] != "_" else ""); s.lemmas.append(r[2])
        raw_heads.append([r[6], r[7]])
        i += 1
    for j, (h, d) in enumerate(raw_heads):
        s.heads.append(j if h == "0" else id2surface.get(h, j))
        s.deps.append("ROOT" if h == "0" else d.split(":")[0] if d else "dep")
    if not stts:
        s.tags = []
        # PUD leaves VerbForm=Fin off finite verbs; GSD marks it. Align to GSD.
        s.morphs = [m + "|VerbForm=Fin" if "Mood=" in m and "VerbForm=" not in m else m for m in s.morphs]
        s.morphs = ["|".join(sorted(m.split("|"), key=lambda f: f.split("=")[0].lower())) if m else m
                    for m in s.morphs]
    if s.spaces:
        s.spaces[-1] = False
    return s


def ud_doc(vocab: Vocab, sents: list[UDSentence], with_deps: bool = False) -> Doc:
    """Several UD sentences as one doc (so the senter sees boundaries inside running text)."""
    words, spaces, tags, pos, morphs, lemmas, starts, heads, deps = [], [], [], [], [], [], [], [], []
    has_tags = all(s.tags for s in sents)
    for k, s in enumerate(sents):
        off = len(words)
        words += s.words
        sp = list(s.spaces)
        if k < len(sents) - 1:
            sp[-1] = True
        spaces += sp
        tags += s.tags if has_tags else []
        pos += s.pos; morphs += s.morphs; lemmas += s.lemmas
        starts += [True] + [False] * (len(s.words) - 1)
        heads += [h + off for h in s.heads]; deps += s.deps
    kw = dict(words=words, spaces=spaces, pos=pos, morphs=morphs, lemmas=lemmas, sent_starts=starts)
    if has_tags:
        kw["tags"] = tags
    if with_deps:
        kw.update(heads=heads, deps=deps)
        kw.pop("sent_starts")
    return Doc(vocab, **kw)


def chunks(items: list, n: int) -> Iterator[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]


# ----------------------------------------------------------------------------- GermEval 2014

GERMEVAL_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "OTH": "MISC"}


def read_germeval(path: Path) -> list[tuple[list[str], list[str]]]:
    """(tokens, BIO tags) per sentence, outer layer. OTH -> MISC; -deriv and -part -> O.

    Why drop -deriv/-part: "deutsche" (LOCderiv) or "Kremlsprecher" (ORGpart) are not names of a
    speaker or organisation; for attribution an entity must be a name. Evaluation uses the same mapping.
    """
    out: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if toks:
                out.append((toks, tags)); toks, tags = [], []
            continue
        parts = line.split("\t")
        if len(parts) < 3:
            continue
        tag = parts[2]
        if tag != "O":
            bio, label = tag.split("-", 1)
            tag = f"{bio}-{GERMEVAL_MAP[label]}" if label in GERMEVAL_MAP else "O"
        toks.append(parts[1]); tags.append(tag)
    if toks:
        out.append((toks, tags))
    # repair I- after O (left by dropping -deriv/-part)
    for _, tags in out:
        for i, t in enumerate(tags):
            if t.startswith("I-") and (i == 0 or tags[i - 1] == "O" or tags[i - 1][2:] != t[2:]):
                tags[i] = "B-" + t[2:]
    return out


def germeval_doc(vocab: Vocab, tokens: list[str], bio: list[str], silver: bool = False) -> Doc:
    kw = {}
    if silver:
        from .silver import silver as hanta
        kw["tags"], kw["lemmas"] = hanta(tokens)
    return Doc(vocab, words=tokens, spaces=detokenize(tokens), ents=bio,
               sent_starts=[True] + [False] * (len(tokens) - 1), **kw)


# ----------------------------------------------------------------------------- news-spkatt

def spkatt_sentences(path: Path) -> list[list[str]]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    return [s["Tokens"] for s in doc["Sentences"] if s["Tokens"]]


TERMINAL_CHARS = set(".!?:;“”\"»«…)'’")


def is_heading(tokens: list[str]) -> bool:
    """A "sentence" that does not end in sentence-final punctuation is a heading/line of its own.

    In a real article such a line always ends in a line break, so the running text we rebuild puts one
    there (news-spkatt keeps only tokens, not layout).
    """
    return bool(tokens) and tokens[-1][-1] not in TERMINAL_CHARS


def spkatt_doc(vocab: Vocab, sentences: list[list[str]], paragraph_every: int = 0,
               silver: bool = False) -> Doc:
    """An article as running text; only sentence starts are annotated.

    Headings end in a line break; ``paragraph_every``: also insert a blank line after every n-th sentence,
    so the senter learns the whitespace tokens that cleaned articles contain between paragraphs.
    """
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool] = []
    tags: list[str] = []
    lemmas: list[str] = []
    for k, toks in enumerate(sentences):
        sp = detokenize(toks)
        sp[-1] = True
        words += toks; spaces += sp
        starts += [True] + [False] * (len(toks) - 1)
        if silver:
            from .silver import silver as hanta
            t, lem = hanta(toks)
            tags += t; lemmas += lem
        if k == len(sentences) - 1:
            break
        ws = "\n" if is_heading(toks) else "\n\n" if (
            paragraph_every and k % paragraph_every == paragraph_every - 1) else None
        if ws:
            spaces[-1] = False
            words.append(ws); spaces.append(False); starts.append(False)
            tags.append("_SP"); lemmas.append(ws)
    if silver:
        return Doc(vocab, words=words, spaces=spaces[:-1] + [False], sent_starts=starts, tags=tags,
                   lemmas=lemmas)
    if spaces:
        spaces[-1] = False
    return Doc(vocab, words=words, spaces=spaces, sent_starts=starts)


def spkatt_text(sentences: list[list[str]], flat: bool = False
                ) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Running text of an article plus gold char spans of its tokens and of its sentences.

    ``flat``: join everything with single spaces (no line break even after headings) — a harder stress test.
    """
    text = ""
    tok_spans: list[tuple[int, int]] = []
    sent_spans: list[tuple[int, int]] = []
    for k, toks in enumerate(sentences):
        if text:
            text += "\n" if is_heading(sentences[k - 1]) and not flat else " "
        start = len(text)
        for tok, sp in zip(toks, detokenize(toks)):
            tok_spans.append((len(text), len(text) + len(tok)))
            text += tok + (" " if sp else "")
        sent_spans.append((start, len(text.rstrip())))
        text = text.rstrip()
    return text, tok_spans, sent_spans


# ----------------------------------------------------------------------------- splits -> corpora

UD_DOC_SENTS = 8


def ud_parts(data: Path) -> dict[str, list[tuple[list[UDSentence], bool]]]:
    """{"train"|"monitor"|"heldout": [(sentences, has_stts)]} per the fixed splits."""
    ud = Path(data) / "ud-german"
    gsd_dev = read_conllu(ud / "de_gsd-ud-dev.conllu")
    gsd_test = read_conllu(ud / "de_gsd-ud-test.conllu")
    pud = read_conllu(ud / "de_pud-ud-test.conllu", stts=False)
    dev_rest, dev_mon = splits.split_list(gsd_dev, splits.UD_MONITOR_EVERY)
    gsd_rest, gsd_held = splits.split_list(gsd_test, splits.UD_HELDOUT_EVERY)
    pud_rest, pud_held = splits.split_list(pud, splits.UD_HELDOUT_EVERY)
    return {"train": [(dev_rest, True), (gsd_rest, True), (pud_rest, False)],
            "monitor": [(dev_mon, True)],
            "heldout": [(gsd_held, True), (pud_held, False)]}


def germeval_parts(data: Path) -> dict[str, list]:
    g = Path(data) / "germeval2014-ner"
    dev = read_germeval(g / "NER-de-dev.tsv")
    test = read_germeval(g / "NER-de-test.tsv")
    dev_rest, dev_mon = splits.split_list(dev, splits.NER_MONITOR_EVERY)
    test_rest, test_held = splits.split_list(test, splits.NER_HELDOUT_EVERY)
    return {"train": dev_rest + test_rest, "monitor": dev_mon, "heldout": test_held}


def spkatt_parts(data: Path) -> dict[str, list[Path]]:
    train, held = splits.spkatt_split(Path(data))
    rest, mon = splits.split_list(train, splits.SPKATT_MONITOR_EVERY)
    return {"train": rest, "monitor": mon, "heldout": held}


def build_docbins(data: Path, out_dir: Path, vocab: Vocab | None = None, silver: bool = True,
                  silver_ner: bool = True, ner_extra: tuple[str, ...] = (), mask_misc: bool = False
                  ) -> dict[str, Path]:
    """Write train.spacy and dev.spacy (monitoring) from the training parts only.

    ``silver``: HanTa STTS tags + lemmas on the news training docs (``silver.py``); ``silver_ner``: also
    on the GermEval docs. The monitoring slice never gets silver
    labels, so its scores stay gold-only. ``ner_extra``: more NER-only training docs (``ner_data``:
    smartdata, europarl, legal); ``mask_misc``: SmartData's silver MISC spans (by the shipped pipeline) stay
    missing, since that corpus has no MISC layer.
    """
    from spacy.tokens import DocBin

    vocab = vocab or Vocab()
    out_dir.mkdir(parents=True, exist_ok=True)
    ud, ge, sk = ud_parts(data), germeval_parts(data), spkatt_parts(data)
    paths = {}
    for part in ("train", "monitor"):
        db = DocBin(store_user_data=False)
        for sents, _ in ud[part]:
            for chunk in chunks(sents, UD_DOC_SENTS):
                db.add(ud_doc(vocab, chunk))
        sil = silver and part == "train"
        for toks, bio in ge[part]:
            db.add(germeval_doc(vocab, toks, bio, silver=sil and silver_ner))
        for k, f in enumerate(sk[part]):
            db.add(spkatt_doc(vocab, spkatt_sentences(f), paragraph_every=(k % 3) * 2, silver=sil))
        if part == "train" and ner_extra:
            from quellen.nlp.tokenizer import blank_german

            from .ner_data import extra_ner_docs

            tok = blank_german()
            tagger = None
            if mask_misc:
                from quellen.nlp import load_pipeline

                tagger = load_pipeline()
            for doc in extra_ner_docs(data, tok, list(ner_extra), misc_tagger=tagger):
                db.add(doc)
        name = "train" if part == "train" else "dev"
        paths[name] = out_dir / f"{name}.spacy"
        db.to_disk(paths[name])
    return paths
