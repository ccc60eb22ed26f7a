"""Rule-based attribution finder for German news: direct quotes, reporting verbs, according-to markers,
denials, Konjunktiv-I reported speech.

Why rules next to a learned model: the rules know the closed classes exactly (quotation marks, „laut“,
„zufolge“, „wonach“, denial verbs) and give the types the public contract needs; they also run when no model
is shipped. Every candidate records which rule produced it (``rule``) and a confidence.
"""
from __future__ import annotations

from bisect import bisect_right

from ..clean.dates import MONTHS
from ..clean.metadata import WEEKDAYS
from ..faults import guard
from . import lexicon as L
from .accusations import Accusations
from .base import BREAKS, QUOTE_CHARS, Cand  # noqa: F401  (Cand is part of this module's API)
from .direct import DirectQuotes
from .markers import Markers
from .quotes import Quote, find_quotes
from .reporting import ReportingVerbs
from .subjects import Subjects
from .syntax import Sent, View


class Finder(DirectQuotes, ReportingVerbs, Subjects, Markers, Accusations):
    """Runs the rules over one article; the rule families live in the mixins."""

    def __init__(self, doc, text: str, skip_spans: list[tuple[int, int]] = (), document=None):
        self.doc, self.text = doc, text
        self.document = document        # the quellen Document that records warnings (None: errors raise)
        self.v = View(doc)
        self.sents = self.v.sentences()
        self.skip = list(skip_spans)
        self._skipped: dict[tuple[int, int], bool] = {}
        self.quotes = [q for q in find_quotes(text)]
        self.cands: list[Cand] = []
        self.used_cue_tokens: set[int] = set()
        self.starts = [t.idx for t in doc]
        self.tok_sent = {}
        for k, s in enumerate(self.sents):
            for i in range(s.start, s.end):
                self.tok_sent[i] = k

    # --- helpers ---------------------------------------------------------------------------------------
    def cs(self, i: int) -> int:
        return self.doc[i].idx

    def ce(self, i: int) -> int:
        t = self.doc[i]
        return t.idx + len(t.text)

    def span(self, i: int, j: int) -> tuple[int, int]:
        """Character span of tokens [i, j), trimmed of quotes/punctuation at the edges."""
        while i < j and (self.v.text[i] in BREAKS or self.v.text[i] in (".",) or not self.v.text[i].strip()):
            i += 1
        while j > i and (self.v.text[j - 1] in BREAKS | {".", "!", "?"} or not self.v.text[j - 1].strip()):
            j -= 1
        if j <= i:
            return (self.cs(i) if i < self.v.n else len(self.text),) * 2
        return self.cs(i), self.ce(j - 1)

    def is_skipped(self, s: Sent) -> bool:
        """Whether boilerplate covers half the sentence or more; memoised per sentence, as every pass asks
        (sentences x boilerplate spans on each call was quadratic on long pages)."""
        key = (s.char_start, s.char_end)
        hit = self._skipped.get(key)
        if hit is None:
            n = s.char_end - s.char_start
            cov = sum(max(0, min(e, s.char_end) - max(b, s.char_start)) for b, e in self.skip)
            hit = self._skipped[key] = n > 0 and cov >= 0.5 * n
        return hit

    def quote_at(self, i: int) -> Quote | None:
        c = self.cs(i)
        for q in self.quotes:
            if q.inner_start <= c < q.inner_end:
                return q
        return None

    def tok_at(self, char: int) -> int:
        """The token covering (or first after) a character offset."""
        k = bisect_right(self.starts, char) - 1
        if k < 0:
            return 0
        t = self.doc[k]
        if char < t.idx + max(1, len(t.text)):
            return k
        return min(k + 1, self.v.n - 1)

    def clause_start(self, i: int, lo: int) -> int:
        j = i
        while j > lo:
            if self.v.text[j - 1] == ")":
                # 'Olaf Scholz (SPD) sagte': a short parenthesis belongs to the NP before it, it ends no clause
                opening = next((x for x in range(j - 2, max(lo, j - 8) - 1, -1) if self.v.text[x] == "("), None)
                if opening is not None and opening > lo and opening + 1 < j - 1 and \
                        self.v.text[opening - 1] not in BREAKS:
                    j = opening
                    continue
            if self.v.text[j - 1] in BREAKS:
                break
            j -= 1
        opening = self._date_apposition(j - 1, lo) if j > lo else None
        return self.clause_start(opening, lo) if opening is not None else j

    def _date_apposition(self, c: int, lo: int) -> int | None:
        """Index of the comma that opens the date apposition closed by the comma at ``c`` ('am Montag, dem
        20. Februar 2006, die Anzeige zurückgewiesen': one clause, not three), else None."""
        v, k = self.v, c - 1
        if k > lo and v.text[k].isdigit() and len(v.text[k]) == 4:
            k -= 1                                       # the year
        if not (k - 2 > lo and v.lower[k] in MONTHS and v.text[k - 1].rstrip(".").isdigit()
                and v.lower[k - 2] in ("dem", "den") and k - 3 > lo and v.text[k - 3] == ","
                and v.lower[k - 4] in WEEKDAYS):
            return None
        return k - 3

    def clause_end(self, i: int, hi: int) -> int:
        j = i
        while j < hi and self.v.text[j] not in BREAKS and self.v.text[j] not in QUOTE_CHARS \
                and self.v.text[j] not in (".", "!", "?"):
            j += 1
        return j

    # --- main ------------------------------------------------------------------------------------------
    def run(self) -> list[Cand]:
        self._isolated("quotations", self.direct_quotes)
        for k, s in enumerate(self.sents):
            if self.is_skipped(s):
                continue
            self._isolated(f"sentence {k + 1}", self.verb_cues, k, s)
            self._isolated(f"sentence {k + 1}", self.according_markers, k, s)
            self._isolated(f"sentence {k + 1}", self.passive_accusations, k, s)
        self._isolated("continued quotations", self.dangling_quotes)
        for k, s in enumerate(self.sents):
            if not self.is_skipped(s):
                self._isolated(f"sentence {k + 1}", self.konjunktiv_sentence, k, s)
        before = list(self.cands)
        with guard(self.document, "attribution", "duplicate check") as g:
            self.finish()
        if g.failed:
            self.cands = before
        return sorted(self.cands, key=lambda c: (min(c.cue[0], c.content[0]), c.cue[0]))

    def _isolated(self, item: str, rule, *args) -> None:
        """Run one rule over one sentence (or pass); if it raises, only the candidates it added are dropped
        and a warning names the sentence (see :mod:`quellen.faults`)."""
        n = len(self.cands)
        with guard(self.document, "attribution", item) as g:
            rule(*args)
        if g.failed:
            del self.cands[n:]

    def dangling_quotes(self) -> None:
        """A whole-sentence quotation without a cue right after a report ('…, sagte der 46-Jährige.
        „Wir arbeiten hart.“') continues that speaker."""
        v = self.v
        for q in self.quotes:
            qa = self.tok_at(q.inner_start)
            k = self.tok_sent.get(qa)
            if k is None or k == 0 or self.is_skipped(self.sents[k]):
                continue
            s = self.sents[k]
            if self.text[s.char_start:q.start].strip() or q.inner_end - q.inner_start < 15:
                continue
            if any(c.content[0] <= q.inner_start < c.content[1] or c.sent == k for c in self.cands):
                continue
            rest = self.text[q.end:s.char_end].strip() if q.closed else ""
            if rest not in ("", ".", "!", "?"):
                continue
            prev = [c for c in self.cands if c.sent == k - 1 and c.source is not None and c.type != "according_to"]
            if not prev:
                continue
            p = max(prev, key=lambda c: c.cue[0])
            content = self._trim_chars((q.inner_start, q.inner_end))
            typ = "denial" if L.DENIAL_PHRASES.search(self.text[content[0]:content[1]]) else "direct"
            self.cands.append(Cand(typ, p.cue, content, p.source, "quote-continued", 0.65, k, p.cue_tokens,
                                   source_hint=p.source_hint, copy_of=p))

    # --- direct quotes ---------------------------------------------------------------------------------
    def finish(self) -> None:
        v = self.v
        # drop exact duplicates (same type, content and cue)
        seen, out = set(), []
        for c in self.cands:
            key = (c.type, c.content, c.cue)
            if key in seen or c.content[1] <= c.content[0]:
                continue
            seen.add(key)
            out.append(c)
        self.cands = out
        unverified = [k for k, s in enumerate(self.sents)
                      if L.UNVERIFIED.search(self.text[s.char_start:s.char_end])]
        for c in self.cands:
            ctext = self.text[c.content[0]:c.content[1]]
            words = {w.strip(".,;:!?\"„“”»«()").lower() for w in ctext.split()}
            hedged = bool(words & L.HEDGE_WORDS) or bool(words & {"soll", "sollen"})
            # hedge in the reporting clause itself (not in inserted relative clauses)
            if not hedged:
                lo = min([c.cue[0]] + ([c.source[0]] if c.source else []))
                hi = max([c.cue[1]] + ([c.source[1]] if c.source else []))
                seg = self.text[lo:c.content[0]] if c.content[0] > c.cue[0] else self.text[c.content[1]:hi]
                seg = _drop_inserts(seg)
                seg_words = {w.strip(".,;:!?\"„“”»«()").lower() for w in seg.split()}
                # 'X soll geschrieben haben, …': the report itself is hearsay
                hedged = bool(seg_words & L.HEDGE_WORDS) or bool(seg_words & {"soll", "sollen"})
            if not hedged and c.type != "denial" and any(
                    c.sent < u <= c.sent + 3 and self._same_para(c.sent, u) for u in unverified):
                hedged = True
            c.hedged = hedged
            # a denial whose content contains a 'wonach' claim denies that claim
            if c.type == "denial":
                for o in self.cands:
                    if o.rule == "wonach" and c.content[0] <= o.cue[0] < c.content[1] + 3:
                        c.denies_hint = o.content

    def _same_para(self, a: int, b: int) -> bool:
        lo, hi = self.sents[a].char_end, self.sents[b].char_start
        return "\n\n" not in self.text[lo:hi]


def _drop_inserts(seg: str) -> str:
    parts = seg.split(",")
    if len(parts) >= 3:
        return parts[0] + " " + parts[-1]
    return seg


def find_rule_candidates(doc, text: str, skip_spans=(), document=None) -> list[Cand]:
    return Finder(doc, text, skip_spans, document).run()
