"""Texts and checks shared by the server tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent.parent / "fixtures" / "serve"
ARTICLE = (
    "The Ministry of Defence of Valdoria said on Monday that 212 fighters were killed near Merovan. "
    "Critics called the statement a shameful lie spread by a corrupt regime. "
    "Everyone knows the brave nation will never surrender to these traitors."
)


def error_of(response: Any) -> str:
    """The message of the one error shape; fails if the body has any other shape."""
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"status", "message"}, body
    assert body["error"]["status"] == response.status_code
    message = body["error"]["message"]
    assert isinstance(message, str) and message and "\n" not in message and "Traceback" not in message
    return str(message)
