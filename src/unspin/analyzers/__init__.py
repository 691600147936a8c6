"""Built-in analyzers; importing this package registers them with :mod:`unspin.analyzer`.

They are imported in the order they run where their requirements leave a choice (registration order
breaks ties in :func:`unspin.analyzer.dependency_order`), so this order shows in reports and listings.
"""

# isort: off
from unspin.analyzers import sentences
from unspin.analyzers import attribution
from unspin.analyzers import techniques
from unspin.analyzers import claims
from unspin.analyzers import dates
from unspin.analyzers import entities
from unspin.analyzers import places
from unspin.analyzers import figures
from unspin.analyzers import events
from unspin.analyzers import tokens
# isort: on

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
    "tokens",
]
