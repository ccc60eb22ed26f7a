"""A small BiLSTM over the whole article that scores message tokens; its output feeds the CRFs (stacking).

Why: the CRFs see a fixed window of hand-made features, but whether a clause is reported speech often
depends on text a sentence or more away (a Konjunktiv paragraph that continues a quote, a „Reported“ act
whose cue is far off). A bidirectional LSTM reads the article in both directions and gives each token the
probability of every message label (``O``, ``B-Direct``, ``I-Reported`` ...). Those probabilities become
extra CRF features (:func:`stack_features`), so the CRFs stay in charge of spans, roles and decoding.

Input per token: the sum of learned embeddings of its CRF features (a fixed feature vocabulary, e.g.
``t=VVFIN``, ``cb=4``, ``ctx=K--q-``) and a projection of the pipeline's floret vector. Trained with PyTorch
(:mod:`quellen.training.neural`, a training-only dependency); run here in plain NumPy, so the run time needs
no deep-learning library. Weights ship as ``neural.npz`` + ``neural.json`` next to the CRFs.

Status: an option, off by default (``--params '{"neural": true}'``). Measured on the dev split (63 articles,
trained on the other 567): the scorer alone finds message tokens with F1 0.710 against the message CRF's 0.763,
and stacking it lowered joint F1 from 0.697 to 0.681. 567 articles are too few to train an encoder from
scratch; the code stays as the place to plug in a pretrained encoder.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence

import numpy as np

WEIGHTS = "neural.npz"
CONFIG = "neural.json"


class NeuralTagger:
    """NumPy inference for the weights written by :func:`quellen.training.neural.export`."""

    def __init__(self, model_dir: Path):
        model_dir = Path(model_dir)
        cfg = json.loads((model_dir / CONFIG).read_text(encoding="utf-8"))
        self.labels: list[str] = cfg["labels"]
        self.index = {f: i for i, f in enumerate(cfg["features"])}
        with np.load(model_dir / WEIGHTS) as z:
            w = {k: z[k].astype(np.float32) for k in z.files}
        self.emb = w["emb"]
        self.vec_w, self.vec_b = w["vec_w"], w["vec_b"]
        self.layers = []
        for k in range(int(cfg.get("layers", 1))):
            self.layers.append(tuple(
                (w[f"l{k}_{d}_wih"], w[f"l{k}_{d}_whh"], w[f"l{k}_{d}_b"]) for d in ("f", "b")))
        self.out_w, self.out_b = w["out_w"], w["out_b"]

    def _inputs(self, feats: Sequence[Sequence[str]], vecs: np.ndarray) -> np.ndarray:
        n = len(feats)
        index = self.index
        rows: list[int] = []
        owner: list[int] = []
        for i, f in enumerate(feats):
            for name in f:
                j = index.get(name)
                if j is not None:
                    rows.append(j)
                    owner.append(i)
        bag = np.zeros((n, self.emb.shape[1]), dtype=np.float32)
        if rows:
            np.add.at(bag, np.asarray(owner), self.emb[np.asarray(rows)])
        proj = np.asarray(vecs, dtype=np.float32) @ self.vec_w.T + self.vec_b
        return np.concatenate([bag, proj], axis=1)

    @staticmethod
    def _bilstm(x: np.ndarray, fw: tuple, bw: tuple) -> np.ndarray:
        """Both directions of one layer in a single time loop (a batch of two), with one ``tanh`` per step:
        the input, forget and output rows are pre-scaled by 1/2 so that sigmoid(z) = (tanh(z/2) + 1) / 2."""
        n = x.shape[0]
        h_dim = fw[1].shape[1]
        scale = np.ones(4 * h_dim, dtype=np.float32)
        scale[:2 * h_dim] = 0.5
        scale[3 * h_dim:] = 0.5
        gx = np.empty((n, 2, 4 * h_dim), dtype=np.float32)
        gx[:, 0] = (x @ fw[0].T + fw[2]) * scale
        gx[:, 1] = ((x @ bw[0].T + bw[2]) * scale)[::-1]
        whh = np.stack([fw[1].T * scale, bw[1].T * scale])          # (2, H, 4H)
        h = np.zeros((2, 1, h_dim), dtype=np.float32)
        c = np.zeros((2, h_dim), dtype=np.float32)
        out = np.empty((n, 2, h_dim), dtype=np.float32)
        for t in range(n):
            a = np.tanh(gx[t] + np.matmul(h, whh)[:, 0])
            sig = 0.5 * a + 0.5
            c = sig[:, h_dim:2 * h_dim] * c + sig[:, :h_dim] * a[:, 2 * h_dim:3 * h_dim]
            hh = sig[:, 3 * h_dim:] * np.tanh(c)
            out[t] = hh
            h = hh[:, None, :]
        return np.concatenate([out[:, 0], out[::-1, 1]], axis=1)

    def probs(self, feats: Sequence[Sequence[str]], vecs: np.ndarray) -> np.ndarray:
        """(n_tokens, n_labels) label probabilities for one article."""
        if not len(feats):
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        x = self._inputs(feats, vecs)
        for fw, bw in self.layers:
            x = self._bilstm(x, fw, bw)
        logits = x @ self.out_w.T + self.out_b
        logits -= logits.max(axis=1, keepdims=True)
        e = np.exp(logits)
        return e / e.sum(axis=1, keepdims=True)


LM_WEIGHTS = "lm.npz"


class LanguageModelEncoder:
    """Frozen states of the pretrained bidirectional language model (:mod:`quellen.training.lm`): for each
    token, the forward LSTM's state (the article up to it) and the backward one's (the article from it on)."""

    def __init__(self, path: Path):
        with np.load(path) as z:
            w = {k: z[k].astype(np.float32) for k in z.files}
        self.fw = (w["f_wih"], w["f_whh"], w["f_b"])
        self.bw = (w["b_wih"], w["b_whh"], w["b_b"])
        self.dim = 2 * self.fw[1].shape[1]

    def states(self, vecs: np.ndarray) -> np.ndarray:
        """(n, 2 * hidden) states for the floret vectors of one article."""
        if not len(vecs):
            return np.zeros((0, self.dim), dtype=np.float32)
        return NeuralTagger._bilstm(np.asarray(vecs, dtype=np.float32), self.fw, self.bw)

    def extend(self, vecs: np.ndarray) -> np.ndarray:
        """The floret vectors with the language-model states appended: the scorer's vector input."""
        return np.concatenate([np.asarray(vecs, dtype=np.float32), self.states(vecs)], axis=1)


