"""Train the article-level BiLSTM message scorer (:mod:`quellen.attribution.neural`) with PyTorch.

PyTorch is a training-only dependency (``pip install torch==2.13.0``, the CPU build); the weights are exported
to NumPy arrays, which is all the run time reads. Seeded (``torch.manual_seed`` and a seeded batch order);
CPU results can still differ in the last bits with another thread count or machine.
"""
from __future__ import annotations

import json
import logging
import time
from collections import Counter
from pathlib import Path
from typing import Sequence

import numpy as np

from ..attribution.neural import CONFIG, WEIGHTS

log = logging.getLogger(__name__)

DEFAULTS = {"emb": 64, "vec_proj": 64, "hidden": 96, "layers": 1, "dropout": 0.3, "feat_dropout": 0.1,
            "epochs": 14, "lr": 2e-3, "batch": 8, "min_count": 3, "max_features": 60000, "threads": 2}


def feature_vocabulary(feats: Sequence[Sequence[Sequence[str]]], min_count: int, max_features: int) -> list[str]:
    """Features seen in at least ``min_count`` articles, most frequent first, at most ``max_features``."""
    doc_freq: Counter[str] = Counter()
    for doc in feats:
        doc_freq.update({f for tok in doc for f in tok})
    kept = [(f, c) for f, c in doc_freq.items() if c >= min_count]
    kept.sort(key=lambda fc: (-fc[1], fc[0]))
    return [f for f, _ in kept[:max_features]]


