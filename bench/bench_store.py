"""The store's cost: ``unspin add`` + ``unspin run`` against ``unspin analyze --format jsonl`` on the same
articles, and ``unspin add`` of a WARC against trafilatura alone on the same records, in the same run.

Usage::

    python bench/bench_store.py                      # 100 PTC training articles, --jobs 2, 2 rounds
    python bench/bench_store.py --n 1000 --warc 10000  # 1,000 distinct articles; a 10,000-page WARC
    python bench/bench_store.py --n 40 --no-store --ray   # unspin run --engine ray vs --jobs 2
    python bench/bench_store.py --no-store --warc-warm 10   # the WARC comparison warm, in one process

Articles are made at run time from the PTC training texts (``../shared/data/ptc/train-articles``; nothing
is committed): the texts themselves, then as many distinct mixes of two texts as ``--n`` asks for
(:func:`make_articles`; the run reports how many the store clustered as near-duplicates: 0 expected).
Every command runs as a fresh process, rounds alternate which side goes first so drift on a shared
machine hits both, and the medians are compared. Peak memory is summed over a command's processes (its
workers included), sampled from /proc. The WARC holds pages of 12 sentences drawn (seeded)
from the whole pool of training sentences, so its records are distinct, as in a crawl; the baseline reads
the same WARC with warcio and runs ``trafilatura.bare_extraction`` on every HTML response; ``add`` runs
in one process and with ``jobs=2`` (pages extracted in two worker processes).
"""

from __future__ import annotations

import argparse
import html
import io
import json
import os
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
PAGE = os.sysconf("SC_PAGE_SIZE")
TRAIN = ROOT.parent / "shared" / "data" / "ptc" / "train-articles"
_TRAFILATURA = r"""
import sys, time
started = time.perf_counter()
from warcio.archiveiterator import ArchiveIterator
import trafilatura
done = 0
with open(sys.argv[1], "rb") as handle:
    for record in ArchiveIterator(handle):
        if record.rec_type == "response":
            page = record.content_stream().read().decode("utf-8")
            done += trafilatura.bare_extraction(page, with_metadata=True) is not None
print(time.perf_counter() - started, time.process_time(), done)
"""
_WARM = r"""
import sys, time
from warcio.archiveiterator import ArchiveIterator
import trafilatura
from unspin.corpus import add_sources
from unspin.store import open_store
def alone(path):
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response":
                page = record.content_stream().read().decode("utf-8")
                trafilatura.bare_extraction(page, with_metadata=True)
spent, records = {"base": 0.0, "add": 0.0}, 0
with open_store("sqlite:///" + sys.argv[1]) as store:
    alone(sys.argv[2])  # warm both sides
    add_sources(store, [sys.argv[2]])
    for n, path in enumerate(sys.argv[3:]):
        for side in ("base", "add") if n % 2 == 0 else ("add", "base"):
            started = time.process_time()
            if side == "base":
                alone(path)
            else:
                add_sources(store, [path])
            spent[side] += time.process_time() - started
        records += 200
print(spent["base"] * 1000 / records, spent["add"] * 1000 / records)
"""
_ADD = r"""
import sys, time
started = time.perf_counter()
from unspin.corpus import add_sources
from unspin.store import open_store
with open_store(sys.argv[2]) as store:
    report = add_sources(store, [sys.argv[1]], jobs=int(sys.argv[3]))
print(time.perf_counter() - started, time.process_time(), report.added)
"""


