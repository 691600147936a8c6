"""Corpus readers: every format yields articles with positions, and malformed records as errors."""

from __future__ import annotations

import gzip
import io
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from unspin.corpus.readers import Columns, ReadOptions, canonical_url, extracted, iso_date, read
from unspin.errors import InputError
from unspin.ingest import IngestOptions

BODY = " ".join(
    ["Officials in the northern province said the new road would open to traffic next spring."] * 4
)
PAGE = (
    "<html><head><title>Road to open</title></head><body><article><h1>Road to open</h1>"
    f"<p>{BODY}</p><p>The project cost 12 million dollars, the ministry said.</p></article></body></html>"
)
LONG = "".join(
    f"<p>Paragraph {n}: the council met {n} times to discuss the road and its {n * 3} lanes.</p>"
    for n in range(20)
)
LOCAL = ReadOptions(ingest=IngestOptions(allow_private_hosts=True, timeout=5))


def _rss(link: str) -> str:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Daily</title>'
        f"<item><title>Teaser</title><link>{link}</link><description>Short.</description></item>"
        "</channel></rss>"
    )


def _index(base: str, *paths: str) -> str:
    sitemaps = "".join(f"<sitemap><loc>{base}{path}</loc></sitemap>" for path in paths)
    return f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{sitemaps}</sitemapindex>'


