"""The store's cost: ``unspin add`` + ``unspin run`` against ``unspin analyze --format jsonl`` on the same
articles, and ``unspin add`` of a WARC against trafilatura alone on the same records, in the same run.

Usage::

    python bench/bench_store.py                      # 100 PTC training articles, --jobs 2, 2 rounds
    python bench/bench_store.py --n 371 --warc 2000  # plus a WARC of 2,000 generated pages
    python bench/bench_store.py --n 40 --no-store --ray   # unspin run --engine ray vs --jobs 2

Articles are made at run time from the PTC training texts (``../shared/data/ptc/train-articles``; nothing
is committed). Every command runs as a fresh process, rounds alternate baseline and store so drift on a
shared machine hits both, and the medians are compared. The WARC holds pages of 12 sentences drawn (seeded)
from the whole pool of training sentences, so its records are distinct, as in a crawl; the baseline reads
the same WARC with warcio and runs ``trafilatura.bare_extraction`` on every HTML response.
"""

from __future__ import annotations

import argparse
import html
import io
import json
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "ptc" / "train-articles"
_PEAK = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
    "sys.exit(code)\n"
)
_TRAFILATURA = r"""
import sys, time
from warcio.archiveiterator import ArchiveIterator
import trafilatura
started = time.perf_counter()
done = 0
with open(sys.argv[1], "rb") as handle:
    for record in ArchiveIterator(handle):
        if record.rec_type == "response":
            page = record.content_stream().read().decode("utf-8")
            done += trafilatura.bare_extraction(page, with_metadata=True) is not None
print(time.perf_counter() - started, done)
"""
_ADD = r"""
import sys, time
started = time.perf_counter()
from unspin.corpus import add_sources
from unspin.store import open_store
with open_store(sys.argv[2]) as store:
    report = add_sources(store, [sys.argv[1]])
print(time.perf_counter() - started, report.added)
"""


def unspin(*args: str) -> tuple[float, int]:
    """Run ``unspin ARGS`` in a fresh process: (wall seconds, peak RSS in MB of its largest process)."""
    command = [
        sys.executable,
        "-c",
        _PEAK,
        sys.executable,
        "-c",
        "from unspin.cli import main; main()",
        *args,
    ]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"bench_store: unspin {' '.join(args)} failed: {done.stderr.strip().splitlines()[-1:]}")
    return elapsed, int(done.stdout.split()[-1])


def articles_and_store(folder: Path, work: Path, jobs: int, rounds: int) -> dict[str, float]:
    base, store, peaks = [], [], []
    for round_ in range(rounds):
        seconds, peak = unspin(
            "analyze", *map(str, sorted(folder.glob("*.txt"))), "--format", "jsonl",
            "-o", str(work / "all.jsonl"), "--jobs", str(jobs), "--quiet",
        )  # fmt: skip
        base.append(seconds)
        db = f"sqlite:///{work / f'round{round_}.db'}"
        added, _ = unspin("add", str(folder), "--db", db, "--quiet")
        ran, peak_run = unspin("run", "--db", db, "--jobs", str(jobs), "--quiet")
        store.append(added + ran)
        peaks.append(max(peak, peak_run))
    return {"analyze_s": statistics.median(base), "store_s": statistics.median(store), "peak_mb": max(peaks)}


