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
