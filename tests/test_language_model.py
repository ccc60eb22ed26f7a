"""The pretrained language model: the NumPy encoder must give the states PyTorch trained, each direction
reading its own way, and training must lower the loss on text with a pattern to learn."""
from __future__ import annotations

import numpy as np
import pytest

from quellen.attribution.neural import LanguageModelEncoder


def _toy_stream(seed: int = 0):
    """Ten word types with random input vectors; the text cycles through them with a little noise."""
    rng = np.random.default_rng(seed)
    table = rng.normal(size=(10, 6)).astype(np.float32)
    ids = np.array([(k % 7) if rng.random() > 0.05 else 9 for k in range(4000)], dtype=np.int64)
    return ids, table


def test_numpy_encoder_matches_torch_and_training_learns(tmp_path):
    torch = pytest.importorskip("torch", reason="pretraining the language model needs PyTorch: bash scripts/setup.sh neural")
    from quellen.training.lm import export, fit

    ids, table = _toy_stream()
    p = {"hidden": 8, "vocab": 8, "cutoffs": [4], "bptt": 10, "batch": 8, "lr": 1e-2, "steps": 150, "threads": 1,
         "dropout": 0.0}
    fwd, bwd, info = fit(ids, table, p)
    assert info["steps"] == 150 and info["perplexity"] < 3.0      # the cycle is predictable; chance is 9
    export(fwd, bwd, tmp_path, info)
    enc = LanguageModelEncoder(tmp_path / "lm.npz")
    x = table[ids[:25]]
    with torch.no_grad():
        f = fwd(torch.from_numpy(x)[None])[0][0].numpy()
        b = bwd(torch.from_numpy(x[::-1].copy())[None])[0][0].numpy()[::-1]
    states = enc.states(x)
    assert states.shape == (25, 16)
    assert np.abs(states[:, :8] - f).max() < 1e-4          # forward: the text up to each token
    assert np.abs(states[:, 8:] - b).max() < 1e-4          # backward: the text from each token on
    assert enc.extend(x).shape == (25, 6 + 16)
    assert enc.states(x[:0]).shape == (0, 16)


def test_language_model_features_are_quintiles_of_principal_components(tmp_path):
    """Saved and loaded, the CRF features are the same; each component's values fall into five bins."""
    from quellen.attribution.neural import LanguageModelFeatures

    rng = np.random.default_rng(1)
    h, d = 6, 5
    np.savez(tmp_path / "lm.npz", **{f"{x}_wih": rng.normal(size=(4 * h, d)).astype(np.float32) for x in "fb"},
             **{f"{x}_whh": rng.normal(size=(4 * h, h)).astype(np.float32) * 0.3 for x in "fb"},
             **{f"{x}_b": np.zeros(4 * h, np.float32) for x in "fb"})
    enc = LanguageModelEncoder(tmp_path / "lm.npz")
    vecs = [rng.normal(size=(int(n), d)).astype(np.float32) for n in rng.integers(20, 60, size=30)]
    lmf = LanguageModelFeatures.fit(enc, vecs, k=4)
    lmf.save(tmp_path)
    again = LanguageModelFeatures.load(tmp_path)
    feats = lmf.features(vecs[0])
    assert feats == again.features(vecs[0])
    assert len(feats) == len(vecs[0]) and all(len(f) == 4 for f in feats)
    bins = [f.split("=")[1] for v in vecs for tok in lmf.features(v) for f in tok if f.startswith("lm0=")]
    shares = [bins.count(str(b)) / len(bins) for b in range(5)]
    assert all(0.1 < s < 0.3 for s in shares)      # quintiles of the training states
    assert lmf.features(vecs[0][:0]) == []
