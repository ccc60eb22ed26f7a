"""HTML to main text with trafilatura; title, date (htmldate) and site name from the page's metadata."""
from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)


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


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text of an article page (paragraphs as lines), or ValueError when the page holds no text."""
    import trafilatura

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
        raise ValueError("no article text found in the HTML")
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
