"""Worker processes: forked when safe, sharing what the parent preloaded; they end with their parent,
even when it is killed outright (SIGKILL), and die quietly when abandoned."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from unspin.workers import start_method

# Two workers, each parsing a long batch (many seconds of work), started from a thread so the
# script can print their pids while they work.
SCRIPT = """
import multiprocessing, threading, time
from unspin import Article, Pipeline

pipeline = Pipeline(only=["attribution"], jobs=2)
text = "The minister said on Monday that the army would leave the valley before the winter. "
articles = [Article(text * 40) for _ in range(400)]
threading.Thread(target=lambda: list(pipeline.pipe(articles, batch_size=200)), daemon=True).start()
while len(multiprocessing.active_children()) < 2:
    time.sleep(0.05)
print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_busy_workers_die_with_a_killed_parent() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    parent = subprocess.Popen([sys.executable, "-c", SCRIPT], stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert parent.stdout is not None
        workers = [int(pid) for pid in parent.stdout.readline().split()]
        assert len(workers) == 2
        time.sleep(8)  # loading models, then parsing a long batch
        assert all(_alive(pid) for pid in workers)
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers)
    finally:
        parent.kill()
        for pid in workers if "workers" in locals() else []:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# Techniques alone, forked from a fresh process: the parent loads the model (Analyzer.preload) but never
# starts an onnxruntime session; the workers give what one process gives.
FORKED = """
import sys
from unspin import Article, Pipeline
from unspin.analyzers.techniques.model import load_model
from unspin.report import to_json
from unspin.workers import start_method

texts = [
    "Only a traitor would doubt our heroic army. The enemy is weak and cowardly.",
    "The council met on Monday. It approved the budget, officials said.",
    "Every true patriot knows the truth: they want to destroy our nation!",
]
assert start_method() == "fork", start_method()
with Pipeline(only=["techniques"], jobs=2) as pipeline:
    forked = [to_json(a) for a in pipeline.pipe((Article(text=t) for t in texts), batch_size=1)]
assert load_model.cache_info().currsize == 1  # preloaded here
assert "onnxruntime" not in sys.modules  # ... without a session
assert start_method() == "fork"
alone = [to_json(a) for a in Pipeline(only=["techniques"]).pipe(Article(text=t) for t in texts)]
assert "onnxruntime" in sys.modules and start_method() == "spawn"
assert forked == alone
print("ok")
"""


def _python(script: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=timeout
    )


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")
def test_forked_workers_share_the_preloaded_model_and_give_what_one_process_gives() -> None:
    done = _python(FORKED)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_workers_are_spawned_from_a_process_with_threads() -> None:
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert start_method() == "spawn"
    finally:
        stop.set()
        thread.join()


# A parent whose SIGTERM handler raises (the CLI's, so that temporary files go) abandons its workers:
# forked ones must die of the pool's SIGTERM, not run the inherited handler (a traceback each).
ABANDONED = """
import signal, time
from unspin import Article, Pipeline

def handler(signum, frame):
    raise KeyboardInterrupt

signal.signal(signal.SIGTERM, handler)
pipeline = Pipeline(only=["sentences"], jobs=2)
text = "The minister said on Monday that the army would leave the valley. " * 400
stream = pipeline.pipe((Article(text=text) for _ in range(200)), batch_size=1)
next(stream)
started = time.monotonic()
pipeline.close(abandon=True)
print(round(time.monotonic() - started, 1))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")
def test_abandoned_forked_workers_die_quietly() -> None:
    done = _python(ABANDONED)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert float(done.stdout) < 5


# A forked worker's numpy BLAS was loaded in the parent with a thread per core: the worker limits it to
# its share of the cores, as the thread-count variables do for spawned workers.
BLAS = """
import os
from threadpoolctl import threadpool_info
from unspin import Article, Pipeline
from unspin.analyzer import Analyzer, register
from unspin.workers import start_method

@register
class BlasThreads(Analyzer):
    name = "blas_threads"
    version = "0"
    default = False

    def annotate(self, article):
        return []

    def summarize(self, article, annotations):
        return {"threads": max(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")}

assert start_method() == "fork"
jobs = os.cpu_count()
with Pipeline(only=["blas_threads"], jobs=jobs) as pipeline:
    done = list(pipeline.pipe((Article(text="A text.") for _ in range(2 * jobs)), batch_size=1))
here = max(p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas")
print(here, sorted({a.summary["blas_threads"]["threads"] for a in done}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks only on Linux")
@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: one BLAS thread everywhere")
def test_forked_workers_use_one_blas_thread_each_when_there_is_a_worker_per_core() -> None:
    done = _python(BLAS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().split(maxsplit=1) == [str(os.cpu_count()), "[1]"]
