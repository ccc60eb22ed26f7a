"""Train the learned attribution component (two CRFs, see :mod:`quellen.attribution.learned`).

Data: the TRAIN part of news-spkatt/train from :func:`quellen.training.splits.spkatt_split` (630 articles);
the 70 held-out articles (every tenth by sorted file name) are never read here except by the final
evaluation. Deterministic: crfsuite's L-BFGS has no randomness; ``seed`` fixes the fold assignment of the
jack-knifed reporting-word scores.

    python -m quellen.training.attribution --data ../shared/data [--out DIR] [--no-eval]
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import time
from collections import Counter, defaultdict
from pathlib import Path

from ..attribution.learned import COMPLETE_CUES, INHERIT_SOURCE, REPORTED_MODEL, sentence_features, CLUSTERS, CUE_MODEL, CUEROLE_MODEL, FORMS, cue_role_features, cue_window, META, MODEL_DIR, MSG_MODEL, ROLE_MODEL, Featurizer
from ..taskformat.io import SpkattDoc, read_doc
from .splits import spkatt_split

log = logging.getLogger(__name__)

DEFAULT_PARAMS = {
    "cue": {"c1": 0.05, "c2": 0.01, "max_iterations": 100},
    "cue_stack": True,
    "cue_zu": False,           # cue tagger only: zu-infinitive complements (Featurizer.zu_infinitive_features): CV no gain
    "pos": True,               # STTS tags, Konjunktiv and lemmas from quellen's German pipeline (measured: +0.04 joint)
    "ner": True,               # its entities (IOB-type): measured on dev, +0.012 joint
    "parliament_cue": False,   # parliament speeches as extra cue-tagger data: measured, worse (other conventions)
    "clusters": True,
    "cluster_k": 256,
    "vectors": None,
    "cue_centric": True,
    "cueroles": {"c1": 0.05, "c2": 0.01, "max_iterations": 150},
    "cue_window": [1, 2],
    "cue_threshold": 0.5,
    "msg": {"c1": 0.05, "c2": 0.01, "max_iterations": 200},
    "roles": {"c1": 0.05, "c2": 0.01, "max_iterations": 150},
    "window": [2, 1],
    "folds": 5,
    "nested_direct": True,
    "inherit_source": INHERIT_SOURCE,   # decoding: cue-less continuations take the previous Source (None: off)
    "complete_cues": COMPLETE_CUES,  # decoding: a cue takes its verb's auxiliary and particle ("": off); dev +0.010
    "min_cue_count": 1,
    "reported": {"c1": 0.1, "c2": 0.01, "max_iterations": 150},   # the sentence-level Reported tagger (None: off)
    "reported_threshold": 0.5,
    "sentence_forms": ["Reported"],   # cue-less forms for the sentence tagger; + FreeIndirect, IndirectFreeIndirect: dev -0.003
    "lm_features": None,       # folder of a pretrained language model whose states become CRF features
    "lm": None,                # folder of a pretrained language model whose states feed the neural scorer
    "neural": False,           # BiLSTM message scorer stacked into the CRFs (needs torch): measured on dev, -0.017 joint
}


DEFAULT_VECTORS = Path(__file__).resolve().parents[3] / "build" / "vectors" / "vectors.floret"


def word_clusters(vectors: Path, words: list[str], k: int = 256, seed: int = 0, iterations: int = 15) -> dict[str, int]:
    """Word classes: spherical k-means over the floret vectors of ``words`` (deterministic for a seed)."""
    import numpy as np
    import spacy
    from spacy.training.initialize import convert_vectors

    t0 = time.time()
    nlp = spacy.blank("de")
    convert_vectors(nlp, Path(vectors), truncate=0, prune=-1, mode="floret")
    v = np.asarray(nlp.vocab.vectors.get_batch(words), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True) + 1e-8
    rng = np.random.default_rng(seed)
    c = v[rng.choice(len(v), k, replace=False)].copy()
    assign = np.zeros(len(v), dtype=np.int64)
    for _ in range(iterations):
        assign = np.argmax(v @ c.T, axis=1)
        for j in range(k):
            members = v[assign == j]
            if len(members):
                c[j] = members.mean(0)
                c[j] /= np.linalg.norm(c[j]) + 1e-8
    log.info("word clusters: %d words, k=%d, %.1fs", len(words), k, time.time() - t0)
    return {w: int(a) for w, a in zip(words, assign)}


def cluster_vocabulary(data_dir: Path, train_docs: list[SpkattDoc], max_words: int = 80000) -> list[str]:
    """Words to cluster: the training articles, the unlabeled news articles and the parliament texts (all
    token types, most frequent first); never the held-out articles."""
    counts: Counter[str] = Counter()
    for d in train_docs:
        counts.update(d.tokens)
    extra = [Path(data_dir) / "news-spkatt" / "unlabeled", Path(data_dir) / "spkatt-parliament"]
    for folder in extra:
        for f in sorted(folder.rglob("*.json")):
            try:
                counts.update(read_doc(f).tokens)
            except Exception:
                continue
    return [w for w, _ in counts.most_common(max_words)]


MODEL_FILES = {REPORTED_MODEL, "lm.npz", "lm_features.npz", "neural.npz", "neural.json", MSG_MODEL, CUE_MODEL, CUEROLE_MODEL, ROLE_MODEL, META, CLUSTERS, "MODEL_CARD.md"}


def resolve_out_dir(out_dir: Path | None) -> Path:
    """The attribution model folder. Given the models root (e.g. ``quellen/data/models``, as
    ``quellen models train --ship-to`` passes it), the model goes to its ``attribution/`` subfolder."""
    if out_dir is None:
        return MODEL_DIR
    out_dir = Path(out_dir)
    if out_dir.name == "attribution" or (out_dir / META).exists():
        return out_dir
    if out_dir.exists() and any(out_dir.iterdir()):
        return out_dir / "attribution"
    return out_dir


def _check_replaceable(path: Path) -> None:
    """Refuse to delete a folder that holds anything but an attribution model."""
    foreign = [p.name for p in path.iterdir() if p.name not in MODEL_FILES]
    if foreign:
        raise RuntimeError(f"{path} holds files that are not part of an attribution model ({foreign[:5]}); "
                           "not replacing it")


def cue_probabilities(docs: list[SpkattDoc], min_count: int = 1) -> dict[str, float]:
    """P(token is part of a cue | lower-cased word), smoothed; only words seen as a cue at least min_count times."""
    total: Counter[str] = Counter()
    cue: Counter[str] = Counter()
    for d in docs:
        toks = [t.lower() for t in d.tokens]
        total.update(toks)
        cued = set()
        for a in d.annotations:
            cued.update(d.doc_index(p) for p in a.cue)
        cue.update(toks[i] for i in cued)
    return {w: round(c / (total[w] + 1), 4) for w, c in cue.items() if c >= min_count}


def message_labels(doc: SpkattDoc) -> list[str]:
    """BIO+Form labels: outer messages first, nested ones only where they do not overlap."""
    n = len(doc.tokens)
    labels = ["O"] * n
    anns = sorted((a for a in doc.annotations if a.message),
                  key=lambda a: (a.is_nested, -len(a.message)))
    for a in anns:
        idx = doc.indices(a.message)
        if any(labels[i] != "O" for i in idx):
            continue
        form = a.form if a.form in FORMS else "Indirect"
        for k, i in enumerate(idx):
            labels[i] = ("B-" if k == 0 or idx[k - 1] != i - 1 else "I-") + form
    return labels


def reported_labels(doc: SpkattDoc, forms: tuple[str, ...] = ("Reported",)) -> list[str]:
    """Per sentence: ``B-<Form>`` / ``I-<Form>`` where an outer message of one of ``forms`` covers at least
    half of it (``I-`` for the following sentences of the same message), else ``O``."""
    sent_of = _sent_of(doc)
    size = [len(s) for s in doc.sentences]
    labels = ["O"] * len(size)
    for a in doc.annotations:
        if a.form not in forms or a.is_nested:
            continue
        covered: Counter[int] = Counter(sent_of[i] for i in set(doc.indices(a.message)))
        first = True
        for k in sorted(covered):
            if size[k] and covered[k] * 2 >= size[k] and labels[k] == "O":
                labels[k] = ("B-" if first else "I-") + a.form
                first = False
    return labels


def cue_labels(doc: SpkattDoc) -> list[str]:
    cued = {doc.doc_index(p) for a in doc.annotations for p in a.cue}
    return ["C" if i in cued else "O" for i in range(len(doc.tokens))]


def cue_quality(docs: list[SpkattDoc], cue_y: list[list[str]], cue_p: list[list[float]], threshold: float) -> dict:
    """How well jack-knifed cue probabilities find the gold cues: token P / R / F1, and the share of cued,
    non-nested annotations with at least one cue token found. Why: the cue tagger is the first stage of the
    cue-centred annotations, and a cue it misses is an annotation lost (measured: most of the joint F1 lost is
    annotations not found, see ``quellen spkatt breakdown``)."""
    tp = fp = fn = found = cued = 0
    for d, y, probs in zip(docs, cue_y, cue_p):
        pred = {i for i, x in enumerate(probs) if x >= threshold}
        gold = {i for i, lab in enumerate(y) if lab == "C"}
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
        for a in d.annotations:
            if a.cue and a.message and not a.is_nested:
                cued += 1
                found += bool(pred.intersection(d.indices(a.cue)))
    prec, rec = tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0
    return {"p": round(prec, 4), "r": round(rec, 4), "f1": round(2 * prec * rec / (prec + rec), 4) if tp else 0.0,
            "annotations_found": round(found / cued, 4) if cued else 0.0}


def cue_groups(doc: SpkattDoc):
    """Gold cues grouped by sentence (all cue tokens of a sentence), each with its main annotation (not
    nested, longest message)."""
    by_sent: dict[int, list] = defaultdict(list)
    for a in doc.annotations:
        if a.cue and a.message:
            by_sent[min(p[0] for p in a.cue)].append(a)
    for s, anns in sorted(by_sent.items()):
        cue = sorted({doc.doc_index(p) for a in anns for p in a.cue if p[0] == s})
        main = sorted(anns, key=lambda a: (a.is_nested, -len(a.message)))[0]
        yield cue, main


def cue_role_labels(doc: SpkattDoc, ann, lo: int, hi: int) -> list[str]:
    sets: dict[int, set[str]] = defaultdict(set)
    for code, role in (("M", ann.message), ("S", ann.source), ("A", ann.addr), ("F", ann.frame)):
        for p in role:
            sets[doc.doc_index(p)].add(code)
    return ["+".join(sorted(sets[i])) if sets.get(i) else "O" for i in range(lo, hi)]


def role_labels(doc: SpkattDoc, ann, lo: int, hi: int) -> list[str]:
    sets: dict[int, set[str]] = defaultdict(set)
    for code, role in (("C", ann.cue), ("S", ann.source), ("A", ann.addr), ("F", ann.frame)):
        for p in role:
            sets[doc.doc_index(p)].add(code)
    return ["+".join(sorted(sets[i])) if sets.get(i) else "O" for i in range(lo, hi)]


def _sent_of(doc: SpkattDoc) -> list[int]:
    return [k for k, s in enumerate(doc.sentences) for _ in s]


MESSAGE_LABELS = ["O"] + [b + f for f in FORMS for b in ("B-", "I-")]


def _stack_neural(docs, bases, fold_of, p: dict, nlp, tmp: Path, seed: int) -> float:
    """Stage 0b: the BiLSTM message scorer, jack-knifed over the same folds as the cue tagger; its
    probabilities are appended to every token's features (in place). The full-data model goes to ``tmp``."""
    from ..attribution.neural import stack_features, token_vectors
    from .neural import DEFAULTS, feature_vocabulary, train_tagger

    try:
        import torch  # noqa: F401
    except ImportError as exc:
        raise RuntimeError("the neural message scorer is trained with PyTorch: pip install torch==2.13.0 "
                           "(or train without it: --params '{\"neural\": false}')") from exc
    t0 = time.time()
    params = p["neural"] if isinstance(p["neural"], dict) else {}
    feats = [b[0] for b in bases]
    vecs = [token_vectors(nlp.vocab.vectors, d.tokens) for d in docs]
    if p.get("lm"):     # a pretrained language model (quellen.training.lm): its states join the vectors
        from ..attribution.neural import LM_WEIGHTS, LanguageModelEncoder

        lm_path = Path(p["lm"]) / LM_WEIGHTS
        encoder = LanguageModelEncoder(lm_path)
        vecs = [encoder.extend(v) for v in vecs]
        shutil.copyfile(lm_path, tmp / LM_WEIGHTS)
        log.info("neural message scorer: + language-model states from %s", lm_path)
    gold = [message_labels(d) for d in docs]
    full = {**DEFAULTS, **params}
    vocab = feature_vocabulary(feats, full["min_count"], full["max_features"])
    stacked: list = [None] * len(docs)
    for k in range(p["folds"]):
        idx = [j for j in range(len(docs)) if fold_of[j] != k]
        model = train_tagger([feats[j] for j in idx], [vecs[j] for j in idx], [gold[j] for j in idx],
                             MESSAGE_LABELS, full, seed=seed + k, vocabulary=vocab)
        for j in range(len(docs)):
            if fold_of[j] == k:
                stacked[j] = stack_features(model.probs(feats[j], vecs[j]), MESSAGE_LABELS)
        log.info("neural message scorer fold %d done (%.0fs)", k, time.time() - t0)
    model = train_tagger(feats, vecs, gold, MESSAGE_LABELS, full, seed=seed, vocabulary=vocab)
    model.export(tmp)
    for j, (base, info) in enumerate(bases):
        bases[j] = ([b + e for b, e in zip(base, stacked[j])], info)
    dt = time.time() - t0
    log.info("neural message scorer: %d features, 6 trainings in %.0fs", len(vocab), dt)
    return dt


