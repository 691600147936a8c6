"""A light English check for ``unspin add``: the models are English, so other languages are skipped.

py3langid (a maintained, faster fork of langid.py: a naive Bayes model over byte n-grams, 97 languages,
numpy only, shipped in the wheel) classifies a text in well under a millisecond after a one-off ~2 s
model load, deterministically, with no download. Precision first: a text is called non-English only
when it is long enough to judge and the model is sure; anything doubtful is kept.

Most texts in an English corpus are plainly English: when at least :data:`MIN_ENGLISH_SHARE` of the
words of the sample are common English function words (about 0.3 in news; under 0.1 in other
languages, which share few of them), the text is kept without asking the model, which is loaded only
for the rest (it cost ~10 ms a text and the ~2 s load on every ``unspin add``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

MIN_CHARS = 200  # shorter texts (headlines, captions) are too short to judge reliably
MIN_CONFIDENCE = 0.9
SAMPLE_CHARS = 3000
MIN_ENGLISH_SHARE = 0.15
MIN_WORDS = 40  # fewer words in the sample: ask the model
_LETTERS = re.compile(r"[^\W\d_]+")
_FUNCTION_WORDS = frozenset(
    "the and of to in is that for was with on as are by it at from his have has be this which were"
    " said he not but they their".split()
)


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> tuple[str, float]:
    """The most likely language code of ``text`` and its probability."""
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language), float(probability)


def looks_english(text: str) -> bool:
    """True when the sample is long enough and plainly English by its share of function words."""
    words = _LETTERS.findall(text[:SAMPLE_CHARS].lower())
    if len(words) < MIN_WORDS:
        return False
    return sum(map(_FUNCTION_WORDS.__contains__, words)) >= MIN_ENGLISH_SHARE * len(words)


def non_english(text: str) -> str | None:
    """The language code when ``text`` is confidently not English, else None (keep it)."""
    if len(text.strip()) < MIN_CHARS or looks_english(text):
        return None
    language, probability = detect(text)
    return language if language != "en" and probability >= MIN_CONFIDENCE else None
