"""``quellen serve`` in a real browser: Debian's Chromium driven by Playwright, against a real server (uvicorn in
a subprocess) over a database analysed by the real CLI (``quellen analyze``) from the bundled examples and a
hostile article (tests/serve_fixtures.py: markup, an ``onerror`` handler and a ``javascript:`` link inside its
quoted statements).

Playwright cannot download its own browser here; it drives ``/usr/bin/chromium`` (``apt-get install chromium``,
which ``.ci/run`` does). Every page type is photographed to ``build/screenshots/`` on the way.
"""
from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
if CHROMIUM is None:
    pytest.skip("no Chromium at /usr/bin/chromium or on PATH (apt-get install chromium)", allow_module_level=True)

import serve_fixtures  # noqa: E402

pytestmark = pytest.mark.browser

expect = sync_api.expect
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"
OTHER_NAME = "quellen.test"   # resolved to 127.0.0.1 by Chromium itself: the server seen under a non-local name
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
        f"--host-resolver-rules=MAP {OTHER_NAME} 127.0.0.1"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.loads(r.read())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """(base URL, the analysis' JSONL records, a word of an attribution's content found through the API)."""
    folder = tmp_path_factory.mktemp("browser")
    db, records = serve_fixtures.build(folder)
    hostile = next(r for r in records if "angriff" in r["source"])
    contents = [a["content"]["text"] for a in hostile["attributions"]]
    assert any("<script>" in c for c in contents) and any("onerror" in c for c in contents), contents
    port = _free_port()
    log = open(folder / "serve.log", "wb")   # a file, not a pipe nobody reads (a full pipe would stall the server)
    proc = subprocess.Popen([sys.executable, "-m", "quellen", "serve", "--db", db, "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                _get(base + "/api/documents")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("quellen serve did not come up:\n" + (folder / "serve.log").read_text())
                time.sleep(0.1)
        yield base, records, _search_word(base, hostile["id"])
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
        log.close()


def _search_word(base: str, hostile_doc: str) -> str:
    """The longest plain word of an example attribution's content, as the API gives it (not hard-coded text)."""
    page = _get(base + "/api/attributions?limit=50")
    items = page["items"] if isinstance(page, dict) else page
    for a in items:
        if a.get("doc", a.get("doc_id")) == hostile_doc:
            continue
        content = a["content"]["text"] if isinstance(a["content"], dict) else a["content"]
        words = [w for w in re.findall(r"\w+", content) if w.isalpha() and len(w) >= 6]
        if words:
            return max(words, key=len)
    raise AssertionError("no attribution with a searchable word in the examples")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh 1280x900 page whose console errors and uncaught exceptions are collected in ``page.errors``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def _shot(pg, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"))


def _has_class(name: str):
    return re.compile(rf"(^|\s){re.escape(name)}(\s|$)")


def _ids(locator, attribute: str = "data-a") -> list[str]:
    return locator.evaluate_all(f"els => els.map(e => e.getAttribute('{attribute}'))")


def test_search_from_the_overview_then_a_facet(server, page):
    base, _, word = server
    page.goto(base + "/")
    page.fill("#q", word)
    page.press("#q", "Enter")
    expect(page).to_have_url(re.compile(r"/search\?q="))
    marks = page.locator("ol.hits li.hit mark")
    expect(marks.first).to_be_visible()
    assert any(word.lower() in m.lower() or m.lower() in word.lower() for m in marks.all_inner_texts()), (
        word, marks.all_inner_texts())
    _shot(page, "search")

    facet = page.locator('section.facet[data-facet="type"] a').first
    value = facet.inner_text().strip().replace(" ", "_")
    facet.click()
    expect(page).to_have_url(re.compile(rf"[?&]type={value}(&|$)"))
    assert urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["q"] == [word]
    expect(page.locator('section.facet[data-facet="type"] a.on')).to_have_count(1)
    hits = page.locator("ol.hits li.hit")
    expect(hits.first).to_be_visible()
    classes = hits.evaluate_all("els => els.map(e => e.className)")
    assert classes and all(f"type-{value}" in c.split() for c in classes), (value, classes)
    # the filter's chip takes it off again
    page.locator("p.active-filters a.chip").first.click()
    expect(page).not_to_have_url(re.compile(r"[?&]type="))
    assert page.locator("ol.hits li.hit").count() >= len(classes)
    assert not page.errors, page.errors


def test_document_view_links_text_and_table(server, page):
    base, _, word = server
    page.goto(f"{base}/search?q={urllib.parse.quote(word)}")
    page.locator("ol.hits .snippet a").first.click()
    expect(page).to_have_url(re.compile(r"/documents/[^/#]+#a\d+$"))
    aid = page.url.rsplit("#", 1)[1]
    spans_of = lambda a: page.locator(f'article.doctext .seg[data-a~="{a}"]')  # noqa: E731

    # the hit's attribution is selected on load: its row and exactly its spans
    expect(page.locator(f"tr#{aid}")).to_have_class(_has_class("selected"))
    expect(page.locator("tr.attr.selected")).to_have_count(1)
    assert spans_of(aid).count() >= 1
    expect(page.locator("article.doctext .seg.selected")).to_have_count(spans_of(aid).count())
    assert all(aid in ids.split() for ids in _ids(page.locator("article.doctext .seg.selected")))
    _shot(page, "document")

    rows = page.locator("tr.attr")
    ids = _ids(rows)
    assert len(ids) >= 3, ids
    other, third = [i for i in ids if i != aid][:2]

    # hovering another row lights its spans (and only the spans of that row)
    page.locator(f"tr#{other} td").nth(1).hover()
    expect(page.locator(f"tr#{other}")).to_have_class(_has_class("lit"))
    lit = page.locator("article.doctext .seg.lit")
    expect(lit).to_have_count(spans_of(other).count())
    assert all(other in i.split() for i in _ids(lit))

    # clicking a span selects its row (a span of several attributions selects the last of them)
    span = page.locator(f'article.doctext .seg[data-a$="{third}"]').first
    target = span.get_attribute("data-a").split()[-1]
    span.click()
    expect(page.locator(f"tr#{target}")).to_have_class(_has_class("selected"))
    expect(page.locator(f"tr#{aid}")).not_to_have_class(_has_class("selected"))
    expect(page).to_have_url(re.compile(rf"#{target}$"))

    # clicking a row (not one of its links) selects it and its spans
    page.locator(f"tr#{other} td").nth(1).click()
    expect(page.locator(f"tr#{other}")).to_have_class(_has_class("selected"))
    expect(page.locator("article.doctext .seg.selected")).to_have_count(spans_of(other).count())
    expect(page).to_have_url(re.compile(rf"#{other}$"))

    # keyboard: Tab to a row that is not selected (focus lights it), Enter selects it; the pointer is moved off
    # the table first, so that rows scrolling under it while tabbing do not take the light (what it is on wins)
    page.mouse.move(0, 0)
    focused = None
    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate("(() => { const e = document.activeElement;"
                                " return e && e.matches('tr.attr') ? e.id : null; })()")
        if focused and focused != other:
            break
    assert focused and focused != other, "Tab never reached an attribution row"
    expect(page.locator(f"tr#{focused}")).to_have_class(_has_class("lit"))
    page.keyboard.press("Enter")
    expect(page.locator(f"tr#{focused}")).to_have_class(_has_class("selected"))
    expect(page.locator("tr.attr.selected")).to_have_count(1)
    expect(page.locator("article.doctext .seg.selected")).to_have_count(spans_of(focused).count())
    expect(page).to_have_url(re.compile(rf"#{focused}$"))
    assert not page.errors, page.errors


def test_claim_and_entity_pages(server, page):
    base, records, _ = server
    # an example attribution with a claim and a linked speaker
    doc, a = next((r, a) for r in records if "angriff" not in r["source"] for a in r["attributions"]
                  if a.get("claim") and a["speaker"].get("cid"))
    page.goto(f"{base}/documents/{doc['id']}")
    page.locator(f"tr#{a['id']} a[href^='/claims/']").click()
    expect(page).to_have_url(f"{base}/claims/{a['claim']}")
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator("p .status")).to_be_visible()
    appearances = page.locator("table.appearances tbody tr")
    expect(appearances.first).to_be_visible()
    n = appearances.count()
    assert page.locator("table.appearances tbody tr:has(a[href^='/documents/'])").count() == n
    assert page.locator(f"table.appearances a[href='/documents/{doc['id']}#{a['id']}']").count() == 1
    _shot(page, "claim")

    # each appearance links back to its document, where that attribution is selected
    page.locator(f"table.appearances a[href='/documents/{doc['id']}#{a['id']}']").click()
    expect(page.locator(f"tr#{a['id']}")).to_have_class(_has_class("selected"))
    page.go_back()
    expect(page).to_have_url(f"{base}/claims/{a['claim']}")

    speaker = page.locator(f"table.appearances a.speaker[href='/entities/{a['speaker']['cid']}']").first
    expect(speaker).to_be_visible()
    speaker.click()
    expect(page).to_have_url(f"{base}/entities/{a['speaker']['cid']}")
    expect(page.locator("h1")).to_be_visible()
    chart = page.locator("figure.timeline svg")
    if chart.count():
        expect(chart).to_be_visible()
        assert page.locator("figure.timeline svg g.bar").count() >= 1
    else:
        expect(page.locator("p.muted", has_text="No dated statement")).to_be_visible()
    events = page.locator("table.events tbody tr")
    expect(events.first).to_be_visible()
    assert page.locator("table.events tbody tr:has(a[href^='/documents/'])").count() == events.count()
    _shot(page, "entity")
    assert not page.errors, page.errors


def _nothing_ran(pg, where: str) -> None:
    assert pg.evaluate("typeof window.__xss") == "undefined", where
    assert pg.locator("main script, main img, main iframe, [onerror]").count() == 0, where
    assert pg.evaluate("[...document.querySelectorAll('a[href]')].filter("
                       "a => a.href.trim().toLowerCase().startsWith('javascript:')).length") == 0, where


def test_hostile_article_shows_its_markup_as_text_and_runs_nothing(server, page):
    base, records, _ = server
    doc = next(r for r in records if "angriff" in r["source"])
    response = page.goto(f"{base}/documents/{doc['id']}")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp, csp
    assert response.headers["x-content-type-options"] == "nosniff"
    article = page.locator("article.doctext")
    expect(article).to_contain_text("<script>window.__xss=1</script>")
    expect(article).to_contain_text('<img src=x onerror="window.__xss=2">')
    expect(article).to_contain_text("&lt;b&gt;falsch&lt;/b&gt;")
    expect(article).to_contain_text('<a href="javascript:window.__xss=3">hier klicken</a>')
    assert page.locator("article.doctext script, article.doctext img, article.doctext a, "
                        "section.attrs script, section.attrs img").count() == 0
    expect(page.locator("section.attrs")).to_contain_text("<script>window.__xss=1</script>")
    _nothing_ran(page, "document")
    # our own script runs under the CSP: hovering a row lights its spans, clicking the markup's span selects it
    page.locator("tr.attr td").nth(1).hover()
    expect(page.locator("article.doctext .seg.lit").first).to_be_visible()
    script_span = page.locator("article.doctext .seg.content", has_text="<script>").first
    script_span.click()
    target = script_span.get_attribute("data-a").split()[-1]
    expect(page.locator(f"tr#{target}")).to_have_class(_has_class("selected"))
    _nothing_ran(page, "document after clicks")
    _shot(page, "document-hostile")

    # the same statements in search snippets, on their claim page and their speaker's page
    response = page.goto(f"{base}/search?q=gef%C3%A4hrlich")
    assert "content-security-policy" in response.headers
    expect(page.locator("ol.hits mark").first).to_have_text(re.compile("gefährlich", re.I))
    expect(page.locator("ol.hits")).to_contain_text("<script>window.__xss=1</script>")
    _nothing_ran(page, "search")
    a2 = next(a for a in doc["attributions"] if "<script>" in a["content"]["text"])
    for url in ("/search?q=onerror", "/search?q=klicken", f"/claims/{a2['claim']}", "/claims", "/",
                f"/entities/{a2['speaker']['cid']}" if a2["speaker"].get("cid") else "/entities"):
        response = page.goto(base + url)
        assert response.ok and "content-security-policy" in response.headers, url
        _nothing_ran(page, url)
    expect(page.locator("main")).to_contain_text("<script>window.__xss=1</script>")   # the speaker's events
    assert not [e for e in page.errors if "Content Security Policy" in e], page.errors
    assert not page.errors, page.errors


def test_phone_width(server, browser):
    base, records, _ = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    pg = context.new_page()
    doc = max(records, key=lambda r: len(r["attributions"]))
    claim = next(a["claim"] for a in doc["attributions"] if a.get("claim"))
    for url in (f"/documents/{doc['id']}", "/search?q=der", f"/claims/{claim}", "/claims", "/entities",
                "/documents", "/"):
        pg.goto(base + url)
        width, inner = pg.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width <= inner + 1, (url, width, inner)
    pg.goto(f"{base}/documents/{doc['id']}")
    text_box, table_box = pg.locator("article.doctext").bounding_box(), pg.locator("section.attrs").bounding_box()
    assert table_box["y"] >= text_box["y"] + text_box["height"] - 1, (text_box, table_box)
    assert table_box["x"] < 390 and text_box["x"] < 390
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "document-phone.png"))
    context.close()


@pytest.mark.parametrize("host", ["127.0.0.1", OTHER_NAME])
def test_api_docs_render_offline(server, page, host):
    """Swagger UI from our own files, under 127.0.0.1 and under another name (where Swagger UI would show the
    online validator's badge, fetched from validator.swagger.io, if it were on)."""
    base = server[0].replace("127.0.0.1", host)
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base + "/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15000)
    page.wait_for_load_state("networkidle")
    assert requested and all(u.startswith(base + "/") for u in requested), [u for u in requested
                                                                           if not u.startswith(base + "/")]
    assert base + "/openapi.json" in requested
    if host == "127.0.0.1":
        _shot(page, "docs")
    # plain http under a non-local name: Chromium says it ignores Cross-Origin-Opener-Policy (not our doing)
    assert not [e for e in page.errors if "Cross-Origin-Opener-Policy" not in e], page.errors
