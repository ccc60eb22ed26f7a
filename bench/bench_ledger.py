"""Scale of the claim ledger (issue 14, part 8): build it for N articles, then update it for 1,000 new ones.

The corpus: the 848 German news articles of ../shared/data/news-spkatt (train + unlabeled, detokenised as
bench_pipeline.py does), analysed once by the real pipeline (cached in build/bench_ledger/base.jsonl), then
multiplied into N distinct documents: variant k of an article replaces about half of its words (``--replace``, in
percent) by other words of the corpus vocabulary (deterministically), keeping every span's offsets mapped onto the
new text, so that statements are distinct (a corpus of 100k copies of 848 articles would be one giant claim each)
while their lengths, entity mentions and attribution structure stay those of real news; one variant in 20 is a
near-copy (2 % of words replaced), so copy detection has work to do. The documents are stored with `Store.save`, as
`analyze` stores them; that time is printed apart and is not the ledger's.

    .venv/bin/python bench/bench_ledger.py --docs 100000 --new 1000 [--replace 50] [--data ../shared/data] [--db build/bench_ledger/q.db]

Prints the ledger build time for N (with the time of each step), the update time for the new ones, the
claims/entities/copies counts and the peak memory (max RSS) of this process.
"""
from __future__ import annotations

import argparse
import bisect
import json
import resource
import sys
import time
import zlib
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_pipeline import ROOT, _detok  # noqa: E402

from quellen.model import Attribution, Document, Entity, Mention, Span  # noqa: E402

WORD = __import__("re").compile(r"\w+", __import__("re").UNICODE)


def _texts(data: Path) -> list[tuple[str, str]]:
    out = []
    for sub in ("train", "unlabeled"):
        for f in sorted((data / "news-spkatt" / sub).glob("*.json")):
            doc = json.loads(f.read_text(encoding="utf-8"))
            out.append((f"{sub}/{f.stem}", "\n".join(_detok(s["Tokens"]) for s in doc["Sentences"])))
    return out


def base_documents(data: Path, cache: Path, workers: int) -> list[Document]:
    if cache.is_file():
        return [Document.from_dict(json.loads(line)) for line in cache.open(encoding="utf-8")]
    from quellen.model import RawDocument
    from quellen.pipeline import Pipeline

    pipeline = Pipeline()
    pipeline.warm_up()
    raws = [RawDocument(source=name, text=text) for name, text in _texts(data)]
    t0 = time.perf_counter()
    docs = [d for d in pipeline.run(raws, workers=workers) if isinstance(d, Document)]
    print(f"analysed {len(docs)} base articles in {time.perf_counter() - t0:.0f} s", flush=True)
    cache.parent.mkdir(parents=True, exist_ok=True)
    with cache.open("w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")
    return docs


class Variants:
    """Distinct documents made from the base articles by deterministic word replacement (offsets kept)."""

    def __init__(self, docs: list[Document], replace: int = 50):
        self.docs = docs
        self.replace = replace
        vocab = sorted({w for d in docs for w in WORD.findall(d.text) if len(w) > 3 and not w.isdigit()})
        self.vocab = vocab

    def make(self, k: int) -> Document:
        """Variant ``k``: half the words of a base article replaced; one in 20 is a near-copy of variant k-1."""
        if k % 20 == 7:
            return self._rewrite(self.make(k - 1), k, 2)
        return self._rewrite(self.docs[k % len(self.docs)], k, self.replace)

    def _rewrite(self, base: Document, k: int, share: int) -> Document:
        old = base.text
        parts, olds, news = [], [], []             # segment starts in the old and the new text
        cur = last = 0
        for m in WORD.finditer(old):
            parts.append(old[last:m.start()])
            cur += m.start() - last
            w = m.group()
            h = zlib.crc32(f"{k}\x1f{m.start()}".encode())
            nw = w
            if h % 100 < share and len(w) > 3:
                nw = self.vocab[zlib.crc32(f"{k}\x1f{w}".encode()) % len(self.vocab)]
                nw = nw.capitalize() if w[:1].isupper() else nw.lower()
            olds.append(m.start())
            news.append(cur)
            parts.append(nw)
            cur += len(nw)
            olds.append(m.end())
            news.append(cur)
            last = m.end()
        parts.append(old[last:])
        text = "".join(parts)

        def pos(p: int) -> int:
            i = bisect.bisect_right(olds, p) - 1
            if i < 0:
                return p
            return min(news[i] + (p - olds[i]), news[i + 1] if i + 1 < len(news) else len(text), len(text))

        def span(s: Span | None) -> Span | None:
            if s is None:
                return None
            a, b = pos(s.start), max(pos(s.start), pos(s.end))
            return Span(a, b, text[a:b])

        ents = [Entity(e.id, e.name, e.type, [Mention(pos(m.start), max(pos(m.start), pos(m.end)),
                                                      text[pos(m.start):max(pos(m.start), pos(m.end))])
                                              for m in e.mentions], list(e.aliases)) for e in base.entities]
        attrs = [replace(a, cue=span(a.cue), source=span(a.source), content=span(a.content), addr=span(a.addr),
                         frame=span(a.frame)) for a in base.attributions]
        return replace(base, id=f"v{k:07d}", source=f"{base.source.split('#')[0]}#v{k}", text=text, entities=ents,
                       attributions=attrs, boilerplate=[], gaps=[], warnings=[], input_hash=None)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--new", type=int, default=1_000)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--db", type=Path, default=ROOT / "build" / "bench_ledger" / "q.db")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--replace", type=int, default=50,
                    help="percent of an article's words replaced in each variant: 50 (default) makes every article a "
                         "story told ~N/848 times, the worst case for blocking; 90 makes nearly every document a story "
                         "of its own")
    a = ap.parse_args()
    from quellen.ledger.update import update
    from quellen.store import Store

    base = base_documents(a.data, ROOT / "build" / "bench_ledger" / "base.jsonl", a.workers)
    variants = Variants(base, a.replace)
    if a.db.exists():
        a.db.unlink()
    store = Store(str(a.db))
    t0 = time.perf_counter()
    for k in range(a.docs):
        store.save(variants.make(k))
        if (k + 1) % 10_000 == 0:
            print(f"  stored {k + 1} documents ({time.perf_counter() - t0:.0f} s)", flush=True)
    stored = time.perf_counter() - t0
    n_attr = sum(len(variants.make(k).attributions) for k in range(min(a.docs, 1000))) / min(a.docs, 1000)
    print(f"stored {a.docs} documents (~{n_attr * a.docs:,.0f} attributions) in {stored:.0f} s "
          f"(Store.save, not the ledger)", flush=True)
    rep = update(store)
    print(f"ledger build, {a.docs} documents: {rep.seconds:.1f} s ({a.docs / rep.seconds:.0f} documents/s); "
          f"steps {rep.timings}; {rep.claims} claims ({rep.multi_claims} with >1 appearance), {rep.entities} "
          f"entities, {rep.copies} copies; max RSS {_rss_mb():.0f} MB", flush=True)
    for k in range(a.docs, a.docs + a.new):
        store.save(variants.make(k))
    rep = update(store)
    print(f"ledger update, {a.new} new documents on {a.docs}: {rep.seconds:.1f} s; steps {rep.timings}; "
          f"{rep.claims_rewritten} claims rewritten; max RSS {_rss_mb():.0f} MB", flush=True)


if __name__ == "__main__":
    main()