def _encode(doc: Sequence[Sequence[str]], index: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    flat: list[int] = []
    offsets: list[int] = []
    for tok in doc:
        offsets.append(len(flat))
        flat.extend(index[f] for f in tok if f in index)
    return np.asarray(flat, dtype=np.int64), np.asarray(offsets, dtype=np.int64)


def train_tagger(feats: Sequence[Sequence[Sequence[str]]], vecs: Sequence[np.ndarray], labels: Sequence[Sequence[str]],
                 label_names: Sequence[str], params: dict | None = None, seed: int = 0,
                 vocabulary: list[str] | None = None):
    """Train on articles (features per token, floret vectors per token, gold labels). Returns a
    :class:`Trained` holding the network and its feature vocabulary."""
    import torch
    from torch import nn

    p = {**DEFAULTS, **(params or {})}
    torch.manual_seed(seed)
    torch.set_num_threads(int(p["threads"]))
    rng = np.random.default_rng(seed)
    vocab = vocabulary or feature_vocabulary(feats, p["min_count"], p["max_features"])
    index = {f: i for i, f in enumerate(vocab)}
    lab_index = {lab: i for i, lab in enumerate(label_names)}
    data = []
    for f, v, y in zip(feats, vecs, labels):
        if not len(f):
            continue
        flat, off = _encode(f, index)
        data.append((torch.from_numpy(flat), torch.from_numpy(off), torch.from_numpy(np.asarray(v, np.float32)),
                     torch.tensor([lab_index[x] for x in y], dtype=torch.long)))
    vec_dim = data[0][2].shape[1]
    net = _Net(len(vocab), vec_dim, len(label_names), p)
    opt = torch.optim.Adam(net.parameters(), lr=p["lr"])
    order = sorted(range(len(data)), key=lambda k: data[k][3].shape[0])
    batches = [order[k:k + p["batch"]] for k in range(0, len(order), p["batch"])]
    t0 = time.time()
    for epoch in range(p["epochs"]):
        net.train()
        total, count = 0.0, 0
        for bi in rng.permutation(len(batches)):
            batch = [data[k] for k in batches[bi]]
            logits = net.forward_batch(batch, feat_dropout=p["feat_dropout"])
            gold = torch.cat([b[3] for b in batch])
            loss = nn.functional.cross_entropy(logits, gold)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(net.parameters(), 5.0)
            opt.step()
            total += loss.item() * gold.shape[0]
            count += gold.shape[0]
        log.info("neural epoch %d/%d: loss %.4f (%.0fs)", epoch + 1, p["epochs"], total / max(count, 1),
                 time.time() - t0)
    net.eval()
    return Trained(net, vocab, list(label_names), p)


class Trained:
    """A trained scorer: ``probs`` with PyTorch (for the jack-knife), ``export`` for the NumPy run time."""

    def __init__(self, net, vocab: list[str], labels: list[str], params: dict):
        self.net, self.vocab, self.labels, self.params = net, vocab, labels, params
        self.index = {f: i for i, f in enumerate(vocab)}

    def probs(self, feats: Sequence[Sequence[str]], vecs: np.ndarray) -> np.ndarray:
        import torch

        if not len(feats):
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        flat, off = _encode(feats, self.index)
        with torch.no_grad():
            logits = self.net.forward_batch([(torch.from_numpy(flat), torch.from_numpy(off),
                                              torch.from_numpy(np.asarray(vecs, np.float32)), None)])
            return torch.softmax(logits, dim=1).numpy()

    def export(self, out_dir: Path) -> None:
        """Write ``neural.npz`` (embeddings as float16) and ``neural.json`` for the NumPy run time."""
        net = self.net
        w = {"emb": net.emb.weight.detach().numpy().astype(np.float16),
             "vec_w": net.vec.weight.detach().numpy(), "vec_b": net.vec.bias.detach().numpy(),
             "out_w": net.out.weight.detach().numpy(), "out_b": net.out.bias.detach().numpy()}
        for k in range(net.lstm.num_layers):
            for d, suffix in (("f", ""), ("b", "_reverse")):
                w[f"l{k}_{d}_wih"] = getattr(net.lstm, f"weight_ih_l{k}{suffix}").detach().numpy()
                w[f"l{k}_{d}_whh"] = getattr(net.lstm, f"weight_hh_l{k}{suffix}").detach().numpy()
                w[f"l{k}_{d}_b"] = (getattr(net.lstm, f"bias_ih_l{k}{suffix}")
                                    + getattr(net.lstm, f"bias_hh_l{k}{suffix}")).detach().numpy()
        out_dir = Path(out_dir)
        np.savez_compressed(out_dir / WEIGHTS, **w)
        cfg = {"labels": self.labels, "layers": net.lstm.num_layers, "features": self.vocab,
               "params": {k: v for k, v in self.params.items()}}
        (out_dir / CONFIG).write_text(json.dumps(cfg, ensure_ascii=False), encoding="utf-8")


def _net_class():
    """The network class, built on first use so that importing this module does not need PyTorch."""
    import torch
    from torch import nn
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence, pad_sequence

    class Net(nn.Module):
        def __init__(self, n_feats: int, vec_dim: int, n_labels: int, p: dict):
            super().__init__()
            self.emb = nn.EmbeddingBag(n_feats, p["emb"], mode="sum")
            nn.init.normal_(self.emb.weight, std=0.02)
            self.vec = nn.Linear(vec_dim, p["vec_proj"])
            self.lstm = nn.LSTM(p["emb"] + p["vec_proj"], p["hidden"], num_layers=p["layers"], bidirectional=True,
                                batch_first=True, dropout=p["dropout"] if p["layers"] > 1 else 0.0)
            self.drop = nn.Dropout(p["dropout"])
            self.out = nn.Linear(2 * p["hidden"], n_labels)

        def forward_batch(self, batch, feat_dropout: float = 0.0):
            xs = []
            for flat, off, vec, _ in batch:
                weights = None
                if self.training and feat_dropout > 0 and flat.numel():
                    weights = (torch.rand(flat.shape[0]) >= feat_dropout).float()
                bag = self.emb(flat, off, per_sample_weights=weights)
                xs.append(torch.cat([bag, self.vec(vec)], dim=1))
            lengths = torch.tensor([x.shape[0] for x in xs])
            padded = self.drop(pad_sequence(xs, batch_first=True))
            packed = pack_padded_sequence(padded, lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.lstm(packed)
            h, _ = pad_packed_sequence(h, batch_first=True)
            h = self.drop(h)
            rows = torch.cat([h[k, :n] for k, n in enumerate(lengths.tolist())])
            return self.out(rows)

    return Net


def _Net(*args):  # noqa: N802 - stands for the class
    return _net_class()(*args)
