"""Errors a user can act on.

Everything that can go wrong because of an input (a file, a URL, a flag) raises a subclass of
:class:`UnspinError`; the CLI prints its message on one line and exits non-zero. Anything else is a bug.
"""

from __future__ import annotations


class UnspinError(Exception):
    """An error caused by input, with a message fit for one line of a terminal."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(message.split()))


class InputError(UnspinError):
    """The input cannot be read as an article: empty, binary, undecodable, too large, malformed."""


class FetchError(UnspinError):
    """A URL could not be fetched safely: unreachable, refused, too large, wrong type."""


class ModelNotInstalledError(UnspinError):
    """An analyzer's model file is missing; `unspin analyzers` shows which."""
