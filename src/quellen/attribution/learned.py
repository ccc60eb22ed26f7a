r"""The learned attribution component: who said/claimed what, trained on German news (news-spkatt).

Linear-chain CRFs (python-crfsuite) over token and sentence features, nothing else at run time:

0. **Cue tagger** over the whole article: P(token is part of a speech/thought/writing cue).
   Its probabilities become features of the next stages (in training: jack-knifed over 5 folds).
1. **Cue-centric role tagger**: every sentence with predicted cue tokens is one cue (sentences almost never
   hold two distinct cues in the data); a window of sentences around it (one before, two after) is tagged with
   the roles each token has for *that* cue: ``M``\ essage, ``S``\ ource, ``A``\ ddr, ``F``\ rame, combined
   like ``S+F``. Features relative to the cue: side, distance, commas and quotation marks in between.
2. **Message tagger** over the whole article: BIO tags carrying the Form (``B-Direct``, ``I-Reported`` ...).
   It votes the Form of the cue-centric messages and supplies the messages that have no cue (about a third
   of the data: Reported, FreeIndirect, IndirectFreeIndirect), skipping any that overlap a cue-centric one.
3. **Message-centric role tagger** for those cue-less messages: Cue/Source/Addr/Frame in a window (two
   sentences before, one after) with features relative to the message.

4. **Sentence tagger** (a CRF over the article's sentences): whole sentences that are a cue-less Reported
   message ("Die Behörden werfen ihm Betrug vor."; in this data such a message is the whole sentence with its
   Source inside). They are added where no other message covers them, and get roles from stage 3.

Optional (off in the shipped model, measured worse on dev): a BiLSTM message scorer between 0 and 1 whose
label probabilities are extra features of stages 1-3 (:mod:`.neural`, ``meta["neural"]``).

Then STWR is the most frequent value for the Form, and a quotation strictly inside a non-Direct message
becomes a nested Direct annotation sharing its Source, Cue and Frame (``IsNested`` / ``HasNested``) unless it is
a name or title. Two more decoding rules follow the annotators' conventions: a cue takes its verb's auxiliary
and separated particle (:func:`complete_cue`), and a cue-less continuation takes the previous speaker
(:func:`inherit_sources`).

Token features: word, affixes, shape, quotation state, a reporting-word score learned from the training cues,
Konjunktiv, the nearest reporting word left/right, sentence context, word classes (k-means over floret
vectors, shipped as a word list), and — when the model was trained with them (``meta["pos"]``) — STTS tags,
Konjunktiv (``Mood=Sub``) and lemmas from quellen's own German pipeline: taken from the Doc when it has
them (the normal pipeline), otherwise computed by running the pipeline's tagging components on the tokens.

Model files live in ``quellen/data/models/attribution/``; :func:`load_attributor` returns ``None`` when they
are absent. Train with ``python -m quellen.training.attribution --data ../shared/data``.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Sequence

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parents[1] / "data" / "models" / "attribution"
MSG_MODEL = "message.crfsuite"
CUE_MODEL = "cue.crfsuite"
CUEROLE_MODEL = "cueroles.crfsuite"
CLUSTERS = "clusters.txt"
ROLE_MODEL = "roles.crfsuite"
REPORTED_MODEL = "reported.crfsuite"
META = "meta.json"

from .features import *  # noqa: F401,F403 - re-exported: the features live there
from .decoding import *  # noqa: F401,F403 - re-exported: the decoding rules live there


class Attributor:
    """Loaded model: ``annotate`` for token lists, ``annotate_doc`` for spaCy Docs."""

    def __init__(self, model_dir: Path):
        import pycrfsuite

        self.model_dir = Path(model_dir)
        meta = json.loads((self.model_dir / META).read_text(encoding="utf-8"))
        self.meta = meta
        clusters = None
        if (self.model_dir / CLUSTERS).exists():
            clusters = read_clusters(self.model_dir / CLUSTERS)
        self.featurizer = Featurizer(meta["cue_prob"], clusters, use_ner=bool(meta.get("ner", False)))
        self.stwr_by_form: dict[str, str] = meta.get("stwr_by_form", {})
        self.nested_direct: bool = meta.get("nested_direct", True)
        self.inherit_source: dict[str, Any] = meta.get("inherit_source", INHERIT_SOURCE)
        self.complete_cues: str = meta.get("complete_cues", COMPLETE_CUES)
        self.window: tuple[int, int] = tuple(meta.get("window", (2, 1)))  # type: ignore[assignment]
        self._msg = pycrfsuite.Tagger()
        self._msg.open(str(self.model_dir / MSG_MODEL))
        self._msg_labels = list(self._msg.labels())
        self.o_threshold: float = float(meta.get("o_threshold", 1.0))
        self.use_pos: bool = bool(meta.get("pos", False))
        self._cue = None
        self._cue_labels: list[str] = []
        if (self.model_dir / CUE_MODEL).exists():
            self._cue = pycrfsuite.Tagger()
            self._cue.open(str(self.model_dir / CUE_MODEL))
            self._cue_labels = list(self._cue.labels())
        self._cuerole = None
        self.cue_threshold: float = float(meta.get("cue_threshold", 0.5))
        self.cue_zu: bool = bool(meta.get("cue_zu", False))
        self.cue_win: tuple[int, int] = tuple(meta.get("cue_window", (1, 2)))  # type: ignore[assignment]
        if (self.model_dir / CUEROLE_MODEL).exists():
            self._cuerole = pycrfsuite.Tagger()
            self._cuerole.open(str(self.model_dir / CUEROLE_MODEL))
        self._roles = pycrfsuite.Tagger()
        self._roles.open(str(self.model_dir / ROLE_MODEL))
        self._reported = None
        self.reported_threshold: float = float(meta.get("reported_threshold", 0.5))
        if (self.model_dir / REPORTED_MODEL).exists():
            self._reported = pycrfsuite.Tagger()
            self._reported.open(str(self.model_dir / REPORTED_MODEL))
        self._lm_features = None
        if meta.get("lm_features"):
            from .neural import LanguageModelFeatures

            self._lm_features = LanguageModelFeatures.load(self.model_dir)
        self._neural = None
        self._lm = None
        if meta.get("neural"):
            from .neural import LM_WEIGHTS, LanguageModelEncoder, NeuralTagger

            self._neural = NeuralTagger(self.model_dir)
            if (self.model_dir / LM_WEIGHTS).exists():
                self._lm = LanguageModelEncoder(self.model_dir / LM_WEIGHTS)

    def _recall_decode(self, labels: list[str], marg: list[float]) -> tuple[list[str], list[float]]:
        """Where the Viterbi path says O but P(O) < o_threshold, take the best message label instead."""
        tagger = self._msg
        names = self._msg_labels
        labels = list(labels)
        marg = list(marg)
        for i, lab in enumerate(labels):
            if lab != "O":
                continue
            p_o = marg[i]
            if p_o >= self.o_threshold:
                continue
            best, best_p = "O", -1.0
            for name in names:
                if name == "O":
                    continue
                p = tagger.marginal(name, i)
                if p > best_p:
                    best, best_p = name, p
            if best != "O":
                if best.startswith("I-") and (i == 0 or labels[i - 1] == "O"):
                    best = "B-" + best[2:]
                labels[i], marg[i] = best, 1.0 - p_o
        return labels, marg

    def _pos_of_tokens(self, tokens: Sequence[str], sent_of: Sequence[int]):
        """Tags, Konjunktiv flags and lemmas for given tokens, from quellen's German pipeline (None if absent)."""
        nlp = _german_pipeline()
        if nlp is None:
            return None
        from spacy.tokens import Doc

        doc = Doc(nlp.vocab, words=list(tokens),
                  sent_starts=[i == 0 or sent_of[i] != sent_of[i - 1] for i in range(len(tokens))])
        two_ners = "attribution_ner" in nlp.pipe_names     # then "ner" is the entity layer's, not attribution's
        for name, proc in nlp.pipeline:
            if name in POS_COMPONENTS and not (two_ners and name == "ner"):
                doc = proc(doc)
        return pos_of_doc_tokens(list(doc))

    # -- token-level API
    def annotate(self, tokens: Sequence[str], sent_of: Sequence[int], pos: Any = None,
                 vectors: Any = None) -> list[TokenAnnotation]:
        """Attributions for one article given as tokens and each token's sentence number (0, 1, ...).
        ``pos`` (tags, Konjunktiv flags, lemmas) is computed with quellen's pipeline when the model uses it;
        ``vectors`` is the pipeline's vector table (``nlp.vocab.vectors``), used by the neural scorer."""
        if not tokens:
            return []
        if self.use_pos and pos is None:
            pos = self._pos_of_tokens(tokens, sent_of)
        base, info = self.featurizer.base(tokens, sent_of, pos if self.use_pos else None)
        if self._lm_features is not None:
            base = [b + e for b, e in zip(base, self._lm_features.features(self._vectors(tokens, vectors)))]
        cue_p: list[float] = []
        if self._cue is not None:
            self._cue.set(Featurizer.cue_tagger_input(base, info, self.cue_zu))
            cue_p = [self._cue.marginal("C", i) for i in range(len(base))] if "C" in self._cue_labels else [0.0] * len(base)
            extra = self.featurizer.cue_features(info, cue_p)
            base = [b + e for b, e in zip(base, extra)]
        if self._neural is not None:
            base = self._stack_neural(tokens, base, vectors)
        labels = self._msg.tag(base)
        marg = [self._msg.marginal(lab, i) for i, lab in enumerate(labels)]
        if self.o_threshold < 1.0:
            labels, marg = self._recall_decode(labels, marg)
        out: list[TokenAnnotation] = []
        spans = decode_messages(labels, marg)
        if self._cuerole is not None and self._cue is not None:
            cue_msgs = self._cue_centric(tokens, base, info, cue_p, labels)
            # A message-tagger span sharing any token with a cue-centred message is the same message found twice:
            # one message, one annotation. Measured against dropping it only when half of it is covered:
            # joint F1 0.6812 -> 0.6847 in 5-fold CV over the 630 training articles, held-out 0.7112 -> 0.7129.
            covered = {i for a in cue_msgs for i in a.message}
            spans = [sp for sp in spans if not any(i in covered for i in sp[0])]
            for ann in cue_msgs:
                out.append(ann)
                self._add_nested(tokens, ann, out)
        if self._reported is not None:
            taken = {i for a in out for i in a.message} | {i for sp in spans for i in sp[0]}
            spans = spans + self._reported_spans(base, info, taken)
        for message, form, conf in spans:
            if all(tokens[i] in QUOTES or not any(c.isalnum() for c in tokens[i]) for i in message):
                continue
            lo, hi = self.featurizer.role_window(message, info, *self.window)
            rfeats = self.featurizer.role_features(base, info, message, form, lo, hi)
            rlabels = self._roles.tag(rfeats)
            ann = TokenAnnotation(message=message, form=form, stwr=self.stwr_by_form.get(form, "Speech"),
                                  confidence=round(float(conf), 4))
            for k, lab in enumerate(rlabels):
                if lab == "O":
                    continue
                for code in lab.split("+"):
                    getattr(ann, ROLE_CODES[code]).append(lo + k)
            if self.complete_cues and "tags" in info:   # cue-centred cues were completed before their roles
                ann.cue = complete_cue(ann.cue, tokens, info["tags"], sent_of, self.complete_cues)
            out.append(ann)
            self._add_nested(tokens, ann, out)
        if self.inherit_source:     # copies only cues that are already complete
            inherit_sources(out, info["sent_of"], **self.inherit_source)
        return out

    @staticmethod
    def _vectors(tokens: Sequence[str], vectors: Any) -> Any:
        """The pipeline's floret vectors of ``tokens`` (the neural scorer's and the language model's input)."""
        from .neural import token_vectors

        if vectors is None:
            nlp = _german_pipeline()
            if nlp is None:
                raise RuntimeError("the neural scorer and the language model need quellen's German pipeline (its vectors)")
            vectors = nlp.vocab.vectors
        return token_vectors(vectors, tokens)

    def _stack_neural(self, tokens: Sequence[str], base: list[list[str]], vectors: Any) -> list[list[str]]:
        from .neural import stack_features

        vecs = self._vectors(tokens, vectors)
        if self._lm is not None:
            vecs = self._lm.extend(vecs)
        extra = stack_features(self._neural.probs(base, vecs), self._neural.labels)
        return [b + e for b, e in zip(base, extra)]

    def _reported_spans(self, base: list[list[str]], info: dict[str, Any], taken: set[int]
                        ) -> list[tuple[list[int], str, float]]:
        """Runs of whole sentences that the sentence tagger labels as a cue-less message (``B-Reported``,
        ``I-Reported`` ...; consecutive sentences of one message share it), where no other message already
        covers half of them. Confidence: the mean marginal of the run's labels."""
        tagger = self._reported
        labels = tagger.tag(sentence_features(base, info))
        marg = [tagger.marginal(lab, k) for k, lab in enumerate(labels)]
        s_start, s_end = info["s_start"], info["s_end"]
        out = []
        for sents, form, conf in decode_messages(labels, marg):      # the same BIO-Form decoding, over sentences
            tokens = [i for k in sents for i in range(s_start[k], s_end[k])]
            if conf < self.reported_threshold or not tokens:
                continue
            if sum(i in taken for i in tokens) * 2 >= len(tokens):
                continue
            out.append((tokens, form, conf))
        return out

    def _add_nested(self, tokens: Sequence[str], ann: TokenAnnotation, out: list[TokenAnnotation]) -> None:
        if self.nested_direct and ann.form != "Direct":
            for q in nested_quotes(tokens, ann.message):
                ann.has_nested = True
                out.append(TokenAnnotation(cue=list(ann.cue), source=list(ann.source), message=q,
                                           addr=list(ann.addr), frame=list(ann.frame), form="Direct",
                                           stwr=ann.stwr, is_nested=True, confidence=ann.confidence))

    def _cue_centric(self, tokens: Sequence[str], base: list[list[str]], info: dict[str, Any],
                     cue_p: Sequence[float], msg_labels: Sequence[str]) -> list[TokenAnnotation]:
        """One annotation per sentence with predicted cue tokens: message and roles tagged around the cue."""
        sent_of = info["sent_of"]
        groups: dict[int, list[int]] = {}
        for i, p in enumerate(cue_p):
            if p >= self.cue_threshold:
                groups.setdefault(sent_of[i], []).append(i)
        out = []
        for cue in groups.values():
            if self.complete_cues and "tags" in info:
                cue = complete_cue(cue, tokens, info["tags"], sent_of, self.complete_cues)
            lo, hi = cue_window(cue, info, *self.cue_win)
            rl = self._cuerole.tag(cue_role_features(base, info, cue, lo, hi))
            ann = TokenAnnotation(cue=list(cue))
            for k, lab in enumerate(rl):
                if lab == "O":
                    continue
                for code in lab.split("+"):
                    if code == "M":
                        ann.message.append(lo + k)
                    elif code != "C":
                        getattr(ann, ROLE_CODES[code]).append(lo + k)
            if not ann.message or all(not any(c.isalnum() for c in tokens[i]) for i in ann.message):
                continue
            votes: dict[str, int] = {}
            for i in ann.message:
                if msg_labels[i] != "O":
                    f = msg_labels[i][2:]
                    votes[f] = votes.get(f, 0) + 1
            if votes:
                ann.form = max(votes, key=votes.get)
            else:
                ann.form = "Direct" if info["inq"][ann.message[0]] >= 2 else "Indirect"
            ann.stwr = self.stwr_by_form.get(ann.form, "Speech")
            ann.confidence = round(float(sum(cue_p[i] for i in cue) / len(cue)), 4)
            out.append(ann)
        return out

    def annotate_sentences(self, sentences: Sequence[Sequence[str]]) -> list[TokenAnnotation]:
        tokens = [t for s in sentences for t in s]
        sent_of = [k for k, s in enumerate(sentences) for _ in s]
        return self.annotate(tokens, sent_of)

    # -- spaCy API
    def annotate_doc(self, doc: Any) -> list[TokenAnnotation]:
        """Attributions for a spaCy Doc (indices are ``doc[i]`` token indices). Whitespace tokens are skipped."""
        tokens: list[str] = []
        sent_of: list[int] = []
        index: list[int] = []
        sents = list(doc.sents) if (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")) else [doc[:]]
        k = -1
        for sent in sents:
            started = False
            for tok in sent:
                if tok.text.isspace() or not tok.text:
                    continue
                if not started:
                    k += 1
                    started = True
                tokens.append(tok.text)
                sent_of.append(k)
                index.append(tok.i)
        pos = None
        if self.use_pos and doc.has_annotation("TAG"):
            pos = pos_of_doc_tokens([doc[i] for i in index])
        anns = self.annotate(tokens, sent_of, pos, vectors=doc.vocab.vectors if doc.vocab.vectors.shape[0] else None)
        for a in anns:
            for role in ("cue", "source", "message", "addr", "frame"):
                setattr(a, role, [index[i] for i in getattr(a, role)])
        return anns


def read_clusters(path: Path) -> dict[str, str]:
    """``word<TAB>cluster`` lines (word classes from k-means over floret vectors, made at training time)."""
    out = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            w, _, c = line.rstrip("\n").partition("\t")
            out[w] = c
    return out


POS_COMPONENTS = ("tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "lemmatizer", "ner",
                  "attribution_ner", "quellen_attribution_ents")


def _ent_labels(toks: Sequence[Any]) -> list[str]:
    """IOB-type labels from the entities attribution was trained with (``nlp.components.attribution_entities``)."""
    from ..nlp.components import attribution_entities

    if not toks:
        return []
    label: dict[int, str] = {}
    for e in attribution_entities(toks[0].doc):
        for i in range(e.start, e.end):
            label[i] = ("B-" if i == e.start else "I-") + e.label_
    return [label.get(t.i, "O") for t in toks]


def pos_of_doc_tokens(toks: Sequence[Any]) -> tuple[list[str], list[bool], list[str], list[str]]:
    """(STTS tags, Konjunktiv flags, lemmas, entity labels as IOB-type) of pipeline-annotated tokens."""
    return ([t.tag_ or "_" for t in toks], ["Sub" in t.morph.get("Mood") for t in toks],
            [t.lemma_ or t.text for t in toks], _ent_labels(toks))


@lru_cache(maxsize=1)
def _german_pipeline() -> Any:
    try:
        from quellen.nlp import load_pipeline

        return load_pipeline()
    except Exception as exc:
        log.warning("quellen's German pipeline is unavailable (%s); attribution runs without its tags", exc)
        return None


@lru_cache(maxsize=4)
def _load(model_dir: str) -> Attributor | None:
    path = Path(model_dir)
    if not all((path / f).exists() for f in (MSG_MODEL, ROLE_MODEL, META)):
        log.warning("learned attribution model not found in %s", path)
        return None
    # A model that is shipped but cannot be loaded raises: silently falling back to the rules would change
    # every result of the batch without a word (the caller turns it into an environment fault, errors.py).
    return Attributor(path)


def load_attributor(model_dir: Path | str | None = None) -> Attributor | None:
    """The shipped attribution model (cached), or ``None`` where it is absent; raises where it is broken."""
    return _load(str(Path(model_dir) if model_dir else MODEL_DIR))


def predict_spkatt_doc(attributor: Attributor, doc: "Any") -> "Any":
    """Fill a :class:`quellen.taskformat.io.SpkattDoc` 's annotations from the model (tokenisation as given)."""
    from quellen.taskformat.io import SpkattAnnotation

    anns = attributor.annotate_sentences(doc.sentences)
    out = []
    for a in anns:
        out.append(SpkattAnnotation(
            cue=doc.positions(a.cue), source=doc.positions(a.source), message=doc.positions(a.message),
            addr=doc.positions(a.addr), frame=doc.positions(a.frame), form=a.form, stwr=a.stwr,
            is_nested=a.is_nested, has_nested=a.has_nested))
    doc.annotations = out
    return doc
