"""Fixed, documented train/held-out splits. Every trainer and evaluator takes its split from here.

- news-spkatt/train: articles sorted by file name; every tenth (index % 10 == 0) is HELD OUT (70 articles),
  never seen by any training (sentence segmentation, attribution). The rest (630) is for training.
"""
from __future__ import annotations

from pathlib import Path


def spkatt_files(data: Path) -> list[Path]:
    return sorted((Path(data) / "news-spkatt" / "train").glob("*.json"), key=lambda p: p.name)


def spkatt_split(data: Path) -> tuple[list[Path], list[Path]]:
    """(train, heldout) article files of news-spkatt/train."""
    files = spkatt_files(data)
    heldout = [f for i, f in enumerate(files) if i % 10 == 0]
    train = [f for i, f in enumerate(files) if i % 10 != 0]
    return train, heldout


# ---------------------------------------------------------------------------- German models (issue 2)
# UD German: HELD OUT = every 4th sentence (index % 4 == 0) of de_gsd-ud-test and of de_pud-ud-test.
#   Training: de_gsd-ud-dev (minus the monitoring slice) + the other 3/4 of GSD test and PUD test.
#   Monitoring (model selection during training, never reported): de_gsd-ud-dev index % 10 == 0.
# GermEval 2014: HELD OUT = every 5th sentence (index % 5 == 0) of NER-de-test.tsv (1,020 sentences).
#   Training: NER-de-dev.tsv (minus monitoring) + the other 4/5 of NER-de-test.tsv.
#   Monitoring: NER-de-dev.tsv index % 10 == 0.
# news-spkatt: the 70 held-out articles above are only evaluated on; of the 630 training articles every
#   30th (index % 30 == 0 within the training list) is the monitoring slice.

UD_HELDOUT_EVERY = 4
UD_MONITOR_EVERY = 10
NER_HELDOUT_EVERY = 5
NER_MONITOR_EVERY = 10
SPKATT_MONITOR_EVERY = 30


def split_list(items: list, every: int) -> tuple[list, list]:
    """(rest, held) where held = items whose index % every == 0."""
    return ([x for i, x in enumerate(items) if i % every != 0],
            [x for i, x in enumerate(items) if i % every == 0])
