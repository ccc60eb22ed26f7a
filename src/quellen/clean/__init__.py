"""Clean: one raw article -> a :class:`Document` with its text, what is not body, gaps and metadata.

Nothing is deleted: boilerplate and gaps are spans over ``Document.text``. HTML is reduced to its main text
first (trafilatura), with the page's headline as the first line.
"""
from __future__ import annotations

import re
import unicodedata

from ..ingest.decode import replace_lone_surrogates, strip_control_chars
from ..model import Document, RawDocument, document_id
from .boilerplate import find_boilerplate
from .gaps import find_gaps
from .html import extract_html
from .metadata import find_metadata
from .text import detect_language, normalise


def normalise_text(text: str) -> str:
    """Unicode NFC, Unix newlines, no BOM, zero-width or control characters, outer whitespace stripped.

    Lone surrogates (possible in any ``str`` from JSON) become U+FFFD, so the text can always be encoded;
    NUL and other control characters are no text and would be refused by lxml and databases.
    """
    text = strip_control_chars(replace_lone_surrogates(text))
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


def _safe(value: str | None) -> str | None:
    """A metadata string made encodable and free of control characters (any caller may build a RawDocument)."""
    return strip_control_chars(replace_lone_surrogates(value)) if value else value


def clean_document(raw: RawDocument) -> Document:
    """Clean one article; raises ValueError (with a plain reason) when it holds no usable text at all.

    The HTML is made safe for lxml first (no lone surrogates, NUL or control characters), and
    :func:`extract_html` refuses HTML nested too deeply for the parser instead of returning a fragment.
    """
    html_title = html_date = sitename = None
    url = _safe(raw.url)
    raw_title = _safe(raw.title)
    if raw.text is not None and raw.text.strip():
        text = raw.text
    elif raw.html:
        page = extract_html(strip_control_chars(replace_lone_surrogates(raw.html)), url)
        html_title, html_date, sitename, url = page.title, page.published, page.sitename, page.url or url
        text = page.text
        headline = raw_title or html_title
        if headline and not normalise(text.split("\n", 1)[0]).startswith(normalise(headline)):
            text = headline.strip() + "\n\n" + text
    else:
        raise ValueError("empty article: no text and no HTML")
    text = normalise_text(text)
    if not text:
        raise ValueError("empty article: only whitespace")
    lang, _ = detect_language(text)
    boilerplate = find_boilerplate(text, lang, raw_title or html_title)
    gaps = find_gaps(text, boilerplate)
    meta = find_metadata(text, boilerplate)
    title = raw_title or html_title or meta.title
    return Document(
        id=document_id(text), source=raw.source, text=text,
        language=_body_language(text, boilerplate) or lang,
        title=re.sub(r"\s+", " ", title).strip() if title else None,
        published=_safe(raw.published) or html_date or meta.published,
        outlet=sitename or meta.outlet,
        url=url,
        boilerplate=boilerplate, gaps=gaps,
    )


__all__ = ["clean_document", "normalise_text"]
