"""spaCy, imported without torch.

When torch is installed (the ``train`` extra), thinc imports it while spaCy loads, although unspin's
spaCy pipelines run on numpy and never touch it: that costs every process about two seconds of CPU and
some 190 MB of memory (each ``--jobs`` worker pays it again). :func:`import_spacy` hides torch for the
duration of the import only; ``import torch`` works afterwards as usual, and a process that has already
imported torch keeps it.
"""

from __future__ import annotations

import sys
from types import ModuleType


def import_spacy() -> ModuleType:
    """The ``spacy`` module, imported (the first time) without letting thinc import torch."""
    loaded = sys.modules.get("spacy")
    if loaded is not None:
        return loaded
    hide = "torch" not in sys.modules
    if hide:
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes 'import torch' fail fast
    try:
        import spacy
    finally:
        if hide and sys.modules.get("torch", ModuleType("torch")) is None:
            del sys.modules["torch"]
    return spacy