LM_FEATURES = "lm_features.npz"


class LanguageModelFeatures:
    """CRF features from the language-model states: each state projected on its first principal
    components (fitted on the training articles), each component cut into quintiles (``lm3=4``)."""

    def __init__(self, encoder: LanguageModelEncoder, mean: np.ndarray, components: np.ndarray, edges: np.ndarray):
        self.encoder, self.mean, self.components, self.edges = encoder, mean, components, edges

    @classmethod
    def fit(cls, encoder: LanguageModelEncoder, vecs: Sequence[np.ndarray], k: int = 16, seed: int = 0
            ) -> "LanguageModelFeatures":
        states = np.concatenate([encoder.states(v) for v in vecs])
        rng = np.random.default_rng(seed)
        sample = states[rng.choice(len(states), min(len(states), 50000), replace=False)]
        mean = sample.mean(axis=0)
        _, _, vt = np.linalg.svd(sample - mean, full_matrices=False)
        proj = (sample - mean) @ vt[:k].T
        edges = np.quantile(proj, [0.2, 0.4, 0.6, 0.8], axis=0).T       # (k, 4)
        return cls(encoder, mean.astype(np.float32), vt[:k].astype(np.float32), edges.astype(np.float32))

    @classmethod
    def load(cls, model_dir: Path) -> "LanguageModelFeatures":
        with np.load(Path(model_dir) / LM_FEATURES) as z:
            return cls(LanguageModelEncoder(Path(model_dir) / LM_WEIGHTS), z["mean"], z["components"], z["edges"])

    def save(self, model_dir: Path) -> None:
        np.savez_compressed(Path(model_dir) / LM_FEATURES, mean=self.mean, components=self.components, edges=self.edges)

    def features(self, vecs: np.ndarray) -> list[list[str]]:
        if not len(vecs):
            return []
        proj = (self.encoder.states(vecs) - self.mean) @ self.components.T
        bins = np.stack([np.searchsorted(self.edges[d], proj[:, d]) for d in range(proj.shape[1])], axis=1)
        return [[f"lm{d}={b}" for d, b in enumerate(row)] for row in bins.tolist()]


def token_vectors(vectors, tokens: Sequence[str]) -> np.ndarray:
    """(n, dim) floret vectors of ``tokens`` from a spaCy vector table (strings are added to its store,
    which floret needs to rebuild a vector from the word's character n-grams)."""
    strings = vectors.strings
    keys = [strings.add(t) for t in tokens]
    if not keys:
        return np.zeros((0, vectors.shape[1]), dtype=np.float32)
    v = vectors.get_batch(keys)
    return np.asarray(v.get() if hasattr(v, "get") else v, dtype=np.float32)


def _pbucket(p: float) -> str:
    if p < 0.1:
        return "0"
    if p < 0.3:
        return "1"
    if p < 0.5:
        return "2"
    if p < 0.7:
        return "3"
    if p < 0.9:
        return "4"
    return "5"


def stack_features(probs: np.ndarray, labels: Sequence[str]) -> list[list[str]]:
    """CRF features from the tagger's probabilities: best label, P(inside a message) bucket, best form,
    P(begin) bucket, and the best labels of the neighbours."""
    n = probs.shape[0]
    if n == 0:
        return []
    o = labels.index("O")
    forms = sorted({lab[2:] for lab in labels if lab != "O"})
    form_cols = {f: [k for k, lab in enumerate(labels) if lab != "O" and lab[2:] == f] for f in forms}
    b_cols = [k for k, lab in enumerate(labels) if lab.startswith("B-")]
    best = probs.argmax(axis=1)
    form_p = np.stack([probs[:, cols].sum(axis=1) for cols in form_cols.values()], axis=1)
    best_form = form_p.argmax(axis=1)
    p_in = 1.0 - probs[:, o]
    p_b = probs[:, b_cols].sum(axis=1)
    names = list(form_cols)
    out = []
    for i in range(n):
        lab = labels[best[i]]
        f = ["nn=" + lab, "nni=" + _pbucket(float(p_in[i])), "nnb=" + _pbucket(float(p_b[i]))]
        if p_in[i] >= 0.1:
            f.append("nnf=" + names[best_form[i]] + _pbucket(float(p_in[i])))
        f.append("nn-1=" + (labels[best[i - 1]] if i > 0 else "<s>"))
        f.append("nn+1=" + (labels[best[i + 1]] if i + 1 < n else "</s>"))
        out.append(f)
    return out
