"""The parent's side of a fuzz run: store each result, check it, count it, keep a reproducer of what went wrong.

Why apart from the driver: this is the part that decides what a crash and a violation *are*, and it runs in the
one process that writes the database (workers only generate and analyse). Kept small and separate so that the
rules can be read in one place:

* **crashes**: an exception escaping ``list_inputs``/``iter_inputs``/``Pipeline.analyse_or_fail``/``Store.save``/
  ``Store.record_failure``; a reader bug caught by ingest's last resort (``could not read: …``); or a readable
  article that the analysis gave up on because of an exception rather than because of the article
  (:func:`lost_article`: a ``Failure`` of the old catch-all stage ``analyse``, a reason in the form of an
  exception with its place, ``TypeError: … (link/x.py:12)``, or a ``timeout`` — the inputs are at most 60,000
  characters, far from any real limit);
* **violations**: what :mod:`quellen.fuzz.invariants` finds in a document (or in what ingest yields).

Every crash and violation leaves a reproducer in ``workdir/crashes/<index>/``: the input files as written,
``report.txt`` (what went wrong, with tracebacks and what quellen logged) and ``meta.json`` (seed, index, kind,
mutators; ``scripts/fuzz.py --seed S --index I`` regenerates and reruns exactly that input).
"""
from __future__ import annotations

import json
import re
import shutil
import traceback
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..model import Document, Failure
from .invariants import check_document, check_store

EXPECTED_ANALYSE_FAILURE = re.compile(r"empty article|oversized|too long|exceeds|over the .*limit", re.I)
# what quellen.faults.describe makes of an exception: "KeyError: 'x' (link/speakers.py:198)", "RecursionError: …"
_EXCEPTION_REASON = re.compile(r"^[A-Z]\w*(?:Error|Exception|Exit|Interrupt|Timeout)\b(?::|\s*\(|$)")


@dataclass
class Outcome:
    """One item ingest yielded for an input, and what the analysis made of it (a Document or a Failure)."""

    source: str
    result: Document | Failure | None
    from_ingest: bool
    raw_violations: list[str] = field(default_factory=list)


@dataclass
class InputResult:
    index: int
    category: str
    kind: str
    ops: list[str]
    folder: str
    outcomes: list[Outcome] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)        # "stage: traceback / reason"
    violations: list[str] = field(default_factory=list)
    logged: list[str] = field(default_factory=list)         # what quellen logged meanwhile
    seconds: float = 0.0


def lost_article(f: Failure) -> str | None:
    """Why the analysis's ``Failure`` ``f`` counts as a crash (an article lost to a bug), or None when it is a
    failure of the article itself (empty after cleaning, no main text in the HTML, over a size limit)."""
    if f.stage == "timeout":
        return "timed out"
    if f.stage == "analyse" and not EXPECTED_ANALYSE_FAILURE.search(f.reason):
        return "exception in the analysis"
    if _EXCEPTION_REASON.match(f.reason):
        return f"exception in stage {f.stage}"
    return None


@dataclass
class Summary:
    inputs: int = 0
    documents: int = 0
    failures: int = 0
    crashes: int = 0
    violations: int = 0
    warnings: int = 0
    failures_by_stage: Counter = field(default_factory=Counter)
    failure_reasons: Counter = field(default_factory=Counter)
    warnings_by_stage: Counter = field(default_factory=Counter)
    warning_reasons: dict = field(default_factory=dict)          # stage -> Counter of reasons
    kinds: Counter = field(default_factory=Counter)
    crash_list: list = field(default_factory=list)              # (index, kind, first line)
    violation_list: list = field(default_factory=list)
    slowest: list = field(default_factory=list)                 # (seconds, index, kind)
    seconds: float = 0.0
    special: dict = field(default_factory=dict)

    def line(self) -> str:
        w = ", ".join(f"{s}: {n}" for s, n in self.warnings_by_stage.most_common())
        return (f"fuzz: {self.inputs} inputs, {self.documents} documents, {self.failures} failures, "
                f"{self.crashes} crashes, {self.violations} violations, {self.warnings} warnings ({w or '-'})")

    def to_dict(self) -> dict:
        d = asdict(self)
        d["warning_reasons"] = {k: dict(v.most_common()) for k, v in self.warning_reasons.items()}
        for k in ("failures_by_stage", "failure_reasons", "warnings_by_stage", "kinds"):
            d[k] = dict(getattr(self, k).most_common())
        return d


def _reason_class(reason: str) -> str:
    return re.sub(r"\d+", "N", reason.split(":", 1)[0].split(" (", 1)[0])[:60]


