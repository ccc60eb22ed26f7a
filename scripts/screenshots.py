"""The README's screenshots of `quellen serve`: one per page type, from a database you name.

    .venv/bin/quellen analyze examples/articles ../shared/seeds --db /tmp/shots.db
    .venv/bin/python scripts/screenshots.py /tmp/shots.db docs/screenshots

Starts the server on a free port, drives Debian's Chromium (/usr/bin/chromium) with Playwright and writes
search.png, document.png, claim.png and entity.png (1280x800, the top of each page).
"""
from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def main(db: str, out: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(db)
    doc = con.execute("SELECT doc_id FROM attributions GROUP BY doc_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    claim = con.execute("SELECT id FROM claims ORDER BY n_documents DESC, n_appearances DESC, id LIMIT 1").fetchone()[0]
    entity = con.execute("SELECT cid FROM corpus_entities WHERE type = 'PER' ORDER BY n_docs DESC, cid LIMIT 1").fetchone()[0]
    word = con.execute("SELECT name FROM corpus_entities WHERE type = 'PER' ORDER BY n_docs DESC LIMIT 1").fetchone()[0]
    con.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "quellen", "serve", "--db", db, "--port", str(port)])
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/api/documents", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            for name, url in (("search", f"/search?q={word.split()[-1]}"), ("document", f"/documents/{doc}"),
                              ("claim", f"/claims/{claim}"), ("entity", f"/entities/{entity}")):
                page.goto(base + url)
                if name == "document":           # one attribution lit, as a reader pointing at its row sees it
                    page.locator("tr.attr").nth(1).hover()
                page.wait_for_timeout(400)
                page.screenshot(path=str(Path(out) / f"{name}.png"))
                print(Path(out) / f"{name}.png")
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
