"""The CLI tests' fixtures (defined in _helpers, which the test modules also import)."""

from ._helpers import (  # noqa: F401
    _plain_console,
    http_server,
    keyword_techniques,
    no_techniques_model,
    source,
    two_articles,
    unspin,
)
