"""Built-in analyzers; importing this package registers them with :mod:`unspin.pipeline`."""

from unspin.analyzers import dates, sentences, techniques

__all__ = ["dates", "sentences", "techniques"]