def _train_crf(xseqs, yseqs, params: dict, path: Path, log_name: str) -> float:
    import pycrfsuite

    t0 = time.time()
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(xseqs, yseqs):
        trainer.append(x, y)
    trainer.set_params({**params, "feature.possible_transitions": True})
    trainer.train(str(path))
    dt = time.time() - t0
    log.info("%s: %d sequences, %d items, trained in %.1fs", log_name, len(xseqs), sum(len(x) for x in xseqs), dt)
    return dt


def train(data_dir: Path, out_dir: Path | None = None, seed: int = 0, params: dict | None = None,
          evaluate: bool = True, extra_docs: list[SpkattDoc] | None = None) -> dict:
    """Train on the train split of news-spkatt; write the model to out_dir; return a report (with held-out
    scores when ``evaluate``)."""
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    p = {**DEFAULT_PARAMS, **(params or {})}
    if p.get("lm") and p.get("lm_features") and Path(p["lm"]) != Path(p["lm_features"]):
        raise ValueError("'lm' and 'lm_features' must name the same language model: the model folder holds one lm.npz")
    out_dir = resolve_out_dir(out_dir)
    t_start = time.time()
    train_files, heldout_files = spkatt_split(Path(data_dir))
    dev_files: list[Path] = []
    if p.get("dev"):   # model selection: hold out a dev part of the TRAIN split (every tenth, offset 5)
        dev_files = train_files[5::10]
    elif p.get("cv_folds"):   # cross-validation fold cv_fold of cv_folds over the TRAIN split (see cross_validate)
        dev_files = cv_fold_files(train_files, p["cv_fold"], p["cv_folds"])
    if dev_files:
        held = set(dev_files)
        train_files = [f for f in train_files if f not in held]
    docs = [read_doc(f) for f in train_files] + list(extra_docs or [])
    docs = [d for d in docs if d.tokens]
    log.info("training attribution on %d articles (held out: %d)", len(docs), len(heldout_files))

    # Reporting-word scores: jack-knifed for the training features, so rare training cues do not look certain.
    rng = random.Random(seed)
    order = list(range(len(docs)))
    rng.shuffle(order)
    fold_of = {d: k % p["folds"] for k, d in enumerate(order)}
    fold_probs = []
    for k in range(p["folds"]):
        fold_probs.append(cue_probabilities([d for j, d in enumerate(docs) if fold_of[j] != k], p["min_cue_count"]))
    full_probs = cue_probabilities(docs, p["min_cue_count"])

    tmp = Path(str(out_dir) + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)

    clusters: dict[str, str] = {}
    vectors = Path(p["vectors"]) if p.get("vectors") else DEFAULT_VECTORS
    if p.get("clusters", True) and vectors.exists():
        raw = word_clusters(vectors, cluster_vocabulary(Path(data_dir), docs), k=p["cluster_k"], seed=seed)
        clusters = {w: str(c) for w, c in raw.items()}
    elif p.get("clusters", True) and (MODEL_DIR / CLUSTERS).exists():
        # the shipped model's clusters (the same vectors, the same k and seed): retraining after a new German
        # pipeline then needs no vector training first
        for line in (MODEL_DIR / CLUSTERS).read_text(encoding="utf-8").splitlines():
            w, _, c = line.rpartition("\t")
            if w:
                clusters[w] = c
        log.info("word clusters from the shipped %s (%d words): no floret vectors at %s",
                 CLUSTERS, len(clusters), vectors)
    elif p.get("clusters", True):
        log.warning("no floret vectors at %s: training without word clusters", vectors)
    pos_of: list = [None] * len(docs)
    if p.get("pos"):
        from ..attribution.learned import _german_pipeline, pos_of_doc_tokens, POS_COMPONENTS
        from spacy.tokens import Doc

        nlp = _german_pipeline()
        if nlp is None:
            log.warning("quellen's German pipeline is absent: training WITHOUT its tags (expect a lower score)")
            p["pos"] = p["ner"] = False
    if p.get("pos"):
        t0 = time.time()

        def tag(d: SpkattDoc):
            sd = Doc(nlp.vocab, words=d.tokens, sent_starts=[k == 0 for s in d.sentences for k in range(len(s))])
            for name, proc in nlp.pipeline:
                if name in POS_COMPONENTS:
                    sd = proc(sd)
            return pos_of_doc_tokens(list(sd))

        for j, d in enumerate(docs):
            pos_of[j] = tag(d)
        log.info("tagged %d articles with quellen's pipeline in %.1fs", len(docs), time.time() - t0)
    bases = []
    for j, d in enumerate(docs):
        feat = Featurizer(fold_probs[fold_of[j]], clusters, use_ner=bool(p.get("ner")))
        bases.append(feat.base(d.tokens, _sent_of(d), pos_of[j]))
    if p.get("lm_features") and p.get("pos"):   # language-model states as CRF features (see attribution.neural)
        from ..attribution.neural import LM_WEIGHTS, LanguageModelEncoder, LanguageModelFeatures, token_vectors

        t0 = time.time()
        lm_path = Path(p["lm_features"]) / LM_WEIGHTS
        vecs = [token_vectors(nlp.vocab.vectors, d.tokens) for d in docs]
        lmf = LanguageModelFeatures.fit(LanguageModelEncoder(lm_path), vecs, seed=seed)
        lmf.save(tmp)
        shutil.copyfile(lm_path, tmp / LM_WEIGHTS)
        for j, (base, info) in enumerate(bases):
            bases[j] = ([b + e for b, e in zip(base, lmf.features(vecs[j]))], info)
        log.info("language-model features from %s in %.0fs", lm_path, time.time() - t0)
    t_cue = 0.0
    cue_jackknife: dict | None = None
    if p.get("cue_stack", True):
        # Stage 0: a cue tagger; its jack-knifed probabilities become features of the later taggers.
        import pycrfsuite

        cue_y = [cue_labels(d) for d in docs]
        cue_x = [Featurizer.cue_tagger_input(base, info, bool(p.get("cue_zu"))) for base, info in bases]
        extra_x: list = []
        extra_y: list = []
        if p.get("parliament_cue"):
            # extra signal for the cue tagger only (the parliament task has no Form / Frame)
            feat = Featurizer(full_probs, clusters, use_ner=bool(p.get("ner")))
            for f in sorted((Path(data_dir) / "spkatt-parliament").rglob("*.json")):
                pd = read_doc(f)
                if pd.tokens:
                    pbase, pinfo = feat.base(pd.tokens, _sent_of(pd), tag(pd) if p.get("pos") else None)
                    extra_x.append(Featurizer.cue_tagger_input(pbase, pinfo, bool(p.get("cue_zu"))))
                    extra_y.append(cue_labels(pd))
            log.info("cue tagger: + %d parliament speeches", len(extra_x))
        cue_p: list[list[float]] = [[] for _ in docs]
        for k in range(p["folds"]):
            idx = [j for j in range(len(docs)) if fold_of[j] != k]
            path = tmp / f"cue.fold{k}.crfsuite"
            t_cue += _train_crf([cue_x[j] for j in idx] + extra_x, [cue_y[j] for j in idx] + extra_y, p["cue"], path,
                                f"cue tagger fold {k}")
            tagger = pycrfsuite.Tagger()
            tagger.open(str(path))
            for j in range(len(docs)):
                if fold_of[j] == k:
                    tagger.set(cue_x[j])
                    cue_p[j] = [tagger.marginal("C", i) for i in range(len(cue_x[j]))]
            tagger.close()
            path.unlink()
        cue_jackknife = cue_quality(docs, cue_y, cue_p, p["cue_threshold"])
        log.info("cue tagger, jack-knifed over the training articles: token P %.4f R %.4f F1 %.4f; a cue token "
                 "found for %.4f of the cued annotations", cue_jackknife["p"], cue_jackknife["r"],
                 cue_jackknife["f1"], cue_jackknife["annotations_found"])
        t_cue += _train_crf(cue_x + extra_x, cue_y + extra_y, p["cue"], tmp / CUE_MODEL, "cue tagger")
        for j, (base, info) in enumerate(bases):
            extra = Featurizer.cue_features(info, cue_p[j])
            bases[j] = ([b + e for b, e in zip(base, extra)], info)

    t_neural = 0.0
    if p.get("neural") and p.get("pos"):
        t_neural = _stack_neural(docs, bases, fold_of, p, nlp, tmp, seed)

    msg_x, msg_y, role_x, role_y = [], [], [], []
    stwr_counts: dict[str, Counter] = defaultdict(Counter)
    lo_b, lo_a = p["window"]
    for j, d in enumerate(docs):
        feat = Featurizer(fold_probs[fold_of[j]], clusters, use_ner=bool(p.get("ner")))
        base, info = bases[j]
        msg_x.append(base)
        msg_y.append(message_labels(d))
        for a in d.annotations:
            stwr_counts[a.form][a.stwr] += 1
            if not a.message:
                continue
            message = d.indices(a.message)
            lo, hi = feat.role_window(message, info, lo_b, lo_a)
            role_x.append(feat.role_features(base, info, message, a.form, lo, hi))
            role_y.append(role_labels(d, a, lo, hi))

    t_cuerole = 0.0
    if p.get("cue_stack", True) and p.get("cue_centric"):
        cx, cy = [], []
        cb, ca = p["cue_window"]
        for j, d in enumerate(docs):
            base, info = bases[j]
            for cue, ann in cue_groups(d):
                lo, hi = cue_window(cue, info, cb, ca)
                cx.append(cue_role_features(base, info, cue, lo, hi))
                cy.append(cue_role_labels(d, ann, lo, hi))
        t_cuerole = _train_crf(cx, cy, p["cueroles"], tmp / CUEROLE_MODEL, "cue-centric role tagger")
    t_msg = _train_crf(msg_x, msg_y, p["msg"], tmp / MSG_MODEL, "message tagger")
    if p.get("reported"):
        sx = [sentence_features(base, info) for base, info in bases]
        sy = [reported_labels(d, tuple(p["sentence_forms"])) for d in docs]
        t_msg += _train_crf(sx, sy, p["reported"], tmp / REPORTED_MODEL, "sentence tagger (cue-less whole-sentence messages)")
    t_role = _train_crf(role_x, role_y, p["roles"], tmp / ROLE_MODEL, "role tagger")
    meta = {
        "version": 1,
        "trained_on": f"news-spkatt/train minus held-out ({len(train_files)} articles)"
                      + (f" + {len(extra_docs)} extra" if extra_docs else ""),
        "seed": seed,
        "params": p,
        "window": p["window"],
        "nested_direct": p["nested_direct"],
        "inherit_source": p.get("inherit_source"),
        "complete_cues": p.get("complete_cues", ""),
        "o_threshold": p.get("o_threshold", 1.0),
        "pos": bool(p.get("pos")),
        "ner": bool(p.get("ner")),
        "cue_window": p["cue_window"],
        "cue_threshold": p["cue_threshold"],
        "cue_zu": bool(p.get("cue_zu") and p.get("pos")),
        "reported_threshold": p.get("reported_threshold", 0.5),
        "reported": bool(p.get("reported")),
        "neural": bool(p.get("neural") and p.get("pos")),
        "lm_features": bool(p.get("lm_features") and p.get("pos")),
        "stwr_by_form": {f: c.most_common(1)[0][0] for f, c in stwr_counts.items()},
        "cue_prob": dict(sorted(full_probs.items())),
    }
    if clusters:
        with open(tmp / CLUSTERS, "w", encoding="utf-8") as fh:
            for w, c in sorted(clusters.items()):
                if "\t" not in w and "\n" not in w:
                    fh.write(f"{w}\t{c}\n")
        meta["clusters"] = {"k": p["cluster_k"], "words": len(clusters),
                            "vectors": vectors.name if vectors.exists() else f"the earlier {CLUSTERS}"}
    (tmp / META).write_text(json.dumps(meta, ensure_ascii=False, indent=0), encoding="utf-8")
    if out_dir.exists():
        _check_replaceable(out_dir)
        shutil.rmtree(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp.rename(out_dir)
    size = sum(f.stat().st_size for f in out_dir.iterdir())
    report = {"model_dir": str(out_dir), "articles": len(docs), "train_seconds": round(time.time() - t_start, 1),
              "cue_seconds": round(t_cue, 1), "neural_seconds": round(t_neural, 1), "cue_role_seconds": round(t_cuerole, 1), "message_seconds": round(t_msg, 1), "role_seconds": round(t_role, 1), "size_bytes": size,
              "cue_jackknife": cue_jackknife}
    log.info("attribution model written to %s (%.1f MB)", out_dir, size / 1e6)
    if dev_files:
        from ..taskformat.evaluate import evaluate_files

        report["dev"] = evaluate_files(dev_files, model_dir=out_dir)
    elif evaluate:
        from ..taskformat.evaluate import evaluate_heldout

        report["heldout"] = evaluate_heldout(Path(data_dir), model_dir=out_dir)
    write_model_card(out_dir, meta, report)
    return report


def write_model_card(out_dir: Path, meta: dict, report: dict) -> None:
    lines = [
        "# quellen learned attribution model (news-spkatt)", "",
        "Made by `python -m quellen.training.attribution` (or `quellen models train`); see",
        "`quellen/attribution/learned.py` for the architecture (cue CRF -> cue-centric role CRF + message CRF ->",
        "message-centric role CRF)" + (", a sentence-level Reported CRF" if meta.get("reported") else "") + (", a BiLSTM message scorer (NumPy)"
        if meta.get("neural") else "") + ". Runtime needs python-crfsuite, plus quellen's German pipeline for tags.", "",
        "Decoding rules on top of the CRFs (measured on dev, held-out and in cross-validation, see README): a message-tagger span",
        "that shares a token with a cue-centred message is dropped as its duplicate; quotations inside a",
        "message become nested Direct annotations unless they are names or titles"
        + ("; a cue takes its verb's auxiliary and separated particle" if meta.get("complete_cues") else "")
        + ("; a cue-less continuation inherits the previous speaker (a continued quotation also the Cue and Frame)"
           if meta.get("inherit_source") else "") + ".", "",
        f"- Trained on: {meta['trained_on']}; seed {meta['seed']}; training time {report['train_seconds']} s (one thread).",
        "- Held out (never trained on): news-spkatt/train, every tenth article by sorted file name (70 articles).",
        f"- Word clusters: {meta.get('clusters', 'none')}.",
        *([f"- Cue tagger, jack-knifed over the training articles: token P {cj['p']:.4f} / R {cj['r']:.4f} / "
           f"F1 {cj['f1']:.4f}; a cue token found for {cj['annotations_found']:.1%} of the cued annotations."]
          if (cj := report.get("cue_jackknife")) else []),
        f"- Size: {report['size_bytes'] / 1e6:.1f} MB.",
        "- Data license: the training data is CC BY-NC-SA 4.0 (uhh-lt/news-speaker-attribution-2023); this model is",
        "  derived from it.", "",
    ]
    for name in ("heldout", "dev"):
        r = report.get(name)
        if not r:
            continue
        lines.append(f"## Scores on {name} ({r['articles']} articles, shared scorer spkatt_score.py)")
        lines.append("")
        lines.append("| | P | R | F1 |")
        lines.append("|---|---|---|---|")
        for key in ("msg", "roles", "joint", "Message", "Cue", "Source", "Addr", "Frame"):
            v = r[key]
            lines.append(f"| {key} | {v['p']:.4f} | {v['r']:.4f} | {v['f1']:.4f} |")
        lines.append(f"\nForm accuracy on paired annotations: {r['form_accuracy_on_pairs']:.4f}\n")
    (out_dir / "MODEL_CARD.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def cv_fold_files(train_files: list[Path], k: int, folds: int) -> list[Path]:
    """The articles cross-validation fold k predicts (and its model does not see): every folds-th, offset k."""
    return train_files[k::folds]


def _cv_fold(args: tuple) -> tuple[int, float]:
    data_dir, out_root, seed, params, k, folds = args
    root = logging.getLogger()
    if not root.handlers:                  # a spawned worker: log like the parent, naming the fold
        logging.basicConfig(level=logging.INFO)
    for handler in root.handlers:
        handler.setFormatter(logging.Formatter(f"%(asctime)s %(levelname)s fold {k}: %(message)s"))
    out = Path(out_root) / f"fold{k}"
    report = train(data_dir, out, seed=seed, params={**params, "cv_folds": folds, "cv_fold": k}, evaluate=False)
    from ..taskformat.evaluate import predict_dir

    dev = cv_fold_files(spkatt_split(Path(data_dir))[0], k, folds)
    predict_dir(Path(data_dir), Path(out_root) / "pred", model_dir=out, files=dev)
    log.info("cross-validation fold %d of %d done: %d articles predicted", k + 1, folds, len(dev))
    return k, report["train_seconds"]


def cross_validate(data_dir: Path, out_root: Path, folds: int = 5, seed: int = 0, params: dict | None = None,
                   jobs: int = 1) -> dict:
    """k-fold cross-validation over the 630 training articles (never the held-out ones): one model per fold,
    every article predicted by the model that did not see it, all scored together by the shared scorer.
    Why: a 63-article dev split moves by ±0.01 joint F1 between configurations that are equally good, so
    model selection needs the pooled score over all training articles."""
    from ..taskformat.evaluate import default_scorer, load_scorer

    out_root = Path(out_root)
    if out_root.exists():
        shutil.rmtree(out_root)
    (out_root / "pred").mkdir(parents=True)
    (out_root / "gold").mkdir()
    tasks = [(Path(data_dir), out_root, seed, dict(params or {}), k, folds) for k in range(folds)]
    if jobs > 1:
        import multiprocessing as mp

        with mp.get_context("spawn").Pool(jobs) as pool:
            done = pool.map(_cv_fold, tasks)
    else:
        done = [_cv_fold(t) for t in tasks]
    train_files = spkatt_split(Path(data_dir))[0]
    for f in train_files:
        shutil.copyfile(f, out_root / "gold" / f.name)
    result = load_scorer(default_scorer(Path(data_dir))).score(str(out_root / "gold"), str(out_root / "pred"))
    result["folds"] = folds
    result["train_seconds"] = [round(t, 1) for _, t in sorted(done)]
    return result          # the fold models stay under out_root/foldK, for scoring decoding variants


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data"))
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--params", type=str, default=None, help="JSON overrides of DEFAULT_PARAMS")
    ap.add_argument("--no-eval", action="store_true")
    ap.add_argument("--cv", type=int, default=0, metavar="K",
                    help="cross-validate with K folds over the training articles instead (writes under --out)")
    ap.add_argument("--jobs", type=int, default=1, help="folds trained in parallel with --cv")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    params = json.loads(args.params) if args.params else None
    if args.cv:
        import signal
        import sys

        # SIGTERM ends the run through SystemExit, so the worker pool is terminated with it (not orphaned)
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        result = cross_validate(args.data, args.out or Path("build/attr/cv"), folds=args.cv, seed=args.seed,
                                params=params, jobs=args.jobs)
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    report = train(args.data, args.out, seed=args.seed, params=params, evaluate=not args.no_eval)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
