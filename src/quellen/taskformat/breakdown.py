"""Where a speaker-attribution score is lost: detection (annotations found or not) against roles (spans of
the annotations found), per Form.

The shared scorer prints one joint F1. To decide what to work on, that number has to be split. The pairing is
the scorer's own (its ``load``, ``assign`` and ``token_f1``), so the counts here add up to what it scores:

- *missed*: a gold annotation whose paired prediction shares no Message token with it (or that has no pair);
- *spurious*: a prediction whose paired gold annotation shares no Message token with it (or that has none);
- *found*: the rest. Role precision and recall over found pairs show what the taggers get right once an
  annotation is found; the share of all recall entries lost to missed annotations shows what detection costs.

    quellen spkatt breakdown GOLD_DIR PRED_DIR
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path
from typing import Any


def breakdown(gold_dir: Path, pred_dir: Path, scorer: Any) -> dict[str, Any]:
    """Detection and role figures for the predictions in ``pred_dir`` against ``gold_dir`` (same file names).
    ``scorer`` is the loaded shared scorer module (:func:`quellen.taskformat.evaluate.load_scorer`)."""
    roles = scorer.ROLES
    gold_n: Counter = Counter()
    missed: Counter = Counter()
    spurious: Counter = Counter()
    pred_n: Counter = Counter()
    recall_by_form: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    found_p: dict[str, list[float]] = defaultdict(list)
    found_r: dict[str, list[float]] = defaultdict(list)
    lost_to_missed = 0.0
    recall_entries = 0
    for gold_file in sorted(Path(gold_dir).glob("*.json")):
        gold = scorer.load(gold_file)
        pred_file = Path(pred_dir) / gold_file.name
        pred = scorer.load(pred_file) if pred_file.exists() else []
        # the scorer's pairs (gold index -> prediction index); found: those whose Messages share a token
        partner = {i: j for j, i in scorer.assign(pred, gold)}
        found_pair = {i: j for i, j in partner.items()
                      if scorer.token_f1(gold[i]["roles"]["Message"], pred[j]["roles"]["Message"]) > 0}
        found_preds = set(found_pair.values())
        for j, p in enumerate(pred):
            pred_n[p["form"]] += 1
            if j not in found_preds:
                spurious[p["form"]] += 1
        for i, g in enumerate(gold):
            form = g["form"]
            gold_n[form] += 1
            found = i in found_pair
            p = pred[partner[i]] if i in partner else None     # the scorer also scores roles of unfound pairs
            if not found:
                missed[form] += 1
            for r in roles:
                gs = set(g["roles"][r])
                ps = set(p["roles"][r]) if p is not None else set()
                if gs:
                    rec = len(gs & ps) / len(gs)
                    recall_by_form[form][r].append(rec)
                    recall_entries += 1
                    if not found:
                        lost_to_missed += 1.0
                    if found:
                        found_r[r].append(rec)
                if found and ps:
                    found_p[r].append(len(gs & ps) / len(ps))

    def mean(values: list[float]) -> float:
        return round(sum(values) / len(values), 4) if values else 0.0

    forms = sorted(set(gold_n) | set(pred_n), key=lambda f: (-gold_n[f], str(f)))
    return {
        "gold": sum(gold_n.values()),
        "predicted": sum(pred_n.values()),
        "missed": sum(missed.values()),
        "spurious": sum(spurious.values()),
        "recall_entries": recall_entries,
        "recall_lost_to_missed": round(lost_to_missed / recall_entries, 4) if recall_entries else 0.0,
        "by_form": {
            str(f): {"gold": gold_n[f], "missed": missed[f], "predicted": pred_n.get(f, 0),
                     "spurious": spurious.get(f, 0),
                     "recall": {r: mean(recall_by_form[f][r]) for r in roles if recall_by_form[f][r]}}
            for f in forms
        },
        "found_pairs": {r: {"p": mean(found_p[r]), "r": mean(found_r[r]), "n_pred": len(found_p[r]),
                            "n_gold": len(found_r[r])} for r in roles},
    }


def format_breakdown(b: dict[str, Any]) -> list[str]:
    """The breakdown as printable lines."""
    lines = [f"gold {b['gold']}, predicted {b['predicted']}: missed {b['missed']} gold annotations "
             f"(no prediction shares a Message token), {b['spurious']} spurious predictions; "
             f"{b['recall_lost_to_missed']:.1%} of all role recall entries belong to missed annotations"]
    lines.append("by gold Form (mean recall per role, over all gold annotations of the Form):")
    for form, v in b["by_form"].items():
        rec = "  ".join(f"{r} {x:.2f}" for r, x in v["recall"].items())
        lines.append(f"  {form:22s} gold {v['gold']:5d}  missed {v['missed']:5d}  "
                     f"predicted {v['predicted']:5d}  spurious {v['spurious']:5d}  {rec}")
    lines.append("roles on found pairs (prediction and gold share Message tokens):")
    for r, v in b["found_pairs"].items():
        lines.append(f"  {r:8s} P {v['p']:.3f} ({v['n_pred']})  R {v['r']:.3f} ({v['n_gold']})")
    return lines
