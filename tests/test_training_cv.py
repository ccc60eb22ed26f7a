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