def _tree_rss_mb(root: int) -> int:
    """Resident memory (MB) of ``root`` and all its descendants, summed (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        parents[pid] = int(fields[1])
        rss[pid] = int(fields[21]) * PAGE // (1024 * 1024)
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(rss.get(pid, 0) for pid in tree)


def unspin(*args: str) -> tuple[float, int]:
    """Run ``unspin ARGS`` in a fresh process: (wall seconds, peak resident memory in MB summed over
    the process and its workers, sampled every 0.2 s)."""
    command = [sys.executable, "-c", "from unspin.cli import main; main()", *args]
    peak = 0
    with tempfile.TemporaryFile("w+") as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=errors, text=True)
        while process.poll() is None:
            peak = max(peak, _tree_rss_mb(process.pid))
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        if process.returncode != 0:
            errors.seek(0)
            sys.exit(
                f"bench_store: unspin {' '.join(args)} failed: {errors.read().strip().splitlines()[-1:]}"
            )
    return elapsed, peak


def make_articles(texts: list[Path], count: int, folder: Path) -> None:
    """``count`` distinct articles from the texts: the texts themselves, then mixes (the title and the
    paragraphs of one text up to half its characters, then the paragraphs of another after half of its),
    each pair used once, so a mix shares at most about half its word 3-grams with any other article:
    no exact or near-duplicates (the bench counts the clusters the store made)."""
    bodies = [
        [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()] for path in texts
    ]
    for n in range(count):
        first, round_ = n % len(texts), n // len(texts)
        if round_ == 0:
            shutil.copy(texts[first], folder / f"{n:05d}.txt")
            continue
        second = (first + round_ * 37) % len(texts)
        lines = [bodies[first][0], *_half(bodies[first][1:], True), *_half(bodies[second][1:], False)]
        (folder / f"{n:05d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def _half(lines: list[str], head: bool) -> list[str]:
    """The lines before (``head``) or from the point where half the characters have gone by."""
    total, seen = sum(map(len, lines)), 0
    for cut, line in enumerate(lines):
        if seen + len(line) / 2 >= total / 2:
            return lines[:cut] if head else lines[cut:]
        seen += len(line)
    return lines if head else []


def articles_and_store(folder: Path, work: Path, jobs: int, rounds: int) -> dict[str, float]:
    """Alternating rounds (baseline first, then store first, ...): medians, peaks, near-duplicates."""
    base, store, peaks, store_peaks = [], [], [], []
    clustered = 0
    for round_ in range(rounds):
        db = f"sqlite:///{work / f'round{round_}.db'}"
        steps = ["analyze", "store"] if round_ % 2 == 0 else ["store", "analyze"]
        for step in steps:
            if step == "analyze":
                seconds, peak = unspin(
                    "analyze", *map(str, sorted(folder.glob("*.txt"))), "--format", "jsonl",
                    "-o", str(work / "all.jsonl"), "--jobs", str(jobs), "--quiet",
                )  # fmt: skip
                base.append(seconds)
                peaks.append(peak)
                continue
            added, peak_add = unspin("add", str(folder), "--db", db, "--quiet")
            ran, peak_run = unspin("run", "--db", db, "--jobs", str(jobs), "--quiet")
            store.append(added + ran)
            store_peaks.append(max(peak_add, peak_run))
        with sqlite3.connect(work / f"round{round_}.db") as connection:
            clustered = connection.execute(
                "SELECT COUNT(*) FROM articles WHERE cluster_id IS NOT NULL"
            ).fetchone()[0]
    return {
        "analyze_s": statistics.median(base),
        "store_s": statistics.median(store),
        "analyze_rounds_s": [round(x, 1) for x in base],  # type: ignore[dict-item]
        "store_rounds_s": [round(x, 1) for x in store],  # type: ignore[dict-item]
        "analyze_peak_mb": max(peaks),
        "store_peak_mb": max(store_peaks),
        "near_duplicates_clustered": clustered,
    }


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
    """Seconds (imports included, interpreter start not) of trafilatura alone, ``add`` and ``add
    --jobs 2`` over the same WARC; each round runs the three in a rotated order. Wall seconds are the
    figures; the CPU seconds of the measuring process (its workers not included) are shown beside them,
    as a check on a shared machine where load moves wall time."""
    path = work / "crawl.warc.gz"
    make_warc(path, sentences, count)
    times: dict[str, list[float]] = {"trafilatura_s": [], "add_s": [], "add_jobs2_s": []}
    cpu: dict[str, list[float]] = {step: [] for step in times}
    records: dict[str, set[int]] = {step: set() for step in times}
    for round_ in range(rounds):
        steps = list(times)[round_ % 3 :] + list(times)[: round_ % 3]
        for step in steps:
            if step == "trafilatura_s":
                command = [sys.executable, "-c", _TRAFILATURA, str(path)]
            else:
                db = f"sqlite:///{work / f'warc{round_}-{step}.db'}"
                command = [sys.executable, "-c", _ADD, str(path), db, "2" if step == "add_jobs2_s" else "1"]
            out = subprocess.run(command, capture_output=True, text=True)
            if out.returncode != 0:
                sys.exit(f"bench_store: {step} failed: {out.stderr.strip().splitlines()[-1:]}")
            wall, seconds, done = out.stdout.split()
            times[step].append(float(wall))
            cpu[step].append(float(seconds))
            records[step].add(int(done))
    return {
        **{step: statistics.median(values) for step, values in times.items()},
        **{step.replace("_s", "_cpu_s"): statistics.median(values) for step, values in cpu.items()},
        # pages trafilatura extracted, articles add stored: the same records on both sides
        **{step.replace("_s", "_records"): max(found) for step, found in records.items()},
    }


def warc_warm(work: Path, sentences: list[str], chunks: int, rounds: int) -> dict[str, float]:
    """In one warm process, 200-record WARCs handed alternately to trafilatura alone (warcio +
    ``bare_extraction``) and to ``add_sources`` (reading, extraction, dedup, storing into one store),
    which side first alternating by chunk: CPU seconds per record, median over ``rounds`` passes.
    One-off costs (imports, store creation, dateparser's first regexes) stay out, and load hits both
    sides alike, so this separates the per-record cost from a busy machine's noise."""
    files = []
    for number in range(chunks + 1):
        path = work / f"chunk{number:03d}.warc.gz"
        make_warc(path, random.Random(number).sample(sentences, len(sentences)), 200)
        files.append(path)
    command = [sys.executable, "-c", _WARM, str(work / "warm.db"), *map(str, files)]
    per_round: list[tuple[float, float]] = []
    for _ in range(rounds):
        (work / "warm.db").unlink(missing_ok=True)
        out = subprocess.run(command, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"bench_store: warm comparison failed: {out.stderr.strip().splitlines()[-1:]}")
        base, add = map(float, out.stdout.split())
        per_round.append((base, add))
    base = statistics.median(b for b, _ in per_round)
    add = statistics.median(a for _, a in per_round)
    return {
        "warm_records": 200 * chunks,
        "warm_trafilatura_ms_per_record": base,
        "warm_add_ms_per_record": add,
        "warm_ratio": add / base,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=Path, default=TRAIN, help="folder of PTC article texts")
    parser.add_argument("--n", type=int, default=100, help="articles for add+run vs analyze")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--warc", type=int, default=0, help="records in the generated WARC (0: skip)")
    parser.add_argument(
        "--warc-warm", type=int, default=0, help="200-record WARCs for the warm one-process comparison"
    )
    parser.add_argument("--ray", action="store_true", help="also time 'unspin run --engine ray' (needs Ray)")
    parser.add_argument("--no-store", action="store_true", help="skip add+run vs analyze")
    args = parser.parse_args()
    if not args.articles.is_dir():
        sys.exit(f"bench_store: no article folder {args.articles} (the PTC texts are research data)")
    texts = sorted(args.articles.glob("*.txt"))
    results: dict[str, object] = {"n": args.n, "jobs": args.jobs, "rounds": args.rounds}
    work = Path(tempfile.mkdtemp(prefix="bench-store-"))
    try:
        folder = work / "articles"
        folder.mkdir()
        make_articles(texts, args.n, folder)
        if not args.no_store:
            timing = articles_and_store(folder, work, args.jobs, args.rounds)
            timing["overhead"] = timing["store_s"] / timing["analyze_s"] - 1
            timing["store_articles_per_s"] = results["n"] / timing["store_s"]  # type: ignore[operator]
            results.update(timing)
        if args.ray:
            ray = ray_vs_local(folder, work, args.rounds)
            ray["ray_articles_per_s"] = results["n"] / ray["ray_run_s"]  # type: ignore[operator]
            results.update(ray)
        sentences = []
        if args.warc or args.warc_warm:
            sentences = [
                line.strip()
                for path in texts
                for line in path.read_text(encoding="utf-8").splitlines()
                if len(line.split()) >= 6
            ]
        if args.warc_warm:
            results.update(warc_warm(work, sentences, args.warc_warm, args.rounds))
        if args.warc:
            warc = warc_vs_trafilatura(work, sentences, args.warc, args.rounds)
            warc["ratio"] = warc["add_s"] / warc["trafilatura_s"]
            warc["ratio_cpu"] = warc["add_cpu_s"] / warc["trafilatura_cpu_s"]
            warc["ratio_jobs2"] = warc["add_jobs2_s"] / warc["trafilatura_s"]
            results.update({"warc_records": args.warc, **warc})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["load_average"] = [round(x, 1) for x in os.getloadavg()]  # at the end of the run
    print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in results.items()}, indent=2))


if __name__ == "__main__":
    main()
