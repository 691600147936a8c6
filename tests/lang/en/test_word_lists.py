"""The English word lists: written the way the rules compare them (lower case, except the headline flags)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

import pytest

import unspin.lang.en
from unspin.lang.en.places import ADMINISTRATIVE_AREA_WORDS, NOT_DATELINE_WORDS, REGION_WORDS

# Compared with the text as written, not lower-cased: the technique labels, the headline flags and the
# ISO currency codes ("ALL" is the lek, "all" a word).
AS_WRITTEN = {"techniques.LABELS", "places.NOT_DATELINE_WORDS", "measures.CURRENCY_CODES"}


def _word_lists() -> Iterator[tuple[str, frozenset[str] | tuple[str, ...]]]:
    for info in pkgutil.iter_modules(unspin.lang.en.__path__):
        module = importlib.import_module(f"unspin.lang.en.{info.name}")
        for name, value in vars(module).items():
            strings = isinstance(value, frozenset | tuple) and all(isinstance(w, str) for w in value)
            if name.isupper() and strings:
                yield f"{info.name}.{name}", value


LISTS = dict(_word_lists())


def test_the_lists_are_found() -> None:
    assert {"sources.REPORTING_VERBS", "people.PERSON_TITLES", "numbers.HEDGING_APPROXIMATORS"} <= set(LISTS)


@pytest.mark.parametrize("name", sorted(set(LISTS) - AS_WRITTEN))
def test_lists_compared_with_lower_cased_words_are_lower_case(name: str) -> None:
    words = LISTS[name]
    assert words, name
    assert [w for w in words if w != w.lower() or w != w.strip()] == []


def test_headline_flags_are_upper_case_like_the_datelines_they_reject() -> None:
    assert all(w.isupper() for w in NOT_DATELINE_WORDS)


def test_administrative_area_words_extend_the_region_words() -> None:
    assert ADMINISTRATIVE_AREA_WORDS[: len(REGION_WORDS)] == REGION_WORDS
    assert len(set(ADMINISTRATIVE_AREA_WORDS)) == len(ADMINISTRATIVE_AREA_WORDS)


def test_currency_codes_are_upper_case_iso_codes() -> None:
    codes = LISTS["measures.CURRENCY_CODES"]
    assert {"USD", "EUR", "PLN"} <= codes and all(len(c) == 3 and c.isupper() for c in codes)