class Runner:
    """Owns the store (the single writer), the counts and the reproducers."""

    def __init__(self, workdir: Path, seed: int, log=print, rotate_every: int = 5000):
        self.workdir, self.seed, self.log = Path(workdir), seed, log
        self.crash_dir = self.workdir / "crashes"
        self.summary = Summary()
        self.rotate_every = rotate_every
        self._db_n = 0
        self.store = self._new_store()

    def _new_store(self):
        from ..store import Store

        path = self.workdir / f"fuzz-{self._db_n}.db"
        path.unlink(missing_ok=True)
        return Store(str(path))

    def rotate(self) -> None:
        """A fresh database every ``rotate_every`` inputs keeps a 100k run's disk use bounded."""
        old = Path(self.store.url.removeprefix("sqlite:///"))
        self.store.close()
        old.unlink(missing_ok=True)
        self._db_n += 1
        self.store = self._new_store()

    def handle(self, res: InputResult, count_input: bool = True) -> None:
        """Store, check and count what one input gave (``count_input=False`` for the load cases)."""
        s = self.summary
        s.inputs += count_input
        s.kinds[res.category] += 1
        crashes, violations = list(res.crashes), list(res.violations)
        for out in res.outcomes:
            violations += [f"ingest ({out.source}): {v}" for v in out.raw_violations]
            r = out.result
            if isinstance(r, Failure):
                s.failures += 1
                s.failures_by_stage[r.stage] += 1
                s.failure_reasons[f"{r.stage}: {_reason_class(r.reason)}"] += 1
                if out.from_ingest and r.reason.startswith("could not read:"):
                    crashes.append(f"reader bug caught by ingest's last resort ({r.source}): {r.reason}")
                elif not out.from_ingest and (why := lost_article(r)):
                    crashes.append(f"article lost ({why}; {r.source}): {r.reason}")
                try:
                    self.store.record_failure(r)
                except Exception:  # noqa: BLE001
                    crashes.append("Store.record_failure raised:\n" + traceback.format_exc())
            elif isinstance(r, Document):
                s.documents += 1
                for w in r.warnings:
                    s.warnings += 1
                    s.warnings_by_stage[w.stage] += 1
                    s.warning_reasons.setdefault(w.stage, Counter())[w.reason] += 1
                if r.source != out.source:
                    violations.append(f"document source {r.source!r} != the ingested {out.source!r}")
                try:
                    self.store.save(r)
                except Exception:  # noqa: BLE001
                    crashes.append(f"Store.save raised ({r.source}):\n" + traceback.format_exc())
                    continue
                try:
                    d = r.to_dict()
                except Exception:  # noqa: BLE001
                    violations.append("Document.to_dict raised:\n" + traceback.format_exc())
                    continue
                violations += [f"{r.source}: {v}" for v in check_document(d) + check_store(self.store, d)]
        s.slowest = sorted(s.slowest + [(round(res.seconds, 3), res.index, res.kind)], reverse=True)[:10]
        if crashes or violations:
            s.crashes += len(crashes)
            s.violations += len(violations)
            s.crash_list += [(res.index, res.kind, c.splitlines()[0][:200]) for c in crashes]
            s.violation_list += [(res.index, res.kind, v[:300]) for v in violations]
            self.reproducer(res, crashes, violations)

    def reproducer(self, res: InputResult, crashes: list[str], violations: list[str]) -> Path:
        dest = self.crash_dir / f"{res.index:07d}"
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        _copy_input(Path(res.folder), dest / "input")
        meta = {"seed": self.seed, "index": res.index, "category": res.category, "kind": res.kind,
                "mutators": res.ops, "crashes": len(crashes), "violations": len(violations),
                "replay": f"python scripts/fuzz.py --seed {self.seed} --index {res.index} --corpus …"}
        (dest / "meta.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False), encoding="utf-8")
        parts = [f"input {res.index} ({res.kind}, mutators {res.ops})"]
        parts += [f"CRASH {c}" for c in crashes] + [f"VIOLATION {v}" for v in violations]
        parts += [f"LOGGED {t}" for t in res.logged]
        (dest / "report.txt").write_text("\n\n".join(parts) + "\n", encoding="utf-8", errors="backslashreplace")
        return dest


def _copy_input(src: Path, dest: Path, most_bytes: int = 20 * 2**20, most_files: int = 200) -> None:
    """The input as written, unless it is one of the load cases (then a note: they are regenerated by flag)."""
    files = [src] if src.is_file() else [p for p in src.rglob("*") if p.is_file()] if src.exists() else []
    if len(files) > most_files or sum(p.stat().st_size for p in files[:most_files + 1]) > most_bytes:
        dest.mkdir(parents=True)
        (dest / "NOT-COPIED.txt").write_text(f"{src}: {len(files)} files, too large to keep; rerun with the same "
                                             "--big/--tiny flags to regenerate\n", encoding="utf-8")
    elif src.is_file():
        dest.mkdir(parents=True)
        shutil.copy2(src, dest / src.name)
    elif src.exists():
        shutil.copytree(src, dest)


__all__ = ["Runner", "Summary", "InputResult", "Outcome", "lost_article", "EXPECTED_ANALYSE_FAILURE"]
