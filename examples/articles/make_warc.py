"""Build hafen-streik.warc.gz: a small web archive with one HTML article (plus a request and a robots.txt record
that quellen must skip). Run from this folder: ``python make_warc.py``. Deterministic (fixed ids and dates)."""
from __future__ import annotations

from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
URL = "https://kuestenkurier.example/wirtschaft/hafenstreik-verlaengert"
DATE = "2025-06-03T07:15:00Z"

ARTICLE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Hafenarbeiter verlängern Streik – Reedereien warnen vor Engpässen | Küstenkurier</title>
<meta property="og:site_name" content="Küstenkurier">
<meta property="article:published_time" content="2025-06-03">
<meta name="description" content="Beispielartikel für quellen (fiktiv, CC0).">
</head><body>
<nav><a href="/">Startseite</a> <a href="/wirtschaft">Wirtschaft</a> <a href="/region">Region</a></nav>
<article>
<h1>Hafenarbeiter verlängern Streik – Reedereien warnen vor Engpässen</h1>
<p>Nordhaven – Der Streik im Containerhafen von Nordhaven geht in die zweite Woche. Die Gewerkschaft Hafen und
Logistik kündigte am Dienstag an, den Ausstand bis mindestens Freitag fortzusetzen. „Die Arbeitgeber haben uns
kein Angebot vorgelegt, über das man ernsthaft reden kann“, sagte Gewerkschaftssekretär Ole Brandes.</p>
<p>Der Verband der Hafenbetriebe wies diese Darstellung zurück. Man habe eine Lohnerhöhung von sechs Prozent
angeboten, teilte Verbandssprecherin Frauke Jansen mit. Die Gewerkschaft verweigere sich jeder Einigung.</p>
<p>Nach Schätzungen der Hafenverwaltung warten inzwischen mehr als 40 Schiffe vor der Küste. Mehrere Reedereien
sollen bereits erwägen, ihre Frachter in andere Häfen umzuleiten. Eine mit den Verhandlungen vertraute Person
sagte, eine Schlichtung werde hinter den Kulissen vorbereitet.</p>
<p>Laut dem Wirtschaftsministerium des Landes ist die Versorgung mit Lebensmitteln nicht gefährdet. Es hieß
jedoch, bei Ersatzteilen für die Industrie könne es zu Verzögerungen kommen.</p>
</article>
<footer><p>Teilen</p><p>© 2025 Küstenkurier – Alle Rechte vorbehalten</p></footer>
</body></html>
"""


def _record(writer: WARCWriter, kind: str, uri: str, payload: bytes, http: StatusAndHeaders | None, n: int,
            content_type: str | None = None):
    headers = {"WARC-Record-ID": f"<urn:uuid:00000000-0000-4000-8000-{n:012d}>", "WARC-Date": DATE}
    return writer.create_warc_record(uri, kind, payload=BytesIO(payload), http_headers=http,
                                     warc_headers_dict=headers, warc_content_type=content_type)


def main(out: Path = HERE / "hafen-streik.warc.gz") -> Path:
    with out.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        request = StatusAndHeaders("GET /wirtschaft/hafenstreik-verlaengert HTTP/1.1",
                                   [("Host", "kuestenkurier.example")], is_http_request=True)
        writer.write_record(_record(writer, "request", URL, b"", request, 1))
        body = ARTICLE.encode("utf-8")
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                           ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        writer.write_record(_record(writer, "response", URL, body, http, 2))
        robots = b"User-agent: *\nDisallow:\n"
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(robots)))],
                                protocol="HTTP/1.1")
        writer.write_record(_record(writer, "response", "https://kuestenkurier.example/robots.txt", robots, http, 3))
    return out


if __name__ == "__main__":
    print(main())
