"""The limits every route of ingestion obeys, in a module of their own so that ``source`` and ``url``
both import them and neither imports the other for them."""

from __future__ import annotations

from dataclasses import dataclass

# The longest text one article may have, in characters: spaCy's limit for one parse (its max_length),
# well above any news article. Longer texts are refused with an InputError rather than analysed in
# pieces, because a piece boundary would cut sentences, quotes and the events that span them.
MAX_CHARS = 1_000_000


@dataclass(frozen=True)
class IngestOptions:
    """Limits for reading a source; the defaults suit one news article from the open web."""

    max_bytes: int = 5_000_000  # size cap for files, stdin and downloads
    timeout: float = 20.0  # seconds: connect and read timeout, and total download deadline
    max_redirects: int = 5
    allow_private_hosts: bool = False  # fetch from loopback/private/link-local addresses?
    user_agent: str = "unspin/0.1 (+https://github.com/unspin)"

    def __post_init__(self) -> None:
        if self.max_bytes < 1 or self.timeout <= 0 or self.max_redirects < 0:
            raise ValueError(f"invalid {self!r}: max_bytes and timeout must be positive, max_redirects >= 0")
