"""The REST API's response models (pydantic): what ``/openapi.json`` documents and every answer is checked against.

They mirror the JSONL export (``Document.to_dict`` with the ledger's ids, :func:`quellen.store.export.enrich`)
and the ledger's read API (:mod:`quellen.store.queries`), so an id or a field means the same in a file, on a
page and in the API. Offsets are character offsets into ``Document.text`` (Python ``str`` indices).
"""
from __future__ import annotations

from typing import Generic, Literal, Optional, TypeVar

from pydantic import BaseModel, Field

AttributionType = Literal["direct", "indirect", "according_to", "denial"]
SpeakerKind = Literal["person", "organization", "media", "document", "anonymous", "unspecified"]
ClaimStatus = Literal["corroborated", "denied", "contested", "single_source", "anonymous_only", "unattributed"]
T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a list: ``items`` in a stable order; ``next_offset`` is null on the last page."""

    items: list[T]
    limit: int
    offset: int
    next_offset: Optional[int] = Field(None, description="offset of the next page; null when this is the last")


class SpanOut(BaseModel):
    start: int
    end: int
    text: str


class SpeakerOut(BaseModel):
    name: Optional[str]
    entity: Optional[str] = Field(None, description="the per-article entity id (``entities[].id``)")
    kind: SpeakerKind
    cid: Optional[str] = Field(None, description="the corpus entity id (``/api/entities/{cid}``)")


class AttributionOut(BaseModel):
    id: str
    type: AttributionType
    cue: SpanOut
    source: Optional[SpanOut]
    speaker: SpeakerOut
    content: SpanOut
    hedged: bool
    denies: Optional[str] = Field(None, description="id of the attribution this one denies")
    confidence: float
    form: Optional[str] = None
    addr: Optional[SpanOut] = None
    frame: Optional[SpanOut] = None
    claim: Optional[str] = Field(None, description="the ledger's claim id (``/api/claims/{id}``)")


class MentionOut(BaseModel):
    start: int
    end: int


class EntityMentionsOut(BaseModel):
    id: str
    name: str
    type: str
    mentions: list[MentionOut]
    cid: Optional[str] = None


class BoilerplateOut(BaseModel):
    start: int
    end: int
    reason: Optional[str]


class GapOut(BaseModel):
    start: int
    end: int


class WarningOut(BaseModel):
    stage: str
    item: Optional[str]
    reason: str


class DocumentSummary(BaseModel):
    id: str
    source: str
    url: Optional[str]
    title: Optional[str]
    published: Optional[str] = Field(None, description="YYYY-MM-DD")
    outlet: Optional[str]
    language: Optional[str]
    attributions: int


class DocumentOut(BaseModel):
    """One document as the JSONL export writes it (with the ledger's ids), plus its url."""

    id: str
    source: str
    url: Optional[str] = None
    language: Optional[str]
    title: Optional[str]
    published: Optional[str]
    outlet: Optional[str]
    text: str
    boilerplate: list[BoilerplateOut]
    gaps: list[GapOut]
    entities: list[EntityMentionsOut]
    attributions: list[AttributionOut]
    warnings: list[WarningOut]


class AttributionHit(BaseModel):
    """An attribution found by ``/api/attributions``, with its document and a snippet (``[``/``]`` mark the
    matched words; plain text, not HTML)."""

    doc: str
    attribution: str
    type: AttributionType
    speaker: Optional[str]
    speaker_kind: SpeakerKind
    speaker_cid: Optional[str]
    hedged: bool
    content: str
    content_span: list[int]
    snippet: str
    claim: Optional[str]
    source: str
    title: Optional[str]
    outlet: Optional[str]
    published: Optional[str]
    confidence: float


class ClaimSummary(BaseModel):
    id: str
    status: ClaimStatus
    status_reason: str
    gist: Optional[str]
    gist_doc: Optional[str]
    gist_attribution: Optional[str]
    first_seen: Optional[str]
    last_seen: Optional[str]
    appearances_count: int
    documents: int
    sources: int
    hedged_share: float
    speakers: list[str]
    outlets: list[str]


class AppearanceOut(BaseModel):
    doc: str
    source: str
    attribution: str
    stance: Literal["asserts", "denies"]
    type: AttributionType
    speaker: Optional[str]
    speaker_kind: SpeakerKind
    speaker_entity: Optional[str] = Field(None, description="corpus entity id of the speaker")
    hedged: bool
    content: str
    content_span: list[int]
    cue: Optional[str]
    source_text: Optional[str]
    outlet: Optional[str]
    published: Optional[str]
    title: Optional[str]
    url: Optional[str]
    similarity: float
    why: Optional[str]
    extent: list[int] = Field(description="[start, end) of the attribution (cue, source and content together)")
    sentence: Optional[SpanOut] = Field(None, description="the sentence around it, a span of the document text")


class ClaimOut(ClaimSummary):
    appearances: list[AppearanceOut]


class EntitySummary(BaseModel):
    id: str
    name: str
    type: str
    aliases: list[str]
    documents: int


class EntityEvent(BaseModel):
    role: Literal["said", "denied", "about"]
    claim: Optional[str]
    stance: str
    doc: str
    source: str
    attribution: str
    type: AttributionType
    speaker: Optional[str]
    speaker_kind: SpeakerKind
    content: str
    hedged: bool
    published: Optional[str]
    outlet: Optional[str]


class TimelineBin(BaseModel):
    """Counts of an entity's events in one month (``YYYY-MM``)."""

    month: str
    said: int
    denied: int
    about: int


class EntityOut(EntitySummary):
    said: int
    denied: int
    about: int
    events: list[EntityEvent]
    events_offset: int
    events_next_offset: Optional[int]
    timeline: list[TimelineBin]
    undated: int = Field(description="events whose document has no date (not in the timeline)")


class FailureOut(BaseModel):
    source: str
    stage: str
    reason: str


class Facet(BaseModel):
    value: str
    count: int


class SearchOut(Page[AttributionHit]):
    order: Literal["date", "rank", "recent"] = Field(
        "date", description="date: newest first; rank: by text rank (a query with at most 5,000 matches); "
                            "recent: most recently stored first (a broader query)")
    facets: dict[str, list[Facet]] = Field(
        default_factory=dict, description="counts per type, kind, outlet, claim status and year over the "
                                          "matches (the first 1,000 matches in the search's order; see ``facets_partial``)")
    facets_partial: bool = False


class ErrorOut(BaseModel):
    error: str
    detail: str
