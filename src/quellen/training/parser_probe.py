"""One-off probe: would a dependency parser earn its place? Trains tok2vec+parser on the UD training part
and reports LAS on the held-out UD part. Not shipped (see model card); run by hand:

    python -m quellen.training.parser_probe ../shared/data build/parser_probe
"""
from __future__ import annotations

import sys
from pathlib import Path

from spacy.tokens import DocBin
from spacy.vocab import Vocab

from . import corpora

CFG = """
[paths]
train = null
dev = null
vectors = null
[system]
seed = 0
gpu_allocator = null
[nlp]
lang = "de"
pipeline = ["tok2vec","parser"]
batch_size = 256
[nlp.tokenizer]
@tokenizers = "quellen.news_tokenizer.v1"
[components]
[components.tok2vec]
factory = "tok2vec"
[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"
[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = 96
attrs = ["NORM","PREFIX","SUFFIX","SHAPE"]
rows = [5000,1000,2500,2500]
include_static_vectors = true
[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 1
maxout_pieces = 3
[components.parser]
factory = "parser"
[components.parser.model]
@architectures = "spacy.TransitionBasedParser.v2"
state_type = "parser"
extra_state_tokens = false
hidden_width = 64
maxout_pieces = 2
use_upper = true
[components.parser.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = 96
upstream = "tok2vec"
[corpora]
[corpora.train]
@readers = "spacy.Corpus.v1"
path = ${paths.train}
gold_preproc = true
[corpora.dev]
@readers = "spacy.Corpus.v1"
path = ${paths.dev}
gold_preproc = true
[training]
dev_corpus = "corpora.dev"
train_corpus = "corpora.train"
seed = 0
dropout = 0.1
max_steps = 2500
max_epochs = 0
patience = 0
eval_frequency = 500
[training.batcher]
@batchers = "spacy.batch_by_words.v1"
discard_oversize = false
tolerance = 0.2
[training.batcher.size]
@schedules = "compounding.v1"
start = 100
stop = 1000
compound = 1.001
[training.optimizer]
@optimizers = "Adam.v1"
[training.score_weights]
dep_las = 1.0
[initialize]
vectors = ${paths.vectors}
"""


def main(data: Path, out: Path, vectors: Path) -> None:
    from spacy.cli.train import train

    import quellen.nlp  # noqa: F401

    out.mkdir(parents=True, exist_ok=True)
    parts = corpora.ud_parts(data)
    for name, part in (("train", "train"), ("heldout", "heldout")):
        db = DocBin()
        for sents, _ in parts[part]:
            for s in sents:
                db.add(corpora.ud_doc(Vocab(), [s], with_deps=True))
        db.to_disk(out / f"{name}.spacy")
    from spacy.lang.de import German
    from spacy.util import load_config_from_str

    German.default_config.merge(load_config_from_str(CFG, interpolate=False)).to_disk(out / "parser.cfg")
    # dev = held-out here on purpose: this probe only reports LAS, nothing is selected or shipped
    train(out / "parser.cfg", out / "model", overrides={"paths.train": str(out / "train.spacy"),
                                                         "paths.dev": str(out / "heldout.spacy"),
                                                         "paths.vectors": str(vectors)})


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]) if len(sys.argv) > 3 else
         Path("build/final/vectors"))
