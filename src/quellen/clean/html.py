"""HTML to main text with trafilatura; title, date (htmldate) and site name from the page's metadata.

Malformed and truncated HTML is parsed as browsers would (libxml2 repairs it). HTML nested deeper than
libxml2 allows is refused with a reason: the parser stops at that depth, and trafilatura would then find no
text or only a fragment of it. The depth is checked by one libxml2 parse (milliseconds even for 5 MB),
instead of a guess by counting tags, which unclosed ``<p>`` and ``<li>`` in ordinary pages would mislead.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

# libxml2's limit on open elements without XML_PARSE_HUGE (trafilatura's parser does not set it): past it the
# parse stops with "Excessive depth in document".
MAX_HTML_DEPTH = 256


@dataclass
class HtmlExtract:
    text: str
    title: str | None = None
    published: str | None = None
    sitename: str | None = None
    url: str | None = None


def _date(html: str, url: str | None) -> str | None:
    try:
        from htmldate import find_date

        return find_date(html, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d")
    except Exception:  # noqa: BLE001 - a date is optional
        return None


def check_html_depth(html: str) -> None:
    """Raise ValueError when ``html`` nests elements deeper than libxml2 (and so trafilatura) can parse."""
    from lxml import etree

    parser = etree.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True, encoding="utf-8")
    try:
        etree.fromstring(html.encode("utf-8", "replace"), parser)
    except (etree.LxmlError, ValueError):  # an empty or unparsable page: extraction reports it in its words
        pass
    for entry in parser.error_log:
        if "depth" in entry.message.lower() and entry.type_name == "ERR_RESOURCE_LIMIT":
            raise ValueError(f"HTML nested deeper than {MAX_HTML_DEPTH} levels")


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text of an article page (paragraphs as lines), or ValueError when the page holds no text."""
    import trafilatura

    check_html_depth(html)

    doc = None
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=True, include_links=False, deduplicate=False)
    except Exception as exc:  # noqa: BLE001 - fall back to the page's plain text
        log.debug("trafilatura failed: %s", exc)
    text = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not text:
        text = (trafilatura.html2txt(html) or "").strip()
    if not text:
        raise ValueError("no article text found in HTML")
    title = getattr(doc, "title", None) if doc is not None else None
    published = getattr(doc, "date", None) if doc is not None else None
    sitename = getattr(doc, "sitename", None) if doc is not None else None
    if published:
        from .dates import parse_date

        published = parse_date(published)
    return HtmlExtract(
        text=text,
        title=title.strip() if title else None,
        published=published or _date(html, url),
        sitename=sitename.strip() if sitename else None,
        url=(getattr(doc, "url", None) if doc is not None else None) or url,
    )
