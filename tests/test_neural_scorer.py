"""The BiLSTM message scorer: the NumPy run time must compute what PyTorch trained, and its stacked features
must say where the messages are."""
from __future__ import annotations

import numpy as np
import pytest

from quellen.attribution.neural import NeuralTagger, stack_features


def _toy_data(seed: int = 0):
    """Tokens inside quotation marks are messages: a pattern the LSTM must carry across tokens."""
    rng = np.random.default_rng(seed)
    feats, vecs, labels = [], [], []
    for _ in range(40):
        n = int(rng.integers(8, 30))
        f, y, inside = [], [], False
        for i in range(n):
            if rng.random() < 0.15:
                f.append(["b", "w=„" if not inside else "w=“"])
                y.append("O")
                inside = not inside
                continue
            f.append(["b", f"w={int(rng.integers(6))}"])
            y.append(("I-Direct" if y and y[-1] != "O" else "B-Direct") if inside else "O")
        feats.append(f)
        vecs.append(rng.normal(size=(n, 6)).astype(np.float32))
        labels.append(y)
    return feats, vecs, labels


def test_numpy_inference_matches_torch(tmp_path):
    pytest.importorskip("torch", reason="training the optional scorer needs PyTorch: bash scripts/setup.sh neural")
    from quellen.training.neural import train_tagger

    feats, vecs, labels = _toy_data()
    names = ["O", "B-Direct", "I-Direct"]
    model = train_tagger(feats, vecs, labels, names, {"epochs": 25, "min_count": 1, "hidden": 12, "emb": 8,
                                                       "vec_proj": 4, "lr": 1e-2, "threads": 1}, seed=0)
    model.export(tmp_path)
    runtime = NeuralTagger(tmp_path)
    for f, v in zip(feats[:5], vecs[:5]):
        assert np.abs(model.probs(f, v) - runtime.probs(f, v)).max() < 1e-3   # float16 embeddings
    # it learned the quotation state, which no single token's features show
    correct = total = 0
    for f, v, y in zip(feats, vecs, labels):
        pred = runtime.probs(f, v).argmax(axis=1)
        correct += sum((names[p] != "O") == (g != "O") for p, g in zip(pred, y))
        total += len(y)
    assert correct / total > 0.9


def test_stack_features_name_best_label_and_confidence():
    probs = np.array([[0.95, 0.03, 0.02], [0.05, 0.85, 0.1], [0.2, 0.1, 0.7]], dtype=np.float32)
    feats = stack_features(probs, ["O", "B-Direct", "I-Direct"])
    assert feats[0][0] == "nn=O" and "nni=0" in feats[0]
    assert feats[1][0] == "nn=B-Direct" and "nni=5" in feats[1] and "nnf=Direct5" in feats[1]
    assert "nn-1=B-Direct" in feats[2] and "nn+1=</s>" in feats[2]

