"""The typed data model that flows between quellen's stages.

Every extracted item carries character offsets into ``Document.text`` (and a confidence where it is a
judgement), so any result can be traced back to the exact characters it came from. ``to_dict`` gives the
public JSONL contract (README, "Output contract"); the database mirrors the same shapes.
"""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

AttributionType = Literal["direct", "indirect", "according_to", "denial"]
SpeakerKind = Literal["person", "organization", "media", "document", "anonymous", "unspecified"]
EntityType = Literal["PER", "ORG", "LOC", "MISC"]
ATTRIBUTION_TYPES = ("direct", "indirect", "according_to", "denial")
SPEAKER_KINDS = ("person", "organization", "media", "document", "anonymous", "unspecified")


def document_id(text: str) -> str:
    """Stable id from the content, so re-running on the same article changes nothing."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class RawDocument:
    """What ingest hands to clean: one article as found, before any analysis."""

    source: str                     # input path (with #member for archives) or URL
    text: str | None = None         # plain text, when the input was text
    html: str | None = None         # raw HTML, when the input was HTML
    url: str | None = None
    title: str | None = None
    published: str | None = None    # YYYY-MM-DD when the container states it


@dataclass
class Failure:
    """An input that could not be processed: recorded, reported by name, and the batch goes on."""

    source: str
    reason: str
    stage: str = "ingest"


@dataclass
class Unchanged:
    """An input the database already holds, analysed from the same content by the same analysis version
    (:mod:`quellen.versioning`): passed along in its place in the batch, not analysed again."""

    source: str
    doc_id: str


@dataclass
class StageWarning:
    """One item a stage could not handle: dropped, with the reason, while the rest of its article was kept.

    ``item`` names what was dropped (an attribution id such as ``a3``, an entity name, ``sentence 12``) or is
    ``None`` when a whole stage gave up on the article (its other results stand)."""

    stage: str
    reason: str
    item: str | None = None


@dataclass
class Span:
    start: int
    end: int
    text: str

    @classmethod
    def of(cls, text: str, start: int, end: int) -> "Span":
        return cls(start, end, text[start:end])


@dataclass
class Boilerplate:
    start: int
    end: int
    reason: str


@dataclass
class Gap:
    start: int
    end: int


@dataclass
class Mention:
    start: int
    end: int
    text: str = ""


@dataclass
class Entity:
    id: str
    name: str
    type: EntityType
    mentions: list[Mention] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)


@dataclass
class Speaker:
    name: str | None
    entity: str | None
    kind: SpeakerKind


@dataclass
class Attribution:
    id: str
    type: AttributionType
    cue: Span
    source: Span | None
    speaker: Speaker
    content: Span
    hedged: bool = False
    denies: str | None = None
    confidence: float = 0.5
    # Optional task-level detail (from the learned model); kept out of the public contract when None.
    form: str | None = None
    addr: Span | None = None
    frame: Span | None = None
    origin: str = "rule"            # "model" | "rule" | "model+rule": which component produced it


@dataclass
class Document:
    """One analysed article: the text, what is not article body, and who said what in it."""

    id: str
    source: str
    text: str
    language: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    url: str | None = None
    boilerplate: list[Boilerplate] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    warnings: list[StageWarning] = field(default_factory=list)
    # the content hash of the input it was made from (quellen.versioning.input_hash); kept in the database for
    # resumable batches, not part of the JSONL record
    input_hash: str | None = field(default=None, compare=False, repr=False)

    def warn(self, stage: str, reason: str, item: str | None = None) -> None:
        """Record that ``stage`` dropped ``item`` (or gave up) for ``reason``; the article goes on."""
        self.warnings.append(StageWarning(stage, reason, item))

    def to_dict(self) -> dict[str, Any]:
        """The public JSONL record (one line per document)."""
        def attr(a: Attribution) -> dict[str, Any]:
            d = {
                "id": a.id, "type": a.type,
                "cue": asdict(a.cue),
                "source": asdict(a.source) if a.source else None,
                "speaker": asdict(a.speaker),
                "content": asdict(a.content),
                "hedged": a.hedged, "denies": a.denies, "confidence": round(float(a.confidence), 4),
            }
            if a.form:
                d["form"] = a.form
            if a.addr:
                d["addr"] = asdict(a.addr)
            if a.frame:
                d["frame"] = asdict(a.frame)
            return d

        return {
            "id": self.id, "source": self.source, "language": self.language, "title": self.title,
            "published": self.published, "outlet": self.outlet, "text": self.text,
            "boilerplate": [asdict(b) for b in self.boilerplate],
            "gaps": [asdict(g) for g in self.gaps],
            "entities": [
                {"id": e.id, "name": e.name, "type": e.type,
                 "mentions": [{"start": m.start, "end": m.end} for m in e.mentions]}
                for e in self.entities
            ],
            "attributions": [attr(a) for a in self.attributions],
            "warnings": [{"stage": w.stage, "item": w.item, "reason": w.reason} for w in self.warnings],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Document":
        text = d["text"]

        def span(x):
            return Span(x["start"], x["end"], x.get("text", text[x["start"]:x["end"]])) if x else None

        return cls(
            id=d["id"], source=d["source"], text=text, language=d.get("language"), title=d.get("title"),
            published=d.get("published"), outlet=d.get("outlet"),
            boilerplate=[Boilerplate(**b) for b in d.get("boilerplate", [])],
            gaps=[Gap(**g) for g in d.get("gaps", [])],
            entities=[Entity(e["id"], e["name"], e["type"],
                             [Mention(m["start"], m["end"], text[m["start"]:m["end"]]) for m in e["mentions"]])
                      for e in d.get("entities", [])],
            attributions=[Attribution(
                id=a["id"], type=a["type"], cue=span(a["cue"]), source=span(a.get("source")),
                speaker=Speaker(a["speaker"].get("name"), a["speaker"].get("entity"),
                                a["speaker"].get("kind", "unspecified")), content=span(a["content"]), hedged=a.get("hedged", False),
                denies=a.get("denies"), confidence=a.get("confidence", 0.5), form=a.get("form"),
                addr=span(a.get("addr")), frame=span(a.get("frame")))
                for a in d.get("attributions", [])],
            warnings=[StageWarning(w["stage"], w["reason"], w.get("item")) for w in d.get("warnings", [])],
        )
