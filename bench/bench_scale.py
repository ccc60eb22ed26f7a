"""Memory and throughput of a whole `quellen analyze` run at 1k, 5k and 10k articles (issue 16, part 4).

The corpus: the 848 German news texts of ../shared/data/news-spkatt (train + unlabeled, detokenised as in
bench_pipeline.py), written as .txt files. Beyond 848, copy k of an article has its lines rotated by k and a first
line "Meldung k", so that every file is a distinct document with the attributions of real news. Each size is one
real run of the CLI, `quellen analyze DIR --db DB --workers 2 --no-report`, storing and then updating the claim
ledger, into a new SQLite database. While it runs, the memory of the whole process tree (the CLI and its worker
processes, read from /proc: RSS every 0.2 s, PSS every second) is summed, and the peak is kept, twice: as RSS and
as PSS. A sum of RSS counts each page shared by forked processes (the models a pool inherits copy-on-write) once
per process, so it grows with the number of processes alive at the moment; PSS (``/proc/PID/smaps_rollup``)
splits each shared page among the processes that share it, so its sum is the memory the run really holds.

    .venv/bin/python bench/bench_scale.py [--sizes 1000,5000,10000] [--workers 2] [--data ../shared/data]

Prints, per size, the wall time, the articles/s end to end, the ledger's share of the time (from the CLI's own
ledger line), the peak RSS and the peak PSS of all processes (the PSS peak also apart for the analysis and for the
ledger step, which runs last), and the counts from the database.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import ROOT, _detok  # noqa: E402

PAGE = os.sysconf("SC_PAGE_SIZE")


def texts(data: Path) -> list[str]:
    out = []
    for sub in ("train", "unlabeled"):
        for f in sorted((data / "news-spkatt" / sub).glob("*.json")):
            doc = json.loads(f.read_text(encoding="utf-8"))
            out.append("\n".join(_detok(s["Tokens"]) for s in doc["Sentences"]))
    if not out:
        sys.exit(f"no news-spkatt texts under {data}")
    return out


def corpus(base: list[str], n: int, folder: Path) -> None:
    if folder.is_dir() and len(list(folder.glob("*.txt"))) == n:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.txt"):
        old.unlink()
    for i in range(n):
        k, text = divmod(i, len(base))[0], base[i % len(base)]
        lines = text.split("\n")
        if k:
            r = k % len(lines)
            lines = [f"Meldung {k}"] + lines[r:] + lines[:r]
        (folder / f"a{i:06d}.txt").write_text("\n".join(lines), encoding="utf-8")


def _pss(pid: int) -> int:
    """Proportional set size of one process in bytes (0 when it is gone or the kernel lacks smaps_rollup)."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as fh:
            for line in fh:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _tree_memory(root: int, pss: bool = True) -> tuple[int, int]:
    """(RSS, PSS) in bytes of ``root`` and all its descendants, from /proc (PSS 0 unless ``pss``)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as fh:
                rss[int(entry)] = int(fh.read().split()[1]) * PAGE
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total_rss = total_pss = 0
    todo = [root]
    while todo:
        pid = todo.pop()
        total_rss += rss.get(pid, 0)
        total_pss += _pss(pid) if pss else 0
        todo += children.get(pid, [])
    return total_rss, total_pss


def run(folder: Path, db: Path, workers: int) -> dict:
    for p in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        p.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "quellen", "analyze", str(folder), "--db", str(db), "--workers", str(workers),
           "--no-report"]
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT)
    samples: list[tuple[float, int, int]] = []       # (seconds since start, RSS, PSS)

    def sample() -> None:
        # RSS every 0.2 s, PSS every second: smaps_rollup walks each process's page tables, and read every 0.2 s it
        # took ~15 % of a core from the run it measures
        k = 0
        while proc.poll() is None:
            rss, pss = _tree_memory(proc.pid, pss=k % 5 == 0)
            samples.append((time.perf_counter() - t0, rss, pss))
            k += 1
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = proc.communicate()[0]
    wall = time.perf_counter() - t0
    sampler.join()
    if proc.returncode != 0:
        sys.exit(f"analyze failed ({proc.returncode}):\n{output[-2000:]}")
    ledger = re.search(r"documents added in ([\d.]+) s", output)
    with sqlite3.connect(db) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                  for t in ("documents", "attributions", "claims", "corpus_entities", "failures")}
    ledger_s = float(ledger.group(1)) if ledger else 0.0
    split = wall - ledger_s                          # the ledger step is the run's last
    analysis = [x for x in samples if x[0] < split] or [(0, 0, 0)]
    ledger_part = [x for x in samples if x[0] >= split] or [(0, 0, 0)]
    return {"wall": wall, "ledger": ledger_s or None, "peak": max(x[1] for x in samples),
            "peak_pss": max(x[2] for x in samples), "pss_analysis": max(x[2] for x in analysis),
            "pss_ledger": max(x[2] for x in ledger_part), "counts": counts,
            "tail": output.strip().splitlines()[-1]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,10000")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--work", type=Path, default=ROOT / "build" / "bench_scale")
    args = ap.parse_args()
    base = texts(args.data)
    print(f"corpus: {len(base)} news-spkatt texts; --workers {args.workers}", flush=True)
    print(f"{'articles':>8s} {'wall s':>8s} {'art/s':>7s} {'ledger s':>9s} {'art/s w/o ledger':>16s} "
          f"{'peak RSS':>9s} {'peak PSS':>9s} {'PSS analysing':>13s} {'PSS ledger':>10s}  counts (all processes)",
          flush=True)
    for n in [int(x) for x in args.sizes.split(",")]:
        folder = args.work / f"in{n}"
        corpus(base, n, folder)
        r = run(folder, args.work / f"q{n}.db", args.workers)
        ledger = r["ledger"] or 0.0
        print(f"{n:8d} {r['wall']:8.1f} {n / r['wall']:7.1f} {ledger:9.1f} {n / (r['wall'] - ledger):16.1f} "
              f"{r['peak'] / 2**20:5.0f} MiB {r['peak_pss'] / 2**20:5.0f} MiB {r['pss_analysis'] / 2**20:9.0f} MiB "
              f"{r['pss_ledger'] / 2**20:6.0f} MiB  {r['counts']}", flush=True)
        print(f"         {r['tail']}", flush=True)


if __name__ == "__main__":
    main()