def _actor_rss(peaks: dict[int, int], stop: threading.Event) -> None:
    """Sample the resident memory (MB) of every Ray analysing actor until ``stop``; max per pid."""
    while not stop.wait(0.5):
        for status in Path("/proc").glob("[0-9]*/status"):
            try:
                text = status.read_text()
                if "AnalyseRows" not in (status.parent / "cmdline").read_text():
                    continue
            except OSError:
                continue
            for line in text.splitlines():
                if line.startswith("VmRSS:"):
                    pid = int(status.parent.name)
                    peaks[pid] = max(peaks.get(pid, 0), int(line.split()[1]) // 1024)


def ray_vs_local(folder: Path, work: Path, rounds: int) -> dict[str, float]:
    """``unspin run --engine ray`` (a local instance, one 1-CPU actor per core) against ``unspin run
    --jobs 2`` on the same stored articles: wall seconds and the analysing actors' peak RSS."""
    local, on_ray, actor_peaks = [], [], []
    for round_ in range(rounds):
        db = f"sqlite:///{work / f'ray{round_}.db'}"
        unspin("add", str(folder), "--db", db, "--quiet")
        other = f"sqlite:///{work / f'local{round_}.db'}"
        unspin("add", str(folder), "--db", other, "--quiet")
        local.append(unspin("run", "--db", other, "--jobs", "2", "--quiet")[0])
        peaks: dict[int, int] = {}
        stop = threading.Event()
        watcher = threading.Thread(target=_actor_rss, args=(peaks, stop), daemon=True)
        watcher.start()
        on_ray.append(unspin("run", "--db", db, "--engine", "ray", "--quiet")[0])
        stop.set()
        watcher.join()
        actor_peaks.append(max(peaks.values(), default=0))
    with sqlite3.connect(work / "ray0.db") as connection:  # what one analysed article weighs
        layers, spans = connection.execute(
            "SELECT SUM(LENGTH(layer) + LENGTH(summary)) * 1.0 / COUNT(DISTINCT article_id),"
            " (SELECT COUNT(*) FROM techniques) + (SELECT COUNT(*) FROM claims)"
            " + (SELECT COUNT(*) FROM figures) + (SELECT COUNT(*) FROM events)"
            " + (SELECT COUNT(*) FROM places) FROM analyses"
        ).fetchone()
        count = connection.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    return {
        "local_run_s": statistics.median(local),
        "ray_run_s": statistics.median(on_ray),
        "ray_actor_peak_mb": max(actor_peaks),
        "analyses_kb_per_article": layers / 1024,
        "span_rows_per_article": spans / count,
    }


def make_warc(path: Path, sentences: list[str], count: int) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(13)
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(count):
            picked = rng.sample(sentences, 12)
            body = "".join(f"<p>{html.escape(s)}</p>" for s in picked)
            title = html.escape(picked[0][:60])
            page = (
                f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
                f"<article><h1>{title}</h1>{body}</article><footer>© News</footer></body></html>"
            )
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://news{n % 17}.example/story/{n}", "response",
                payload=io.BytesIO(page.encode()), http_headers=headers,
            )  # fmt: skip
            writer.write_record(record)


def warc_vs_trafilatura(work: Path, sentences: list[str], count: int, rounds: int) -> dict[str, float]:
    path = work / "crawl.warc.gz"
    make_warc(path, sentences, count)
    alone, added = [], []
    for round_ in range(rounds):
        out = subprocess.run([sys.executable, "-c", _TRAFILATURA, str(path)], capture_output=True, text=True)
        alone.append(float(out.stdout.split()[0]))
        db = f"sqlite:///{work / f'warc{round_}.db'}"
        out = subprocess.run([sys.executable, "-c", _ADD, str(path), db], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"bench_store: add of the WARC failed: {out.stderr.strip().splitlines()[-1:]}")
        added.append(float(out.stdout.split()[0]))
    return {"trafilatura_s": statistics.median(alone), "add_s": statistics.median(added)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=TRAIN, help="folder of PTC article texts")
    parser.add_argument("--n", type=int, default=100, help="articles for add+run vs analyze")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warc", type=int, default=0, help="records in the generated WARC (0: skip)")
    parser.add_argument("--ray", action="store_true", help="also time 'unspin run --engine ray' (needs Ray)")
    parser.add_argument("--no-store", action="store_true", help="skip add+run vs analyze")
    args = parser.parse_args()
    if not args.articles.is_dir():
        sys.exit(f"bench_store: no article folder {args.articles} (the PTC texts are research data)")
    texts = sorted(args.articles.glob("*.txt"))
    results: dict[str, object] = {"n": min(args.n, len(texts)), "jobs": args.jobs, "rounds": args.rounds}
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        folder = work / "articles"
        folder.mkdir()
        for path in texts[: args.n]:
            shutil.copy(path, folder / path.name)
        if not args.no_store:
            timing = articles_and_store(folder, work, args.jobs, args.rounds)
            timing["overhead"] = timing["store_s"] / timing["analyze_s"] - 1
            timing["store_articles_per_s"] = results["n"] / timing["store_s"]  # type: ignore[operator]
            results.update(timing)
        if args.ray:
            ray = ray_vs_local(folder, work, args.rounds)
            ray["ray_articles_per_s"] = results["n"] / ray["ray_run_s"]  # type: ignore[operator]
            results.update(ray)
        if args.warc:
            sentences = [
                line.strip()
                for path in texts
                for line in path.read_text(encoding="utf-8").splitlines()
                if len(line.split()) >= 6
            ]
            warc = warc_vs_trafilatura(work, sentences, args.warc, args.rounds)
            warc["ratio"] = warc["add_s"] / warc["trafilatura_s"]
            results.update({"warc_records": args.warc, **warc})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in results.items()}, indent=2))


if __name__ == "__main__":
    main()
