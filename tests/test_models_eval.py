"""`quellen models evaluate` on a small held-out slice: fails when the shipped pipeline falls below floors.

The floors sit below the full held-out scores in the model card (the slice is small and noisy); they
catch a broken or badly retrained pipeline, not small regressions.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from quellen.nlp import MODEL_DIR

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not DATA.exists(), reason=f"shared data not found at {DATA} (needed for held-out eval)"),
    pytest.mark.skipif(not (MODEL_DIR / "config.cfg").exists(), reason="no shipped pipeline"),
]

KEYS = ["ner_f1", "ner_precision", "ner_recall", "ner_pol_f1", "smartdata_ner_f1", "sentence_f1", "mood_sub_f1",
        "upos_accuracy",
        "lemma_accuracy", "words_per_second_1proc", "words_per_second_2proc", "models_size_mb"]
FLOORS = {"sentence_f1": 0.90, "token_f1": 0.98, "upos_accuracy": 0.90, "stts_accuracy": 0.90,
          "lemma_accuracy": 0.90, "ner_f1": 0.55, "mood_sub_f1": 0.60, "ner_pol_f1": 0.58,
          "smartdata_ner_f1": 0.45}


@pytest.fixture(scope="module")
def result():
    out = subprocess.run([sys.executable, "-m", "quellen.training.cli", "evaluate", "--data", str(DATA),
                          "--json", "--limit", "12"], capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_json_has_the_contract_keys(result):
    for k in KEYS:
        assert k in result, k
    for k in ("ner_f1", "sentence_f1", "upos_accuracy", "lemma_accuracy"):
        assert 0.0 <= result[k] <= 1.0
    assert set(result["ner_per_type"]) == {"PER", "ORG", "LOC", "MISC"}


@pytest.mark.parametrize("key", sorted(FLOORS))
def test_scores_above_floor(result, key):
    assert result[key] >= FLOORS[key], f"{key}={result[key]:.3f} below floor {FLOORS[key]}"


def test_speed_size_and_load(result):
    assert result["words_per_second_1proc"] > 2000   # loose: CI machines vary; model card has the real number
    assert result["models_size_mb"] <= 50
    assert result["load_seconds"] < 5
