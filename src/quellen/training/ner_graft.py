"""Put an NER with its own tok2vec into a pipeline, in place of the one on the shared tok2vec (shipped since
2026-12-07: docs/who.md, sections 6-8).

Why: the extra NER corpora (SmartData, Europarl, legal) help news NER only when the tok2vec learns from them,
and the one tok2vec shared by senter, morphologizer and tagger lost sentence boundaries and Konjunktiv when it
did (docs/who.md, section 5). An NER that embeds for itself learns from all of them and leaves the shared
tok2vec — and everything attribution stands on — exactly as it was. The old NER stays too, renamed
``attribution_ner``: its entities go to ``doc.spans["attribution_ents"]``, which the attribution models read
(they were trained with them; retrained with the new NER's they scored lower), and ``doc.ents`` holds the new
NER's, which the entity layer reads. It costs one more CNN pass per token (``bench/bench_pipeline.py``).

    python -m quellen.training.ner_graft --ner build/ner_probe/<run>/model/model-last \\
        --pipeline src/quellen/data/models/de_quellen --out build/candidate/de_quellen
"""
from __future__ import annotations

import shutil
from pathlib import Path

import typer


def graft(pipeline: Path, ner_model: Path, dest: Path) -> Path:
    """Copy ``pipeline`` to ``dest`` with its ``ner`` replaced by ``ner_model``'s, whose tok2vec it takes along.

    The NER model must have been trained on the pipeline's own vector table (``ner_probe.vectors_model``):
    its static-vector layer reads the vectors of the pipeline it runs in."""
    import spacy

    import quellen.nlp  # noqa: F401  (registers the tokenizer, the cached vectors and the rule components)
    from quellen.nlp import load_pipeline

    nlp = load_pipeline(str(pipeline), typed=False)
    donor = spacy.load(ner_model)
    if donor.vocab.vectors.shape != nlp.vocab.vectors.shape:
        raise ValueError(f"{ner_model}: vectors {donor.vocab.vectors.shape} differ from the pipeline's "
                         f"{nlp.vocab.vectors.shape}; train it on the shipped vectors")
    if "tok2vec" in donor.pipe_names and "ner" in donor.get_pipe("tok2vec").listening_components:
        donor.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
    if "attribution_ner" in nlp.pipe_names:            # grafted before: replace only the entity layer's NER
        nlp.remove_pipe("ner")
        if "quellen_ner_combine" in nlp.pipe_names:
            nlp.remove_pipe("quellen_ner_combine")
    else:                                              # the NER attribution was trained with stays, renamed
        nlp.rename_pipe("ner", "attribution_ner")
        nlp.add_pipe("quellen_attribution_ents", after="attribution_ner")
    nlp.add_pipe("ner", source=donor, after="quellen_attribution_ents")
    if "quellen_ner_combine" not in nlp.pipe_names:    # the first NER's whole names where the second misses them
        nlp.add_pipe("quellen_ner_combine", after="ner")
    for key in ("train", "dev", "vectors"):
        nlp.config["paths"][key] = None
    tmp = dest.with_name(dest.name + ".tmp")
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(tmp)
    if dest.exists():
        shutil.rmtree(dest)
    tmp.rename(dest)
    return dest


def main(ner: Path = typer.Option(..., "--ner", help="A trained tok2vec + ner pipeline (ner_probe's model-last)."),
         pipeline: Path = typer.Option(Path(__file__).resolve().parents[1] / "data" / "models" / "de_quellen",
                                       "--pipeline", help="The pipeline whose NER is replaced."),
         out: Path = typer.Option(..., "--out", help="Where the new pipeline goes.")) -> None:
    print(graft(pipeline, ner, out))


if __name__ == "__main__":
    typer.run(main)
