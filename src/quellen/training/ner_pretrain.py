"""Pretrain the second NER's tok2vec on the unlabelled Bundestag text (``spacy pretrain``'s character objective).

Why: the NER learns from about 6,200 GermEval sentences plus the extra corpora; the Bundestag text has 24.6M
words of running German. Predicting the first and last characters of each word from its context (spaCy's
``PretrainCharacters``) teaches the tok2vec German word shapes and contexts before it sees a label; issue 13
asks for it. The tok2vec is the NER probe's (``ner_probe.ner_config``: width 96, depth 4, the shipped floret
vectors), so its weights load into ``ner_probe --init-tok2vec``.

Why its own loop and not ``spacy pretrain``: spaCy's command builds the pipeline without loading the static
vectors the tok2vec reads (``[initialize] vectors`` is not run), so the layer would train on empty vectors.
The loop is spaCy's (``create_pretraining_model``, ``make_update``); only the vectors are loaded first, and the
text is read straight from the ``.xz`` file, every ``--stride``-th paragraph, up to ``--words`` words.

    python -m quellen.training.ner_pretrain --data ../shared/data --words 6000000 --out build/ner_pretrain
"""
from __future__ import annotations

import json
import lzma
import sys
import time
from pathlib import Path

import typer

REPO = Path(__file__).resolve().parents[3]


def pretrain_config():
    """The NER probe's config with spaCy's default ``[pretraining]`` block (characters objective) filled in."""
    from spacy.language import DEFAULT_CONFIG_PRETRAIN_PATH
    from spacy.util import load_config

    from .ner_probe import ner_config

    cfg = ner_config()
    cfg["pretraining"] = load_config(DEFAULT_CONFIG_PRETRAIN_PATH)["pretraining"]
    cfg["pretraining"]["corpus"] = "corpora.pretrain"
    cfg["corpora"]["pretrain"] = {"@readers": "spacy.JsonlCorpus.v1", "path": None, "min_length": 5,
                                  "max_length": 500, "limit": 0}
    return cfg


def paragraphs(path: Path, stride: int, max_words: int, min_words: int = 5, max_len: int = 400):
    """Every ``stride``-th paragraph of ``min_words``..``max_len`` words, until ``max_words`` are given."""
    n = 0
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i % stride:
                continue
            k = len(line.split())
            if min_words <= k <= max_len:
                yield line.strip()
                n += k
                if n >= max_words:
                    return


def pretrain(raw: Path, out: Path, words: int, stride: int, vectors: Path, batch_words: int = 3000) -> Path:
    from spacy.training.pretrain import create_pretraining_model, make_update
    from spacy.util import load_model_from_config, registry
    from spacy.training.initialize import load_vectors_into_model

    import quellen.nlp.tokenizer  # noqa: F401  (registers the news tokenizer)

    cfg = pretrain_config()
    cfg["paths"]["vectors"] = str(vectors)
    nlp = load_model_from_config(cfg, auto_fill=True, validate=True)
    load_vectors_into_model(nlp, str(vectors))
    P = registry.resolve(nlp.config.interpolate()["pretraining"])
    model = create_pretraining_model(nlp, P)
    optimizer, objective = P["optimizer"], model.attrs["loss"]
    out.mkdir(parents=True, exist_ok=True)
    t0, seen, batch, n_batch, loss_sum = time.time(), 0, [], 0, 0.0
    texts = paragraphs(raw, stride, words)
    for text in texts:
        batch.append(nlp.make_doc(text))
        if sum(len(d) for d in batch) < batch_words:
            continue
        loss_sum += make_update(model, batch, optimizer, objective)
        seen += sum(len(d) for d in batch)
        n_batch += 1
        batch = []
        if n_batch % 200 == 0:
            print(json.dumps({"words": seen, "loss_per_word": round(loss_sum / seen, 4),
                              "words_per_second": round(seen / (time.time() - t0))}), file=sys.stderr, flush=True)
        if n_batch % 1000 == 0:
            _save(model, optimizer, out / "model-last.bin")
    if batch:
        loss_sum += make_update(model, batch, optimizer, objective)
        seen += sum(len(d) for d in batch)
    _save(model, optimizer, out / "model-last.bin")
    (out / "log.json").write_text(json.dumps({"words": seen, "loss_per_word": loss_sum / max(1, seen),
                                              "seconds": round(time.time() - t0), "stride": stride}) + "\n")
    return out / "model-last.bin"


def _save(model, optimizer, path: Path) -> None:
    with model.use_params(optimizer.averages):
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(model.get_ref("tok2vec").to_bytes())
        tmp.replace(path)


def main(data: Path = typer.Option(REPO.parent / "shared" / "data", "--data"),
         out: Path = typer.Option(REPO / "build" / "ner_pretrain", "--out"),
         words: int = typer.Option(6_000_000, "--words", help="Stop after this many words."),
         stride: int = typer.Option(4, "--stride", help="Take every n-th paragraph (spread over all years)."),
         workdir: Path = typer.Option(REPO / "build" / "ner_probe", "--workdir")) -> None:
    from .ner_probe import vectors_model

    weights = pretrain(Path(data) / "raw-german" / "bundestag.txt.xz", out, words, stride,
                       vectors_model(workdir / "vectors"))
    print(weights)


if __name__ == "__main__":
    typer.run(main)
