"""Read and write the speaker-attribution task's JSON format exactly.

A file is ``{"Annotations": [...], "DocumentName": str, "Sentences": [{"SentenceId": i, "Tokens": [...]}]}``,
written compactly (``separators=(",", ":")``, UTF-8, ``/`` escaped as ``\\/``, no trailing newline) with keys in sorted order, which is
how the task's files are stored. Each annotation holds ``Addr``, ``Cue``, ``Frame``, ``Message`` and ``Source``
as lists of ``"sentence:token"`` strings, plus ``Form``, ``STWR``, ``IsNested`` and ``HasNested``.

In memory a role is a list of ``(sentence, token)`` pairs in file order, so reading and writing a file gives
back the same bytes; :meth:`SpkattDoc.doc_index` and :meth:`SpkattDoc.position` convert to and from
document-level token indices.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROLES = ("Addr", "Cue", "Frame", "Message", "Source")
FORMS = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
STWRS = ("Speech", "Thought", "Writing", "ST", "SW", "TW")

Position = tuple[int, int]


def parse_position(value: str) -> Position:
    s, t = value.split(":")
    return int(s), int(t)


def format_position(pos: Position) -> str:
    return f"{pos[0]}:{pos[1]}"


@dataclass
class SpkattAnnotation:
    cue: list[Position] = field(default_factory=list)
    source: list[Position] = field(default_factory=list)
    message: list[Position] = field(default_factory=list)
    addr: list[Position] = field(default_factory=list)
    frame: list[Position] = field(default_factory=list)
    form: str = "Indirect"
    stwr: str = "Speech"
    is_nested: bool = False
    has_nested: bool = False

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "SpkattAnnotation":
        def roles(key: str) -> list[Position]:
            return [parse_position(x) for x in obj.get(key, [])]

        return cls(cue=roles("Cue"), source=roles("Source"), message=roles("Message"), addr=roles("Addr"),
                   frame=roles("Frame"), form=obj.get("Form", "Indirect"), stwr=obj.get("STWR", "Speech"),
                   is_nested=bool(obj.get("IsNested", False)), has_nested=bool(obj.get("HasNested", False)))

    def to_json(self) -> dict[str, Any]:
        def roles(values: list[Position]) -> list[str]:
            return [format_position(p) for p in values]

        return {"Addr": roles(self.addr), "Cue": roles(self.cue), "Form": self.form, "Frame": roles(self.frame),
                "HasNested": self.has_nested, "IsNested": self.is_nested, "Message": roles(self.message),
                "STWR": self.stwr, "Source": roles(self.source)}


@dataclass
class SpkattDoc:
    name: str                                   # DocumentName
    sentences: list[list[str]]                  # tokens per sentence, as given
    annotations: list[SpkattAnnotation] = field(default_factory=list)
    sentence_ids: list[int] | None = None       # SentenceId per sentence (normally 0..n-1)
    extra: dict[str, Any] = field(default_factory=dict)   # any other top-level keys, written back unchanged

    @property
    def offsets(self) -> list[int]:
        out = [0]
        for tokens in self.sentences:
            out.append(out[-1] + len(tokens))
        return out

    @property
    def tokens(self) -> list[str]:
        return [t for s in self.sentences for t in s]

    def doc_index(self, pos: Position) -> int:
        return self.offsets[pos[0]] + pos[1]

    def position(self, index: int) -> Position:
        offsets = self.offsets
        lo, hi = 0, len(self.sentences) - 1
        while lo < hi:                     # last sentence whose offset <= index
            mid = (lo + hi + 1) // 2
            if offsets[mid] <= index:
                lo = mid
            else:
                hi = mid - 1
        return lo, index - offsets[lo]

    def positions(self, indices: list[int] | set[int]) -> list[Position]:
        return [self.position(i) for i in sorted(indices)]

    def indices(self, positions: list[Position]) -> list[int]:
        return sorted({self.doc_index(p) for p in positions})

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> "SpkattDoc":
        sentences = obj.get("Sentences", [])
        extra = {k: v for k, v in obj.items() if k not in ("Annotations", "DocumentName", "Sentences")}
        return cls(name=obj.get("DocumentName", ""), sentences=[list(s.get("Tokens", [])) for s in sentences],
                   annotations=[SpkattAnnotation.from_json(a) for a in obj.get("Annotations", []) or []],
                   sentence_ids=[s.get("SentenceId", i) for i, s in enumerate(sentences)], extra=extra)

    def to_json(self) -> dict[str, Any]:
        ids = self.sentence_ids or list(range(len(self.sentences)))
        obj: dict[str, Any] = {"Annotations": [a.to_json() for a in self.annotations],
                               "DocumentName": self.name,
                               "Sentences": [{"SentenceId": i, "Tokens": toks} for i, toks in zip(ids, self.sentences)]}
        obj.update(self.extra)
        return dict(sorted(obj.items()))


def dumps(doc: SpkattDoc) -> str:
    # The task's files escape "/" as "\\/" (a "/" can only occur inside JSON strings, so this is safe).
    return json.dumps(doc.to_json(), ensure_ascii=False, separators=(",", ":")).replace("/", "\\/")


def read_doc(path: Path | str) -> SpkattDoc:
    return SpkattDoc.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def write_doc(doc: SpkattDoc, path: Path | str) -> None:
    Path(path).write_text(dumps(doc), encoding="utf-8")


def read_dir(directory: Path | str) -> list[tuple[Path, SpkattDoc]]:
    return [(p, read_doc(p)) for p in sorted(Path(directory).glob("*.json"), key=lambda p: p.name)]
