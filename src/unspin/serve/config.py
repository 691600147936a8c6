"""What one server instance is allowed to do: where it listens, who may write, and its limits."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field

from unspin.ingest import IngestOptions

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a bind address or a Host header name) only reaches this machine."""
    host = host.strip().lower()
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class ServeConfig:
    """Settings of one server.

    ``token``: when set, every write (``POST`` on the API, form posts, jobs) must present it; the
    ``serve`` command always sets one when the server listens beyond loopback. ``rate_limit`` is requests
    per minute per client address (0: no limit), ``burst`` how many may come at once. Analysis requests
    beyond ``max_queue`` waiting ones are refused with 503 rather than queued for minutes. ``inbox``: the one
    folder whose files ``add`` jobs may read (None: jobs read URLs only).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    db: str | None = None
    inbox: str | None = None
    token: str | None = None
    max_body: int = 6_000_000
    rate_limit: int = 240
    burst: int = 40
    max_queue: int = 32
    analysis_timeout: float = 120.0
    ingest: IngestOptions = field(default_factory=IngestOptions)
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()

    @property
    def loopback(self) -> bool:
        return is_loopback(self.host)
