"""The ``unspin`` entry point: usage errors, help, version, and the installed script end to end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from unspin.article import json_schema

from ._helpers import (
    STDIN_BYTES,
    STDIN_TEXT,
    Run,
    check_document,
    one_error,
)


@pytest.mark.parametrize(
    "args",
    [
        ["analyze"],
        ["frobnicate"],
        ["eval", "xx", "--pred", "a", "--gold", "b"],
        ["ptc", "predict"],
        ["analyzers", "--yaml"],
    ],
    ids=" ".join,
)
def test_usage_errors_are_one_line(unspin: Run, args: list[str]) -> None:
    one_error(unspin(*args))


@pytest.mark.parametrize("args", [[], ["ptc"], ["eval"]], ids=["unspin", "unspin ptc", "unspin eval"])
def test_bare_group_shows_readable_help(unspin: Run, args: list[str]) -> None:
    result = unspin(*args)
    assert "Commands:" in [line.strip() for line in (result.out + result.err).splitlines()]
    assert "unspin: error:" not in result.err


def test_help_and_version(unspin: Run) -> None:
    result = unspin("analyze", "--help")
    assert result.code == 0
    assert result.out.startswith("Usage: unspin analyze")
    result = unspin("--version")
    assert result.code == 0
    assert "unspin" in result.out


# --- the installed script, end to end -------------------------------------------------------------------

SCRIPT = Path(sys.executable).with_name("unspin")
needs_script = pytest.mark.skipif(
    not SCRIPT.exists(), reason="the unspin script is not installed next to python"
)


@needs_script
def test_script_analyze_stdin_to_json() -> None:
    proc = subprocess.run(
        [str(SCRIPT), "analyze", "-", "--only", "sentences", "--format", "json"],
        input=STDIN_BYTES,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr == b""
    check_document(json.loads(proc.stdout), STDIN_TEXT)


@needs_script
def test_script_error_is_one_line(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(SCRIPT), "analyze", str(tmp_path / "gone.txt"), "--only", "sentences"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"unspin: error: no such file: {tmp_path / 'gone.txt'}\n"


@needs_script
def test_script_schema() -> None:
    proc = subprocess.run([str(SCRIPT), "schema"], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0
    assert json.loads(proc.stdout) == json_schema()


def test_sigterm_removes_the_temporary_output_file(tmp_path: Path) -> None:
    """A terminated run unwinds like Ctrl-C: no ``*.tmp`` left, an old output kept, one line, 143."""
    import os
    import signal
    import time

    (tmp_path / "north.txt").write_text("The northern ferry stops on Sundays.\n", encoding="utf-8")
    (tmp_path / "out.jsonl").write_text("old\n", encoding="utf-8")
    code = "import sys; from unspin.cli import main; main(sys.argv[1:])"
    args = ["analyze", "north.txt", "-", "--only", "sentences", "--format", "jsonl", "-o", "out.jsonl"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    # Standard input stays open and silent, so the run waits there with its temporary file open.
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *args, "--timeout", "120"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob("*.tmp")) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert list(tmp_path.glob("*.tmp")), "the run never opened its output"
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signal.SIGTERM
    assert err.decode().splitlines() == ["unspin: error: terminated"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["north.txt", "out.jsonl"]
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == "old\n"


def test_a_finished_analyze_program_runs_exit_handlers_and_flushes_its_output(tmp_path: Path) -> None:
    """The program ends a successful analyze without the interpreter's teardown: exit handlers still
    run, everything written is there, and the status is 0."""
    import os

    for name, text in [("a.txt", "The ferry stops on Sundays.\n"), ("b.txt", "Rain fell. It stopped.\n")]:
        (tmp_path / name).write_text(text, encoding="utf-8")
    code = "import atexit; atexit.register(print, 'exit handler'); from unspin.cli import main; main()"
    args = ["analyze", "a.txt", "b.txt", "--only", "sentences", "--format", "jsonl", "--jobs", "2"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    command = [sys.executable, "-c", code, *args]
    proc = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[-1] == "exit handler"
    assert [json.loads(line)["summary"]["sentences"]["count"] for line in lines[:-1]] == [1, 2]
