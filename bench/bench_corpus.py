"""Throughput and peak memory of analyzer sets over a folder of articles (the PTC dev texts by default).

Each configuration runs in its own fresh process, so its peak RSS is its own: the process loads the
pipeline, analyses one warm-up article, then analyses every article ``--repeats`` times; the median pass
gives articles per second. The first configuration is the baseline the others are compared with, measured
in the same run (the machine is noisy: quote ratios, not absolute numbers across runs).

Usage::

    python bench/bench_corpus.py                               # baseline: sentences; SI+TC: techniques
    python bench/bench_corpus.py --config sentences --config techniques --config all

A configuration is a comma-separated list of analyzers, or ``all`` for the default pipeline; ``:N`` at
its end runs it in N worker processes (``all:2``), whose peak RSS is added to the parent's. The article
folder is research data read at run time (``../shared/data/ptc/dev-articles``); the script exits with a
message when it is absent.

``--cli`` times the command a user types instead, start-up and model loading included::

    python bench/bench_corpus.py --cli "--only techniques --jobs 0" --src /tmp/base/src --src src

runs ``unspin analyze FILES --format jsonl -o TMP --quiet --only techniques --jobs 0`` with each ``--src``
first on ``PYTHONPATH`` (the first is the baseline: say the merge-base tree), the configurations taking
turns within each repeat so that they share the machine's load alike. Peak RSS is the sum over the
command's processes (parent and workers) of each one's peak (``VmHWM``, sampled every 20 ms); CPU s is
the user + system time of all of them, which a busy machine inflates much less than the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEV_ARTICLES = ROOT.parent / "shared" / "data" / "ptc" / "dev-articles"

_CHILD = r"""
import json, multiprocessing, resource, sys, time
from pathlib import Path
from unspin import Article, Pipeline

def peak_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024

def main():
    folder, config, repeats, batch = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    names, _, jobs = config.partition(":")
    texts = []
    for path in sorted(folder.glob("*.txt")):
        with open(path, encoding="utf-8", newline="") as handle:
            texts.append(handle.read())
    jobs = int(jobs or 1)
    pipeline = Pipeline(jobs=jobs) if names == "all" else Pipeline(only=names.split(","), jobs=jobs)
    started = time.perf_counter()
    warm = "Warm-up: 3 people were hurt in Paris on Monday, officials said. Models load once."
    list(pipeline.pipe((Article(text=warm) for _ in range(4 * jobs)), batch_size=1))
    load = time.perf_counter() - started
    passes = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in pipeline.pipe((Article(text=text) for text in texts), batch_size=batch):
            pass
        passes.append(time.perf_counter() - started)
    workers = [peak_mb(p.pid) for p in multiprocessing.active_children()]
    pipeline.close()
    print(json.dumps({
        "config": config, "analyzers": pipeline.names, "jobs": jobs, "batch_size": batch,
        "articles": len(texts),
        "chars": sum(len(t) for t in texts), "passes_s": passes, "load_s": load,
        "worker_peak_rss_mb": workers,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 + sum(workers),
    }))

if __name__ == "__main__":
    main()
