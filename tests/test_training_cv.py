"""Cross-validation folds of the attribution trainer: every training article is predicted exactly once, by a
model that did not see it, and no held-out article is ever used."""
from pathlib import Path

import pytest

from quellen.training.attribution import cv_fold_files
from quellen.training.splits import spkatt_split

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


def test_folds_partition_the_articles():
    files = [Path(f"{i:05d}.json") for i in range(23)]
    folds = [cv_fold_files(files, k, 5) for k in range(5)]
    assert sorted(f for fold in folds for f in fold) == files
    assert all(set(a).isdisjoint(b) for i, a in enumerate(folds) for b in folds[i + 1:])


@pytest.mark.skipif(not (DATA / "news-spkatt" / "train").is_dir(),
                    reason=f"news-spkatt training articles not found under {DATA}")
def test_folds_never_touch_the_heldout_articles():
    train, heldout = spkatt_split(DATA)
    folds = [cv_fold_files(train, k, 5) for k in range(5)]
    assert sum(len(f) for f in folds) == len(train) == 630
    assert not {f.name for fold in folds for f in fold} & {f.name for f in heldout}


def test_cue_quality_counts_tokens_and_annotations_found():
    """The jack-knifed cue figure the trainer logs: token P/R/F1 at the threshold, and the share of cued
    annotations with any cue token found (a two-token cue half found still counts as found)."""
    from quellen.taskformat.io import SpkattAnnotation, SpkattDoc
    from quellen.training.attribution import cue_labels, cue_quality

    doc = SpkattDoc(name="t", sentences=["Er hat gesagt , es regne .".split(), "Sie meinte , es schneie .".split()])
    doc.annotations = [
        SpkattAnnotation(cue=[(0, 1), (0, 2)], source=[(0, 0)], message=[(0, 4), (0, 5)]),
        SpkattAnnotation(cue=[(1, 1)], source=[(1, 0)], message=[(1, 3), (1, 4)]),
    ]
    y = cue_labels(doc)
    probs = [0.0] * len(y)
    probs[2] = 0.9      # "gesagt": found; "hat" and "meinte" missed
    probs[10] = 0.6     # "es" in sentence 2: a false cue
    q = cue_quality([doc], [y], [probs], threshold=0.5)
    assert q == {"p": 0.5, "r": 0.3333, "f1": 0.4, "annotations_found": 0.5}
