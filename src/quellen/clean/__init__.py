"""Clean: one raw article -> a :class:`Document` with its text, what is not body, gaps and metadata.

Nothing is deleted: boilerplate and gaps are spans over ``Document.text``. HTML is reduced to its main text
first (trafilatura), with the page's headline as the first line.
"""
from __future__ import annotations

import re
import unicodedata

from ..model import Document, RawDocument, document_id
from .boilerplate import find_boilerplate
from .gaps import find_gaps
from .html import extract_html
from .metadata import find_metadata
from .text import detect_language, normalise


def normalise_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no BOM or zero-width characters, outer whitespace stripped."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").replace("\u200b", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    return text.strip()


def _body_language(text: str, boilerplate) -> str | None:
    """Language of the text without its boilerplate; None when there is none (the whole-text guess stands)."""
    if not boilerplate:
        return None
    keep, pos = [], 0
    for b in sorted(boilerplate, key=lambda b: b.start):
        keep.append(text[pos:b.start])
        pos = max(pos, b.end)
    keep.append(text[pos:])
    lang, _ = detect_language(" ".join(keep))
    return lang


def clean_document(raw: RawDocument) -> Document:
    """Clean one article; raises ValueError when it holds no text at all."""
    html_title = html_date = sitename = None
    url = raw.url
    if raw.text is not None and raw.text.strip():
        text = raw.text
    elif raw.html:
        page = extract_html(raw.html, raw.url)
        html_title, html_date, sitename, url = page.title, page.published, page.sitename, page.url or raw.url
        text = page.text
        headline = raw.title or html_title
        if headline and not normalise(text.split("\n", 1)[0]).startswith(normalise(headline)):
            text = headline.strip() + "\n\n" + text
    else:
        raise ValueError("empty article: no text and no HTML")
    text = normalise_text(text)
    if not text:
        raise ValueError("empty article: only whitespace")
    lang, _ = detect_language(text)
    boilerplate = find_boilerplate(text, lang, raw.title or html_title)
    gaps = find_gaps(text, boilerplate)
    meta = find_metadata(text, boilerplate)
    title = raw.title or html_title or meta.title
    return Document(
        id=document_id(text), source=raw.source, text=text,
        language=_body_language(text, boilerplate) or lang,
        title=re.sub(r"\s+", " ", title).strip() if title else None,
        published=raw.published or html_date or meta.published,
        outlet=sitename or meta.outlet,
        url=url,
        boilerplate=boilerplate, gaps=gaps,
    )


__all__ = ["clean_document", "normalise_text"]
