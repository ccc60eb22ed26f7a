"""``quellen spkatt``: the speaker-attribution task format (predict, evaluate)."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Speaker-attribution task format (German news): predict and evaluate.")
log = logging.getLogger(__name__)


@app.command()
def predict(
    in_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of task-format *.json articles."),
    out_dir: Path = typer.Argument(..., help="Folder to write the same files with Annotations filled."),
    model: Optional[Path] = typer.Option(None, help="Model folder (default: the shipped model)."),
) -> None:
    """Predict Annotations for every article, using the tokenisation as given."""
    from .evaluate import predict_dir

    n, warnings, n_tok, dt = predict_dir(in_dir, out_dir, model_dir=model)
    for w in warnings:
        typer.echo(f"warning: {w}", err=True)
    typer.echo(f"{n} articles ({n_tok} tokens) written to {out_dir} in {dt:.1f}s; {len(warnings)} warnings")


@app.command()
def evaluate(
    data: Path = typer.Option(Path("../shared/data"), help="Shared data folder (holds news-spkatt/train)."),
    scorer: Optional[Path] = typer.Option(None, help="Scorer script (default: DATA/../tools/spkatt_score.py)."),
    model: Optional[Path] = typer.Option(None, help="Model folder (default: the shipped model)."),
    limit: Optional[int] = typer.Option(None, help="Score only the first N held-out articles."),
    as_json: bool = typer.Option(False, "--json", help="Print the full result as JSON."),
) -> None:
    """Score the model on the held-out news articles (every tenth of news-spkatt/train by sorted file name)."""
    from .evaluate import evaluate_heldout

    result = evaluate_heldout(data, model_dir=model, limit=limit, scorer=scorer)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    typer.echo(f"held-out: {result['heldout']} ({result['articles']} articles, gold {result['gold']}, "
               f"predicted {result['predicted']})")
    for key in ("msg", "roles", "joint", "Message", "Cue", "Source", "Addr", "Frame"):
        v = result[key]
        typer.echo(f"{key:8s} P {v['p']:.4f}  R {v['r']:.4f}  F1 {v['f1']:.4f}")
    typer.echo(f"form accuracy on pairs {result['form_accuracy_on_pairs']:.4f}")
    for w in result["warnings"]:
        typer.echo(f"warning: {w}", err=True)
    typer.echo(f"joint F1 {result['joint']['f1']:.4f}")
