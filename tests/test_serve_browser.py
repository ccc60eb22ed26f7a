"""``quellen serve`` in a real browser: Debian's Chromium driven by Playwright, against a real server (uvicorn in
a subprocess) over a database analysed by the real CLI from the examples and a hostile article.

Playwright cannot download its own browser here; it drives ``/usr/bin/chromium`` (``apt-get install chromium``,
which ``.ci/run`` does). Screenshots of each page type go to ``build/screenshots/``.
"""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[test]')")
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
if CHROMIUM is None:
    pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium)", allow_module_level=True)

import serve_fixtures  # noqa: E402

expect = sync_api.expect
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db, records = serve_fixtures.build(tmp_path_factory.mktemp("browser"))
    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "quellen", "serve", "--db", db, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/api/documents", timeout=1).read()
            break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(proc.stdout.read().decode(errors="replace"))
            time.sleep(0.1)
    yield base, records
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
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


def _word(records) -> str:
    """A long word of an attribution's content in the examples (not hard-coded text)."""
    a = next(a for r in records for a in r["attributions"] if "angriff" not in r["source"]
             and len(a["content"]["text"].split()) > 4)
    return max((w.strip(".,;:!?„“\"()") for w in a["content"]["text"].split()), key=len)


def test_search_then_a_facet(server, page):
    base, records = server
    page.goto(base + "/")
    page.fill("#q", _word(records))
    page.press("#q", "Enter")
    expect(page.locator("ol.hits mark").first).to_be_visible()
    _shot(page, "search")
    facet = page.locator('section.facet[data-facet="type"] a').first
    value = facet.inner_text().strip().replace(" ", "_")
    facet.click()
    expect(page).to_have_url(f"{base}/search?q={_word(records)}&type={value}".replace(" ", "+"))
    hits = page.locator("ol.hits li.hit")
    assert hits.count() >= 1
    assert all(f"type-{value}" in (hits.nth(i).get_attribute("class") or "") for i in range(hits.count()))
    assert not page.errors


def test_document_view_links_text_and_table(server, page):
    base, records = server
    page.goto(f"{base}/search?q={_word(records)}")
    page.locator("ol.hits .snippet a").first.click()
    aid = page.url.split("#")[1]
    row = page.locator(f"tr#{aid}")
    expect(row).to_have_class(__import__("re").compile("selected"))
    assert page.locator(f'.doctext .seg.selected').count() >= 1
    _shot(page, "document")
    rows = page.locator("tr.attr")
    if rows.count() > 1:
        other = rows.nth(1) if rows.nth(0).get_attribute("id") == aid else rows.nth(0)
        oid = other.get_attribute("id")
        other.hover()
        lit = page.locator(".doctext .seg.lit")
        expect(lit.first).to_be_visible()
        lit_ids = [lit.nth(i).get_attribute("data-a") for i in range(lit.count())]
        assert all(oid in ids.split() for ids in lit_ids), (oid, lit_ids)
        span = page.locator(f'.doctext .seg[data-a~="{oid}"]').first
        span.click()
        expect(page.locator(f"tr#{oid}")).to_have_class(__import__("re").compile("selected"))
    # keyboard: Tab to a row, Enter selects it
    first = rows.nth(0)
    first.focus()
    page.keyboard.press("Enter")
    expect(first).to_have_class(__import__("re").compile("selected"))
    assert page.url.endswith("#" + first.get_attribute("id"))
    assert not page.errors


def test_claim_and_entity_pages(server, page):
    base, records = server
    doc = next(r for r in records if any(a.get("claim") for a in r["attributions"]))
    page.goto(f"{base}/documents/{doc['id']}")
    page.locator("tr.attr td a[href^='/claims/']").first.click()
    expect(page.locator("table.appearances tbody tr").first).to_be_visible()
    assert page.locator("table.appearances a[href^='/documents/']").count() >= 1
    expect(page.locator("p .status")).to_be_visible()
    _shot(page, "claim")
    speaker = page.locator("table.appearances a.speaker")
    if speaker.count() == 0:
        page.goto(f"{base}/entities")
        speaker = page.locator("table a[href^='/entities/']")
    speaker.first.click()
    expect(page.locator("h1")).to_be_visible()
    assert page.locator("figure.timeline svg rect").count() >= 1 or page.locator("p.muted").count() >= 1
    expect(page.locator("table.events tbody tr").first).to_be_visible()
    _shot(page, "entity")
    assert not page.errors


def test_hostile_article_shows_its_markup_as_text_and_runs_nothing(server, page):
    base, records = server
    doc = next(r for r in records if "angriff" in r["source"])
    response = page.goto(f"{base}/documents/{doc['id']}")
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    article = page.locator("article.doctext")
    expect(article).to_contain_text("<script>window.__xss=1</script>")
    expect(article).to_contain_text('<img src=x onerror="window.__xss=2">')
    expect(article).to_contain_text("&lt;b&gt;falsch&lt;/b&gt;")
    assert page.locator("article.doctext script, article.doctext img, .attrs script, .attrs img").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    page.locator("tr.attr").first.hover()                       # our own script runs (the CSP allows it)
    expect(page.locator(".doctext .seg.lit").first).to_be_visible()
    for url in (f"{base}/search?q=script", f"{base}/search?q=gef%C3%A4hrlich", base + "/"):
        page.goto(url)
        assert page.evaluate("typeof window.__xss") == "undefined", url
        assert page.locator("main script, main img").count() == 0, url
    assert not page.errors


def test_phone_width(server, browser):
    base, records = server
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    pg = context.new_page()
    doc = max(records, key=lambda r: len(r["attributions"]))
    for url in (f"/documents/{doc['id']}", "/search?q=der", "/claims", "/"):
        pg.goto(base + url)
        assert pg.evaluate("document.documentElement.scrollWidth") <= pg.evaluate("window.innerWidth") + 1, url
    pg.goto(f"{base}/documents/{doc['id']}")
    text_box, table_box = pg.locator("article.doctext").bounding_box(), pg.locator("section.attrs").bounding_box()
    assert table_box["y"] >= text_box["y"] + text_box["height"] - 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    pg.screenshot(path=str(SHOTS / "document-phone.png"))
    context.close()


def test_api_docs_render_offline(server, page):
    base, _ = server
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(base + "/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15000)
    assert requested and all(u.startswith(base) for u in requested), [u for u in requested if not u.startswith(base)]
    _shot(page, "docs")
