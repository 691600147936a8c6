"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run, so a CI result never depends on luck, and no
# deadline, so a loaded machine does not fail them. HYPOTHESIS_PROFILE=default explores at random.
settings.register_profile("unspin", derandomize=True, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "unspin"))


@pytest.fixture
def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty store database: an SQLite file, and a new PostgreSQL database when the server in
    $UNSPIN_TEST_POSTGRES_URL is there (.ci/run starts one); the store tests run against both."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    server = os.environ.get("UNSPIN_TEST_POSTGRES_URL")
    if not server:
        pytest.skip("POSTGRESQL NOT TESTED: UNSPIN_TEST_POSTGRES_URL is unset (.ci/run starts a server)")
    import psycopg
    from sqlalchemy.engine import make_url

    name = f"unspin_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(server).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
