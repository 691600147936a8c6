"""Built-in analyzers; importing this package registers them with :mod:`unspin.pipeline`."""

from unspin.analyzers import (
    attribution,
    claims,
    dates,
    entities,
    events,
    figures,
    places,
    sentences,
    techniques,
)

__all__ = [
    "attribution",
    "claims",
    "dates",
    "entities",
    "events",
    "figures",
    "places",
    "sentences",
    "techniques",
]
