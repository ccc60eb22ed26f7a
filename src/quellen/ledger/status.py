"""A claim's status, from its appearances alone, with the reason in words.

quellen does not rate truth; it states what the evidence in the corpus is: who asserts a claim, how many
independent sources that is once wire copies are collapsed, whether all of them are anonymous, and who denies it.

* ``denied``: someone denies it and at most one independent source asserts it;
* ``contested``: someone denies it and two or more independent sources assert it;
* ``unattributed``: nobody is named for it (no speaker at all);
* ``anonymous_only``: every asserting source is anonymous or unspecified ("Insider", "Berichten zufolge");
* ``corroborated``: two or more independent sources assert it;
* ``single_source``: one source asserts it (however many articles repeat it).

Independent sources: a named speaker is one source however often quoted (its corpus entity, else its name); an
anonymous one counts once per group of copies of one article (five copies of one agency report are one source).
Appearances in one article whose contents overlap are one report with a chain of attribution ("laut Interfax
sagte Peskow, ..."; "Koffler: Putin glaube, ..."): they give one source, the speaker of the widest content, and
of equally wide ones a person or organisation before a medium or document (Peskow, not the agency that carried
his words).
"""
from __future__ import annotations

from dataclasses import dataclass

ANONYMOUS_KINDS = frozenset({"anonymous", "unspecified"})
STATUSES = ("corroborated", "denied", "contested", "single_source", "anonymous_only", "unattributed")


@dataclass(frozen=True)
class Appearance:
    doc_id: str
    attribution_id: str
    stance: str                  # asserts | denies
    speaker: str | None          # the speaker's name as the article gives it
    speaker_kind: str
    speaker_cid: str | None      # its corpus entity
    hedged: bool
    outlet: str | None
    published: str | None        # YYYY-MM-DD
    copy_of: str                 # the original of the document's copy group (the document itself if none)
    span: tuple[int, int] = (0, 0)   # the content's offsets in its document


@dataclass(frozen=True)
class Status:
    status: str
    reason: str
    n_sources: int
    first_seen: str | None
    last_seen: str | None
    hedged_share: float
    speakers: tuple[str, ...]
    outlets: tuple[str, ...]


def _source(a: Appearance) -> tuple | None:
    if not a.speaker:
        return None
    if a.speaker_kind in ANONYMOUS_KINDS:
        return ("anonymous", a.copy_of, a.speaker.lower())
    return ("named", a.speaker_cid or a.speaker.lower())


CHANNEL_KINDS = frozenset({"media", "document"})


def _reports(apps: list[Appearance]) -> list[Appearance]:
    """One appearance per report: overlapping contents in one document collapse to their principal speaker."""
    return [_principal(g) for g in _groups(apps)]


def _principal(g: list[Appearance]) -> Appearance:
    return min(g, key=lambda a: (-(a.span[1] - a.span[0]), a.speaker_kind in CHANNEL_KINDS, not a.speaker,
                                 a.attribution_id))


def _deniers(apps: list[Appearance]) -> list[str]:
    """Who denies, one name per report: a denial reported by an outlet or a document ('nach Angaben der APA hat
    Klien … zurückgewiesen') is the denier's, as reported by the outlet."""
    out = set()
    for g in _groups(apps):
        top = _principal(g)
        inner = [a for a in g if a.speaker and a.speaker != top.speaker and a.speaker_kind not in CHANNEL_KINDS]
        if top.speaker_kind in CHANNEL_KINDS and inner:
            denier = min(inner, key=lambda a: (a.span[1] - a.span[0], a.attribution_id))
            out.add(f"{denier.speaker} (as reported by {top.speaker})")
        elif top.speaker:
            out.add(top.speaker)
    return sorted(out)


def _groups(apps: list[Appearance]) -> list[list[Appearance]]:
    """Appearances grouped by report: overlapping contents in one document."""
    by_doc: dict[str, list[Appearance]] = {}
    for a in apps:
        by_doc.setdefault(a.doc_id, []).append(a)
    out = []
    for doc_apps in by_doc.values():
        doc_apps.sort(key=lambda a: (a.span[0], -a.span[1], a.attribution_id))
        groups: list[list[Appearance]] = []
        end = -1
        for a in doc_apps:
            if groups and a.span[0] < end:
                groups[-1].append(a)
                end = max(end, a.span[1])
            else:
                groups.append([a])
                end = a.span[1]
        out.extend(groups)
    return out


def _names(apps: list[Appearance]) -> list[str]:
    return sorted({a.speaker for a in apps if a.speaker})


def _list(names: list[str], n: int = 3) -> str:
    return ", ".join(names[:n]) + (f" and {len(names) - n} more" if len(names) > n else "")


def status_of(appearances: list[Appearance], analysed: str | None = None) -> Status:
    """The status of one claim; ``analysed`` (YYYY-MM-DD) dates appearances whose article has no date."""
    asserting = [a for a in appearances if a.stance == "asserts"]
    denying = [a for a in appearances if a.stance == "denies"]
    principal = _reports(asserting)
    sources = {s for s in map(_source, principal) if s is not None}
    named = {s for s in sources if s[0] == "named"}
    docs = {a.copy_of for a in asserting}
    n = len(sources)
    who = _list(_names(principal))
    via = sorted(set(_names(asserting)) - set(_names(principal)))
    who_via = who + (f" (also attributed to {_list(via)} in the same reports)" if via else "")
    if denying:
        deniers = _list(_deniers(denying)) or "an unnamed source"
        if n >= 2:
            status, reason = "contested", f"denied by {deniers}; asserted by {n} independent sources ({who_via})"
        else:
            status, reason = "denied", f"denied by {deniers}" + (f"; asserted only by {who_via}" if who else "")
    elif asserting and not sources:
        status, reason = "unattributed", f"no source is named in {len(asserting)} appearance(s)"
    elif not named:
        status, reason = "anonymous_only", (f"only anonymous or unspecified sources ({who_via}) in {len(docs)} "
                                            "independent article(s)")
    elif n >= 2:
        status, reason = "corroborated", f"{n} independent sources: {who_via}"
    else:
        repeats = f", repeated in {len(docs)} independent articles" if len(docs) > 1 else ""
        status, reason = "single_source", f"one source: {who_via}{repeats}"
    dates = sorted(a.published or analysed for a in appearances if (a.published or analysed))
    hedged = [a.hedged for a in asserting] or [a.hedged for a in appearances]
    return Status(status, reason, n, dates[0] if dates else None, dates[-1] if dates else None,
                  round(sum(hedged) / len(hedged), 4) if hedged else 0.0, tuple(_names(appearances)),
                  tuple(sorted({a.outlet for a in appearances if a.outlet})))
