"""Latency of `unspin serve` under load, on loopback only, bounded in clients and time.

Starts the server as a user would (``unspin serve`` in a subprocess, on a free 127.0.0.1 port, rate
limit off since every client shares one address), then:

1. **single**: ``POST /api/analyze`` of a ~1,000-word article (paragraphs of the example article, our
   own text), one request at a time, warm; p50/p95. The baseline in the same run is the pipeline's own
   time per batch, read from the server's ``/metrics`` (so the ratio is the HTTP and queue overhead).
2. **load**: ``--clients`` threads for ``--seconds``, each on its own keep-alive connection, mixing
   analyze of a ~300-word article with list and article reads (``GET /api/articles``,
   ``GET /api/articles/{id}``) when the server has a store (``--db``); errors = any non-2xx or failure.

3. **reads**: with ``--build-store N --ptc DIR``, a SQLite store of ``N`` articles is built first in a
   temporary folder (removed at the end; nothing is committed): ``--distinct`` PTC training articles are
   analysed once in this process through the runner, then stored ``N`` times over, each copy made
   distinct by a closing line of its own (so the text and its hash differ; the analysis' offsets still
   hold), spread over 12 outlets and 24 months, through the store's own ``insert_article`` and
   ``save_analyses``. Then one client reads, one request at a time: the list (API and page, with and
   without each filter) and single articles (API and page); p50/p95 per kind, before the load step,
   which then mixes these reads with analyze.

Usage: ``python bench/bench_serve.py [--clients 20] [--seconds 60] [--repeats 10] [--db URL]
[--build-store 10000 --ptc ../shared/data/ptc/train-articles]``; results and the command go in
BENCHMARKS.md ("Server"). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "valdoria-report.txt"
MAX_CLIENTS, MAX_SECONDS = 64, 600


def article_text(words: int, seed: int = 0) -> str:
    """About ``words`` words of the example's paragraphs, rotated by ``seed`` so texts differ."""
    paragraphs = [p for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out: list[str] = []
    i = seed
    while sum(len(p.split()) for p in out) < words:
        out.append(paragraphs[i % len(paragraphs)])
        i += 1
    return "\n\n".join(out)


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def start_server(db: str | None) -> tuple[subprocess.Popen[bytes], int, Any]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    command = [sys.executable, "-c", "from unspin.cli import main; main()", "serve", "--port", str(port)]
    command += ["--rate-limit", "0"] + (["--db", db] if db else [])
    log = tempfile.TemporaryFile()  # noqa: SIM115  (closed by main once the server is stopped)
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 600
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return process, port, log
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                sys.exit(f"server did not start:\n{log.read().decode(errors='replace')[-2000:]}")
            time.sleep(0.5)


class Client:
    """One keep-alive connection; ``call`` returns (status, seconds, body)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, float, bytes]:
        payload = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if payload is not None else {}
        started = time.perf_counter()
        try:
            self.conn.request(method, path, body=payload, headers=headers)
            response = self.conn.getresponse()
            data = response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=300)
            status, data = 0, b""
        return status, time.perf_counter() - started, data


def pipeline_seconds(port: int) -> tuple[float, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as response:
        page = response.read().decode()
    total = float(re.search(r"^unspin_analysis_batch_seconds_sum (\S+)$", page, re.M).group(1))  # type: ignore[union-attr]
    count = int(re.search(r"^unspin_analysis_batch_seconds_count (\S+)$", page, re.M).group(1))  # type: ignore[union-attr]
    return total, count


def single(port: int, repeats: int) -> dict[str, Any]:
    client = Client(port)
    text = article_text(1000)
    status, _, _ = client.call("POST", "/api/analyze", {"text": text})  # warm-up, not counted
    assert status == 200, status
    before = pipeline_seconds(port)
    samples = []
    for _ in range(repeats):
        status, seconds, _ = client.call("POST", "/api/analyze", {"text": text})
        assert status == 200, status
        samples.append(seconds)
    after = pipeline_seconds(port)
    pipeline = (after[0] - before[0]) / max(1, after[1] - before[1])
    return {
        "words": len(text.split()),
        "repeats": repeats,
        "p50_s": round(statistics.median(samples), 3),
        "p95_s": round(percentile(samples, 0.95), 3),
        "pipeline_mean_s": round(pipeline, 3),
        "overhead_ratio": round(statistics.median(samples) / pipeline, 2) if pipeline else None,
    }


def load(port: int, clients: int, seconds: float, ids: list[int]) -> dict[str, Any]:
    texts = [article_text(300, seed) for seed in range(8)]
    kinds = ["analyze"] + (["list", "article", "list", "article"] if ids else [])
    latencies: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def run(n: int) -> None:
        rng = random.Random(n)
        client = Client(port)
        while time.monotonic() < stop:
            kind = rng.choice(kinds)
            if kind == "analyze":
                status, took, _ = client.call("POST", "/api/analyze", {"text": rng.choice(texts)})
            elif kind == "list":
                status, took, _ = client.call("GET", "/api/articles?limit=20")
            else:
                status, took, _ = client.call("GET", f"/api/articles/{rng.choice(ids)}")
            with lock:
                latencies[kind].append(took)
                if not 200 <= status < 300:
                    errors[kind] += 1

    threads = [threading.Thread(target=run, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    result: dict[str, Any] = {"clients": clients, "seconds": round(wall, 1), "errors": sum(errors.values())}
    for kind, samples in sorted(latencies.items()):
        result[kind] = {
            "requests": len(samples),
            "errors": errors[kind],
            "p50_s": round(statistics.median(samples), 3),
            "p95_s": round(percentile(samples, 0.95), 3),
            "per_s": round(len(samples) / wall, 2),
        }
    return result


OUTLETS = [f"outlet-{i:02d}.example" for i in range(12)]


def build_store(path: Path, n: int, ptc: Path, distinct: int) -> dict[str, Any]:
    """A store of ``n`` analysed articles made from ``distinct`` PTC training texts (see the docstring)."""
    from unspin import Article
    from unspin.runner import Runner
    from unspin.store import content_hash, open_store

    files = sorted(ptc.glob("article*.txt"))[:distinct]
    if not files:
        sys.exit(f"no article*.txt in {ptc}")
    started = time.perf_counter()
    with Runner() as runner:
        analysed = [
            r.article
            for r in runner.analyse(Article(f.read_text(encoding="utf-8")) for f in files)
            if r.article is not None
        ]
    analyse_s = time.perf_counter() - started
    started = time.perf_counter()
    with open_store(str(path)) as store:
        for first in range(0, n, 500):
            with store.transaction() as connection:
                for i in range(first, min(n, first + 500)):
                    base = analysed[i % len(analysed)]
                    article = Article(
                        f"{base.text}\n\nCopy {i} of this text, kept for the benchmark.",
                        title=f"{(base.text.splitlines() or ['Untitled'])[0][:120]} ({i})",
                        outlet=OUTLETS[i % len(OUTLETS)],
                        published=f"{2024 + (i // 12) % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    )
                    article.layers, article.summary = base.layers, base.summary
                    new_id = store.insert_article(
                        connection,
                        article,
                        digest=content_hash(article.text),
                        canonical_url=None,
                        source="bench",
                    )
                    store.save_analyses(connection, new_id, article, list(base.layers))
    return {
        "articles": n,
        "distinct_texts": len(analysed),
        "analyse_s": round(analyse_s, 1),
        "write_s": round(time.perf_counter() - started, 1),
        "bytes": path.stat().st_size,
    }


def reads(port: int, ids: list[int], repeats: int) -> dict[str, Any]:
    """One client, one request at a time: each kind of list and article read ``repeats`` times."""
    client = Client(port)
    rng = random.Random(7)
    kinds: dict[str, Any] = {
        "api list": lambda: "/api/articles?limit=50",
        "api list outlet+dates": lambda: (
            f"/api/articles?outlet={rng.choice(OUTLETS)}&since=2024-03-01&until=2024-09-30"
        ),
        "api list technique": lambda: "/api/articles?technique=Loaded_Language",
        "api list unsourced": lambda: "/api/articles?unsourced=true",
        "api list q": lambda: "/api/articles?q=government",
        "api list page 20": lambda: f"/api/articles?cursor={max(2, ids[0] - 20 * 50)}",
        "api article": lambda: f"/api/articles/{rng.choice(ids)}",
        "page list": lambda: "/articles",
        "page list filtered": lambda: f"/articles?outlet={rng.choice(OUTLETS)}&technique=Loaded_Language",
        "page article": lambda: f"/articles/{rng.choice(ids)}",
    }
    result: dict[str, Any] = {}
    for kind, path in kinds.items():
        samples = []
        for _ in range(repeats):
            status, took, _ = client.call("GET", path())
            assert status == 200, (kind, status)
            samples.append(took)
        result[kind] = {
            "p50_ms": round(1000 * statistics.median(samples)),
            "p95_ms": round(1000 * percentile(samples, 0.95)),
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--db", help="serve this store, and mix list and article reads into the load")
    parser.add_argument(
        "--build-store", type=int, metavar="N", help="build a SQLite store of N articles first"
    )
    parser.add_argument("--ptc", type=Path, help="PTC training articles for --build-store")
    parser.add_argument("--distinct", type=int, default=40, help="distinct texts analysed for --build-store")
    parser.add_argument("--read-repeats", type=int, default=100, help="requests per kind of read")
    parser.add_argument("--skip-load", action="store_true", help="only the single and read steps")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    if not (1 <= args.clients <= MAX_CLIENTS and 0 < args.seconds <= MAX_SECONDS):
        parser.error(f"--clients must be 1..{MAX_CLIENTS} and --seconds 0..{MAX_SECONDS}")
    if args.build_store and (args.db or not args.ptc):
        parser.error("--build-store needs --ptc and no --db")
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="unspin-bench-") as folder:
        db = args.db
        if args.build_store:
            db = str(Path(folder) / "bench.db")
            results["store"] = build_store(Path(db), args.build_store, args.ptc, args.distinct)
        process, port, log = start_server(db)
        try:
            ids: list[int] = []
            if db:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/api/articles?limit=200", timeout=30
                ) as r:
                    ids = [int(item["id"]) for item in json.load(r)["items"]]
            results["single"] = single(port, args.repeats)
            if db:
                results["reads"] = reads(port, ids, args.read_repeats)
            if not args.skip_load:
                results["load"] = load(port, args.clients, args.seconds, ids)
        finally:
            process.terminate()
            process.wait(timeout=60)
            log.close()
    print(json.dumps(results, indent=2))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
