"""The ``unspin serve`` command's refusals (the running server is exercised in test_browser.py)."""

from __future__ import annotations

import socket
import subprocess
import sys

CALL = [sys.executable, "-c", "from unspin.cli import main; main()"]


def test_serve_help_names_its_options() -> None:
    result = subprocess.run([*CALL, "serve", "--help"], capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for option in ("--host", "--port", "--db", "--rate-limit", "--max-body", "UNSPIN_TOKEN"):
        assert option in result.stdout


def test_bad_options_end_in_one_line_and_status_2() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        busy = str(taken.getsockname()[1])
        result = subprocess.run([*CALL, "serve", "--port", busy], capture_output=True, text=True, check=False)
    assert result.returncode == 2 and "cannot listen on 127.0.0.1:" in result.stderr
    for args in (["--port", "0"], ["--port", "http"], ["--rate-limit", "-1"], ["--only", "nonsense"]):
        result = subprocess.run(
            [*CALL, "serve", *args], capture_output=True, text=True, check=False, timeout=120
        )
        assert result.returncode == 2, (args, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert lines[-1].startswith("unspin: error: ") and "Traceback" not in result.stderr, args
