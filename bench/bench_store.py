"""The store's cost: ``unspin add`` + ``unspin run`` against ``unspin analyze --format jsonl`` on the same
articles, and ``unspin add`` of a WARC against trafilatura alone on the same records, in the same run.

Usage::

    python bench/bench_store.py                      # 100 PTC training articles, --jobs 2, 2 rounds
    python bench/bench_store.py --n 371 --warc 2000  # plus a WARC of 2,000 generated pages

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
import statistics
import subprocess
import sys
import tempfile
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
        timing = articles_and_store(folder, work, args.jobs, args.rounds)
        timing["overhead"] = timing["store_s"] / timing["analyze_s"] - 1
        timing["store_articles_per_s"] = results["n"] / timing["store_s"]  # type: ignore[operator]
        results.update(timing)
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
