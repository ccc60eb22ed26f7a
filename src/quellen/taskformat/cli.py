"""``quellen spkatt``: the speaker-attribution task format (predict, evaluate, breakdown)."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Optional

import typer

app = typer.Typer(no_args_is_help=True, add_completion=False,
                  help="Speaker-attribution task format (German news): predict, evaluate, break a score down.")
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
    with_breakdown: bool = typer.Option(False, "--breakdown",
                                        help="Also split the score into detection and roles, per Form."),
) -> None:
    """Score the model on the held-out news articles (every tenth of news-spkatt/train by sorted file name)."""
    from .breakdown import format_breakdown
    from .evaluate import evaluate_heldout

    result = evaluate_heldout(data, model_dir=model, limit=limit, scorer=scorer, with_breakdown=with_breakdown)
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    typer.echo(f"held-out: {result['heldout']} ({result['articles']} articles, gold {result['gold']}, "
               f"predicted {result['predicted']})")
    for key in ("msg", "roles", "joint", "Message", "Cue", "Source", "Addr", "Frame"):
        v = result[key]
        typer.echo(f"{key:8s} P {v['p']:.4f}  R {v['r']:.4f}  F1 {v['f1']:.4f}")
    typer.echo(f"form accuracy on pairs {result['form_accuracy_on_pairs']:.4f}")
    for line in format_breakdown(result["breakdown"]) if with_breakdown else []:
        typer.echo(line)
    for w in result["warnings"]:
        typer.echo(f"warning: {w}", err=True)
    typer.echo(f"joint F1 {result['joint']['f1']:.4f}")


@app.command("breakdown")
def breakdown_cmd(
    gold_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of gold task-format articles."),
    pred_dir: Path = typer.Argument(..., exists=True, file_okay=False, help="Folder of predictions (same names)."),
    scorer: Path = typer.Option(Path("../shared/tools/spkatt_score.py"), help="The shared scorer, whose "
                                "pairing of predictions with gold annotations is used."),
    as_json: bool = typer.Option(False, "--json", help="Print the breakdown as JSON."),
) -> None:
    """Where the score is lost: gold annotations missed and predictions spurious, per Form, and role
    precision / recall on the annotations found."""
    from .breakdown import breakdown, format_breakdown
    from .evaluate import load_scorer

    if not scorer.exists():
        typer.echo(f"error: scorer not found: {scorer} (pass --scorer)", err=True)
        raise typer.Exit(2)
    result = breakdown(gold_dir, pred_dir, load_scorer(scorer))
    if as_json:
        typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        return
    for line in format_breakdown(result):
        typer.echo(line)
