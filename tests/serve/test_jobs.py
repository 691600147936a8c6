"""Jobs: long work queued over the API, its state in the store, resumed after the server is killed."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from unspin.store import open_store
from unspin.store.schema import analyses, articles

from ._helpers import error_of

TOPICS = ["the harbour", "the new bridge", "the railway", "the grain market", "the border crossing"]


def texts(n: int) -> list[str]:
    """``n`` different English articles of about 120 words each (our own sentences)."""
    out = []
    for i in range(n):
        topic = TOPICS[i % len(TOPICS)]
        out.append(
            f"Report {i}. Officials said on Monday that {i + 3} workers were sent to {topic} after a storm. "
            f"The mayor called the damage to {topic} a disgrace and blamed the ministry for neglect. "
            f"Residents told reporters that {i * 7 + 11} families were still without power on Tuesday night. "
            "Critics said the government had ignored every warning and that the repairs would take months. "
            f"A spokesman for the ministry said the budget for {topic} would be reviewed before the winter. "
            "Nobody knows how many more storms the old town can survive, one engineer warned."
        )
    return out


def write_inbox(folder: Path, n: int) -> list[str]:
    folder.mkdir()
    written = texts(n)
    for i, text in enumerate(written):
        (folder / f"article-{i:03d}.txt").write_text(text, encoding="utf-8")
    return written


def wait_for(client: TestClient, job_id: int, timeout: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


def test_an_add_job_stores_and_analyses_its_sources_once(
    make_client: Callable[..., TestClient], tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    write_inbox(inbox, 3)
    with make_client(db=str(tmp_path / "unspin.db"), inbox=str(inbox)) as client:
        created = client.post("/api/jobs", json={"kind": "add", "sources": ["."]})
        assert created.status_code == 202, created.text
        assert created.headers["location"] == f"/api/jobs/{created.json()['id']}"
        job = wait_for(client, created.json()["id"])
        assert job["state"] == "done" and job["error"] is None
        assert job["added"] == {"read": 3, "added": 3, "duplicates": 0, "skipped": 0}
        assert job["progress"] == {"total": 3, "analysed": 3, "failed": 0}
        again = wait_for(
            client, client.post("/api/jobs", json={"kind": "add", "sources": ["."]}).json()["id"]
        )
        assert again["added"]["duplicates"] == 3 and again["progress"]["total"] == 0
        rerun = wait_for(client, client.post("/api/jobs", json={"kind": "run"}).json()["id"])
        assert rerun["state"] == "done" and rerun["progress"]["total"] == 0
        listed = client.get("/api/jobs").json()["items"]
        assert [j["id"] for j in listed] == [rerun["id"], again["id"], job["id"]]
    with open_store(str(tmp_path / "unspin.db")) as store:
        counts = store.counts()
    assert (counts["articles"], counts["analysed"], counts["errors"]) == (3, 3, 0)


def test_jobs_read_files_only_from_the_inbox(make_client: Callable[..., TestClient], tmp_path: Path) -> None:
    (tmp_path / "secret.txt").write_text("not for the server to read", encoding="utf-8")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    with make_client(db=str(tmp_path / "unspin.db")) as no_inbox:
        refused = no_inbox.post("/api/jobs", json={"kind": "add", "sources": [str(tmp_path / "secret.txt")]})
        assert refused.status_code == 422 and "--inbox" in error_of(refused)
        assert no_inbox.get("/api/jobs/99").status_code == 404
    with make_client(db=str(tmp_path / "unspin.db"), inbox=str(inbox)) as client:
        for source in ("../secret.txt", str(tmp_path / "secret.txt"), "missing.txt"):
            outside = client.post("/api/jobs", json={"kind": "add", "sources": [source]})
            assert outside.status_code == 422, source
            assert "inbox" in error_of(outside)
        for body in ({"kind": "add"}, {"kind": "run", "sources": ["x"]}, {"kind": "delete"}):
            assert client.post("/api/jobs", json=body).status_code == 422, body
        assert client.get("/api/jobs").json()["items"] == []
    assert make_client().post("/api/jobs", json={"kind": "run"}).status_code == 404


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(db: str, inbox: Path, port: int, log: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-c", "from unspin.cli import main; main()", "serve", "--db", db]
    command += ["--inbox", str(inbox), "--port", str(port), "--only", "techniques", "--rate-limit", "0"]
    with log.open("ab") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while True:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5):
                return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the server did not start: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.3)


def _call(port: int, path: str, body: dict[str, Any] | None = None) -> Any:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data)
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.load(response)


def test_a_job_killed_with_the_server_resumes_with_nothing_lost_or_duplicated(tmp_path: Path) -> None:
    n = 160
    written = write_inbox(tmp_path / "inbox", n)
    db = str(tmp_path / "unspin.db")
    log = tmp_path / "server.log"
    port = _free_port()
    server = _serve(db, tmp_path / "inbox", port, log)
    try:
        job_id = _call(port, "/api/jobs", {"kind": "add", "sources": ["."]})["id"]
        deadline = time.monotonic() + 300
        while True:  # kill -9 in the middle of analysing: some batches committed, most not
            job = _call(port, f"/api/jobs/{job_id}")
            if job["phase"] == "analyse" and job["progress"]["analysed"] >= 8:
                break
            assert job["state"] != "done", "the job ended before the test could kill the server"
            assert time.monotonic() < deadline, job
            time.sleep(0.05)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()
    before = job["progress"]["analysed"]
    assert before < n
    server = _serve(db, tmp_path / "inbox", port, log)  # the job resumes on its own
    try:
        deadline = time.monotonic() + 600
        while (job := _call(port, f"/api/jobs/{job_id}"))["state"] not in ("done", "failed"):
            assert time.monotonic() < deadline, job
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=60)
    assert job["state"] == "done", job
    assert job["added"] == {"read": n, "added": n, "duplicates": 0, "skipped": 0}
    assert job["progress"]["analysed"] == n and job["progress"]["failed"] == 0
    with open_store(db) as store, store.reading() as connection:
        stored = [row.text for row in connection.execute(sa.select(articles.c.text))]
        per_article = connection.execute(
            sa.select(analyses.c.article_id, sa.func.count())
            .where(analyses.c.analyzer == "techniques")
            .group_by(analyses.c.article_id)
        ).all()
    assert sorted(stored) == sorted(written)  # every file once, none twice
    assert len(per_article) == n and {count for _, count in per_article} == {1}
