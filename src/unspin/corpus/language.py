"""A light English check for ``unspin add``: the models are English, so other languages are skipped.

py3langid (a maintained, faster fork of langid.py: a naive Bayes model over byte n-grams, 97 languages,
numpy only, shipped in the wheel) classifies a text in well under a millisecond after a one-off ~2 s
model load, deterministically, with no download. Precision first: a text is called non-English only
when it is long enough to judge and the model is sure; anything doubtful is kept.
"""

from __future__ import annotations

from functools import cache
from typing import Any

MIN_CHARS = 200  # shorter texts (headlines, captions) are too short to judge reliably
MIN_CONFIDENCE = 0.9
SAMPLE_CHARS = 3000


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """The most likely language code of ``text`` and its probability."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language), float(probability)


def non_english(text: str) -> str | None:
    """The language code when ``text`` is confidently not English, else None (keep it)."""
    if len(text.strip()) < MIN_CHARS:
        return None
    language, probability = detect(text)
    return language if language != "en" and probability >= MIN_CONFIDENCE else None