@pytest.fixture
def site() -> Iterator[str]:
    """A local web server with one article page and one sitemap listing it twice (once broken)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            urlset = f"<urlset><url><loc>{base}/news/road</loc></url></urlset>"
            pages: dict[str, tuple[str, str | bytes]] = {
                "/news/road": ("text/html; charset=utf-8", PAGE),
                "/sitemap.xml": ("application/xml; charset=utf-8", urlset),
                "/sitemap.xml.gz": ("application/gzip", gzip.compress(urlset.encode())),
                "/bomb.xml.gz": ("application/gzip", gzip.compress(b" " * 200_000)),
                "/feed": ("application/rss+xml", _rss(f"{base}/news/road")),
                "/index.xml": ("text/xml", _index(base, "/sitemap.xml", "/sitemap.xml.gz", "/news/road")),
                "/deep1.xml": ("text/xml", _index(base, "/deep2.xml")),
                "/deep2.xml": ("text/xml", _index(base, "/deep3.xml")),
                "/deep3.xml": ("text/xml", _index(base, "/sitemap.xml")),
            }
            if self.path not in pages:
                self.send_error(404)
                return
            kind, body = pages[self.path]
            data = body.encode() if isinstance(body, str) else body
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_jsonl_rows_become_articles_and_bad_lines_are_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(
        '{"body": "Troops arrived in the capital.", "link": "https://Example.com/a#top", '
        '"day": "Sat, 14 Mar 2026 10:00:00 GMT"}\n'
        "\n"
        "{broken\n"
        '["not", "an", "object"]\n'
        '{"body": ""}\n'
        '{"body": "<html><body><article><p>'
        + BODY
        + '</p></article></body></html>", "site": "daily.example"}\n',
        encoding="utf-8",
    )
    options = ReadOptions(
        columns=Columns(text="body", url="link", published="day", outlet="site"), fetch=False
    )
    records = list(read(str(path), options))
    assert [r.where for r in records] == [f"{path}:{n}" for n in (1, 3, 4, 5, 6)]
    first = records[0].article
    assert first is not None
    assert (first.text, first.url, first.outlet, first.published) == (
        "Troops arrived in the capital.",
        "https://Example.com/a#top",
        "example.com",
        "2026-03-14T10:00:00+00:00",
    )
    assert "not JSON" in (records[1].error or "")
    assert "JSON object" in (records[2].error or "")
    assert "no text" in (records[3].error or "")
    html = records[4].article
    assert html is not None and html.text.startswith("Officials") and html.outlet == "daily.example"


def test_csv_rows_with_bad_field_counts_are_reported_by_line(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        'text,title,published\n"Troops arrived, the ministry said.",Arrival,2026-03-14\nonly one\n'
        "A second article.,Second,not a date\n",
        encoding="utf-8",
    )
    records = list(read(str(path)))
    assert [r.where for r in records] == [f"{path}:{n}" for n in (2, 3, 4)]
    assert records[0].article is not None and records[0].article.title == "Arrival"
    assert records[0].article.published == "2026-03-14"
    assert "fewer fields" in (records[1].error or "")
    assert records[2].article is not None and records[2].article.published is None


def test_parquet_rows_and_a_damaged_file(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "in.parquet"
    pq.write_table(
        pa.table({"text": ["First article text.", None], "url": ["https://a.example/1", None]}), path
    )
    records = list(read(str(path)))
    assert records[0].article is not None and records[0].article.outlet == "a.example"
    assert records[1].where == f"{path} row 1" and "no text" in (records[1].error or "")
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    [record] = list(read(str(broken)))
    assert "Parquet" in (record.error or "")


def _warc(path: Path, pages: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for url, html in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            writer.write_record(
                writer.create_warc_record(
                    url, "response", payload=io.BytesIO(html.encode()), http_headers=headers
                )
            )
            writer.write_record(
                writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            )


def test_warc_response_records_with_html_become_articles(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("https://a.example/road", PAGE), ("https://a.example/empty", "<html><body></body></html>")])
    records = list(read(str(path)))
    assert len(records) == 2
    article = records[0].article
    assert article is not None and article.url == "https://a.example/road" and article.title == "Road to open"
    assert records[0].where.startswith(f"{path} record 0 @ ")
    assert records[1].article is None and "no article text" in (records[1].error or "")


def test_warc_pages_extracted_in_worker_processes_come_back_the_same_and_in_order(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    pages = [(f"https://a.example/road/{n}", PAGE.replace("Road", f"Road {n}")) for n in range(20)]
    _warc(path, [*pages, ("https://a.example/empty", "<html><body></body></html>")])
    deferred = list(read(str(path), ReadOptions(defer=True)))
    assert all(r.make is not None and r.article is None for r in deferred)
    here = list(read(str(path)))
    in_workers = list(extracted(iter(deferred), jobs=2))
    assert [(r.where, r.article, r.error, r.make) for r in in_workers] == [
        (r.where, r.article, r.error, None) for r in here
    ]
    assert in_workers[3].article is not None and in_workers[3].article.title == "Road 3 to open"


def test_truncated_warc_reports_where_it_broke(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    _warc(path, [("https://a.example/1", PAGE), ("https://a.example/2", PAGE.replace("Road", "Bridge"))])
    data = path.read_bytes()
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) - 200])
    records = list(read(str(tmp_path / "cut.warc.gz")))
    assert records[0].article is not None
    assert records[-1].article is None and "WARC" in (records[-1].error or "")


def test_feed_entries_with_full_text_are_used_and_teasers_fetched(tmp_path: Path, site: str) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Daily</title>"
        "<item><title>Full</title><link>https://daily.example/full</link>"
        "<pubDate>Sat, 14 Mar 2026 08:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{LONG}]]></content:encoded></item>"
        f"<item><title>Teaser</title><link>{site}/news/road</link>"
        "<description>Short teaser.</description></item>"
        "<item><title>Nothing</title><description>No link.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    records = list(read(str(feed), LOCAL))
    assert [r.where for r in records] == [f"{feed} entry {n}" for n in (1, 2, 3)]
    full, teaser = records[0].article, records[1].article
    assert full is not None and full.url == "https://daily.example/full" and full.title == "Full"
    assert full.published == "2026-03-14T08:00:00+00:00" and full.outlet == "daily.example"
    assert teaser is not None and teaser.title == "Road to open" and "12 million" in teaser.text
    assert "neither a link" in (records[2].error or "")
    offline = list(read(str(feed), ReadOptions(fetch=False)))
    assert offline[1].article is None and "fetching is off" in (offline[1].error or "")


def test_sitemap_urls_are_fetched_and_garbage_is_reported(tmp_path: Path, site: str) -> None:
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site}/news/road</loc></url><url><loc>{site}/missing</loc></url><url><loc>ftp://x</loc></url>"
        "</urlset>",
        encoding="utf-8",
    )
    records = list(read(str(sitemap), LOCAL))
    assert records[0].article is not None and records[0].article.title == "Road to open"
    assert records[1].article is None and "404" in (records[1].error or "")
    assert "not an http(s) URL" in (records[2].error or "")
    broken = tmp_path / "bad.xml"
    broken.write_bytes(b"<urlset><url><loc>unclosed")
    assert "malformed sitemap" in (next(iter(read(str(broken)))).error or "")


def test_feeds_and_sitemap_indexes_by_url_are_followed_within_bounds(
    site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    [entry] = read(f"{site}/feed", LOCAL)
    assert entry.where == f"{site}/feed entry 1"
    assert entry.article is not None and entry.article.title == "Road to open"
    records = list(read(f"{site}/index.xml", LOCAL))
    assert [r.where for r in records] == [
        f"{site}/sitemap.xml url 1",
        f"{site}/sitemap.xml.gz url 1",
        f"{site}/news/road",
    ]
    assert all(r.article is not None and "12 million" in r.article.text for r in records[:2])
    assert records[2].error == "listed in a sitemap index but not a sitemap"
    [page] = read(f"{site}/news/road", LOCAL)  # a plain page is still one article
    assert page.article is not None and page.article.source == f"{site}/news/road"
    deep = list(read(f"{site}/deep1.xml", LOCAL))
    assert [(r.where, r.error) for r in deep] == [
        (f"{site}/deep3.xml", "sitemap indexes nested more than 2 deep are not followed")
    ]
    small = dict(LOCAL.ingest.__dict__, max_bytes=100_000)
    [bomb] = read(f"{site}/bomb.xml.gz", ReadOptions(ingest=IngestOptions(**small)))
    assert "larger than the 100,000-byte limit once decompressed" in (bomb.error or "")
    monkeypatch.setattr("unspin.corpus.readers.MAX_SITEMAPS", 1)
    capped = list(read(f"{site}/index.xml", LOCAL))
    assert [r.article is not None for r in capped] == [True, False]
    assert capped[1].error == "2 more sitemaps not read (at most 1 per source)"


def test_feed_urls_keep_the_fetchers_guard(site: str) -> None:
    """Loopback is refused unless allowed, for the feed and for the links in a feed read from a file."""
    [refused] = read(f"{site}/feed", ReadOptions())
    assert refused.article is None and "loopback" in (refused.error or "")
    assert [r.article for r in read(f"{site}/feed", ReadOptions(fetch=False))] == [None]


def test_folders_are_read_in_sorted_order_and_missing_paths_raise(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("Second article.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("First article.", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Hidden.", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    with gzip.open(tmp_path / "sub" / "c.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write('{"text": "Third article."}\n')
    texts = [r.article.text for r in read(str(tmp_path)) if r.article is not None]
    assert texts == ["First article.", "Second article.", "Third article."]
    with pytest.raises(InputError, match="no such file"):
        list(read(str(tmp_path / "nope")))


def test_canonical_urls_and_dates() -> None:
    assert (
        canonical_url("HTTPS://Example.COM:443/a/b/?utm_source=x&id=3#frag") == "https://example.com/a/b?id=3"
    )
    assert canonical_url("http://example.com") == "http://example.com/"
    assert canonical_url(None) is None
    assert iso_date("2026-03-14") == "2026-03-14"
    assert iso_date("Sat, 14 Mar 2026 10:00:00 +0100") == "2026-03-14T10:00:00+01:00"
    assert iso_date("last Tuesday") is None
