"""Fuzz quellen end to end (thin CLI over quellen.fuzz.driver.run).

    python scripts/fuzz.py --inputs 100000 --corpus examples/articles [--corpus ../shared/seeds ...] \
        --seed 1 --workers 2 --workdir build/fuzz [--big] [--tiny 100000]
    python scripts/fuzz.py --seed 1 --index 1234 --corpus examples/articles   # regenerate and rerun one input

Prints progress every --progress inputs and a final summary line; reproducers land in WORKDIR/crashes/.
Exit status 1 when there was any crash or invariant violation, else 0.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--inputs", type=int, default=1000, help="how many inputs to generate (default 1000)")
    ap.add_argument("--corpus", action="append", type=Path, help="real articles to mutate (repeatable; default "
                    "examples/articles)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workers", type=int, default=1, help="analysis processes (the store writer stays here)")
    ap.add_argument("--workdir", type=Path, default=ROOT / "build" / "fuzz")
    ap.add_argument("--index", type=int, action="append", help="only these input indices (reproduce a crash)")
    ap.add_argument("--big", action="store_true", help="also a 50 MB input of each format (must fail fast)")
    ap.add_argument("--tiny", type=int, default=0, metavar="N", help="also N tiny files in one folder")
    ap.add_argument("--progress", type=int, default=1000, help="print counts every N inputs")
    ap.add_argument("--hang", type=float, default=300.0, help="dump stacks of an input running this many seconds")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT / "src"))
    from quellen.fuzz.driver import run

    corpus = args.corpus or [ROOT / "examples" / "articles"]
    summary = run(args.inputs, corpus, args.seed, args.workdir, workers=args.workers,
                  progress_every=args.progress, indices=args.index, big=args.big, tiny=args.tiny,
                  hang_s=args.hang, log=lambda m: print(m, flush=True))
    rate = summary.inputs / summary.seconds if summary.seconds else 0.0
    print(f"failures by stage: {dict(summary.failures_by_stage)}; kinds: {dict(summary.kinds)}; "
          f"{summary.seconds:.0f} s, {rate:.1f} inputs/s")
    for stage, reasons in summary.warning_reasons.items():
        print(f"warnings from {stage}: {len(reasons)} distinct reasons; most common: "
              f"{reasons.most_common(3)}")
    for index, kind, first in summary.crash_list[:50]:
        print(f"CRASH input {index} ({kind}): {first}")
    for index, kind, first in summary.violation_list[:50]:
        print(f"VIOLATION input {index} ({kind}): {first}")
    if summary.crashes or summary.violations:
        print(f"reproducers: {args.workdir / 'crashes'}")
    print(summary.line(), flush=True)
    return 1 if summary.crashes or summary.violations else 0


if __name__ == "__main__":
    sys.exit(main())
