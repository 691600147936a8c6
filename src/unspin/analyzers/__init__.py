"""Built-in analyzers; importing this package registers them with :mod:`unspin.pipeline`."""

from unspin.analyzers import sentences, techniques

__all__ = ["sentences", "techniques"]