"""


def run_config(folder: Path, config: str, repeats: int, batch_size: int) -> dict[str, object]:
    """One configuration in a fresh interpreter: its timings and peak RSS."""
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder), config, str(repeats), str(batch_size)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, object] = json.loads(out.strip().splitlines()[-1])
    passes = result["passes_s"]
    assert isinstance(passes, list)
    median = statistics.median(passes)
    result["median_pass_s"] = round(median, 3)
    result["articles_per_s"] = round(int(str(result["articles"])) / median, 2)
    return result


def _tree(root: int) -> list[int]:
    """``root`` and every process descended from it (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    out, stack = [], [root]
    while stack:
        pid = stack.pop()
        out.append(pid)
        stack.extend(children.get(pid, []))
    return out


def _peak_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return 0


def time_command(command: list[str], src: Path) -> tuple[float, float, float]:
    """Wall seconds of one run of ``command`` with ``src`` first on PYTHONPATH, the sum of its
    processes' peak RSS in MB, and their CPU seconds (user + system)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(str(Path(p).resolve()) for p in str(src).split(os.pathsep)),
    }
    peaks: dict[int, int] = {}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    while process.poll() is None:
        for pid in _tree(process.pid):
            peaks[pid] = max(peaks.get(pid, 0), _peak_kb(pid))
        time.sleep(0.02)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode:
        sys.exit(f"{shlex.join(command)} exited with {process.returncode}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, sum(peaks.values()) / 1024, cpu


def run_cli(folder: Path, configs: list[str], sources: list[Path], repeats: int) -> None:
    """Time ``unspin analyze`` end to end for every (source tree, arguments) pair; print a table."""
    unspin = shutil.which("unspin", path=str(Path(sys.executable).parent)) or shutil.which("unspin")
    if unspin is None:
        sys.exit("no unspin command next to this Python or on PATH")
    files = [str(p) for p in sorted(folder.glob("*.txt"))]
    pairs = [(src, args) for args in configs for src in sources]
    walls: dict[int, list[float]] = {k: [] for k in range(len(pairs))}
    cpus: dict[int, list[float]] = {k: [] for k in range(len(pairs))}
    rss: dict[int, float] = {k: 0.0 for k in range(len(pairs))}
    loads = []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(repeats):
            for k, (src, args) in enumerate(pairs):
                out = str(Path(tmp) / f"{k}.jsonl")
                command = [unspin, "analyze", *files, "--format", "jsonl", "-o", out, "--quiet"]
                wall, peak, cpu = time_command([*command, *shlex.split(args)], src)
                loads.append(os.getloadavg()[0])
                walls[k].append(wall)
                cpus[k].append(cpu)
                rss[k] = max(rss[k], peak)
    base = statistics.median(walls[0])
    base_cpu = statistics.median(cpus[0])
    print(
        f"{len(files)} articles, median of {repeats} runs, start-up included; "
        f"1-minute load average {min(loads):.1f}-{max(loads):.1f}"
    )
    print(
        f"{'source':<28}{'arguments':<30}{'articles/s':>11}{'median s':>10}{'× base':>8}"
        f"{'CPU s':>8}{'× base':>8}{'peak RSS MB':>13}"
    )
    for k, (src, args) in enumerate(pairs):
        median, cpu = statistics.median(walls[k]), statistics.median(cpus[k])
        print(
            f"{src!s:<28}{args:<30}{len(files) / median:>11.2f}{median:>10.2f}{median / base:>7.2f}×"
            f"{cpu:>8.2f}{cpu / base_cpu:>7.2f}×{rss[k]:>13.0f}"
            f"   runs: {', '.join(f'{w:.2f}' for w in walls[k])}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=Path, default=DEV_ARTICLES, help="Folder of article*.txt files.")
    parser.add_argument(
        "--config", action="append", help="Analyzers to run (repeatable; the first is the baseline)."
    )
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=4, help="Articles per batch (Pipeline.pipe).")
    parser.add_argument("--json", type=Path, help="Also write the results here.")
    parser.add_argument(
        "--cli", action="append", help="Time 'unspin analyze FILES --format jsonl' with these arguments."
    )
    parser.add_argument(
        "--src",
        type=Path,
        action="append",
        help="With --cli: a source tree to run, or a PYTHONPATH that starts with one (the first: baseline).",
    )
    args = parser.parse_args()
    if not args.articles.is_dir() or not any(args.articles.glob("*.txt")):
        sys.exit(f"{args.articles}: no article texts (the PTC dev articles live in ../shared)")
    if args.cli:
        run_cli(args.articles, args.cli, args.src or [ROOT / "src"], args.repeats)
        return
    configs = args.config or ["sentences", "techniques"]
    results = [run_config(args.articles, c, args.repeats, args.batch_size) for c in configs]
    base = float(str(results[0]["median_pass_s"]))
    print(f"{results[0]['articles']} articles, median of {args.repeats} passes")
    header = ("config", "articles/s", "median s", "× baseline", "peak RSS MB", "load s")
    print(f"{header[0]:<24}" + "".join(f"{h:>12}" for h in header[1:]))
    for r in results:
        ratio = float(str(r["median_pass_s"])) / base
        print(
            f"{r['config']:<24}{r['articles_per_s']:>12}{r['median_pass_s']:>12}{ratio:>11.1f}×"
            f"{float(str(r['peak_rss_mb'])):>12.0f}{float(str(r['load_s'])):>12.2f}"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
