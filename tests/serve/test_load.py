"""Load on the real server: 20 clients at once, mixing analyses with list and article reads, get no error.

A bounded CI check (loopback only, 15 s); the 60-second run with its latencies is ``bench/bench_serve.py``,
whose figures are in BENCHMARKS.md.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
import urllib.parse
from collections import Counter

import pytest

from ._helpers import ARTICLE

CLIENTS, SECONDS = 20, 15.0

pytestmark = pytest.mark.slow


Body = dict[str, str] | None


def _call(conn: http.client.HTTPConnection, method: str, path: str, body: Body = None) -> int:
    payload = json.dumps(body).encode() if body is not None else None
    conn.request(method, path, body=payload, headers={"Content-Type": "application/json"} if payload else {})
    response = conn.getresponse()
    response.read()
    return response.status


def test_twenty_clients_mixing_analyses_and_reads_get_no_error(unthrottled_server: str) -> None:
    host = urllib.parse.urlsplit(unthrottled_server)
    probe = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=120)
    probe.request("GET", "/api/articles?limit=20")
    ids = [item["id"] for item in json.loads(probe.getresponse().read())["items"]]
    assert ids, "the test store has articles"
    texts = [" ".join(ARTICLE.split()[i:] + ARTICLE.split()[:i]) for i in range(0, 40, 5)]
    outcomes: Counter[tuple[str, int]] = Counter()
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(n: int) -> None:
        rng = random.Random(n)
        conn = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=120)
        while time.monotonic() < stop:
            kind = rng.choice(["analyze", "list", "article", "list", "article"])
            try:
                if kind == "analyze":
                    status = _call(conn, "POST", "/api/analyze", {"text": rng.choice(texts)})
                elif kind == "list":
                    status = _call(conn, "GET", "/api/articles?limit=20")
                else:
                    status = _call(conn, "GET", f"/api/articles/{rng.choice(ids)}")
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection(host.hostname or "127.0.0.1", host.port, timeout=120)
            with lock:
                outcomes[kind, status] += 1

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = {key: count for key, count in outcomes.items() if not 200 <= key[1] < 300}
    assert errors == {}, f"errors under load: {errors}"
    done = Counter(kind for kind, _ in outcomes.elements())
    assert done["analyze"] >= CLIENTS // 4 and done["list"] >= CLIENTS and done["article"] >= CLIENTS, done
