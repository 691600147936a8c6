"""The registry's dependency order: requirements first, otherwise registration order."""

from __future__ import annotations

import pytest

from unspin.analyzer import Analyzer, dependency_order, registered
from unspin.errors import UnspinError


def _analyzer(name: str, requires: tuple[str, ...] = ()) -> type[Analyzer]:
    return type(name, (Analyzer,), {"name": name, "version": "1", "requires": requires})


def _classes(*analyzers: type[Analyzer]) -> dict[str, type[Analyzer]]:
    return {cls.name: cls for cls in analyzers}


def test_requirements_come_first_and_registration_order_breaks_ties() -> None:
    classes = _classes(
        _analyzer("late", ("base",)), _analyzer("base"), _analyzer("other"), _analyzer("first", ("late",))
    )
    assert dependency_order(classes) == ["base", "late", "other", "first"]


def test_a_cycle_and_an_unknown_requirement_are_user_errors() -> None:
    with pytest.raises(UnspinError, match="cycle"):
        dependency_order(_classes(_analyzer("x", ("y",)), _analyzer("y", ("x",))))
    with pytest.raises(UnspinError, match="unknown analyzer 'nowhere'"):
        dependency_order(_classes(_analyzer("x", ("nowhere",))))


def test_built_in_order_is_the_one_reports_and_listings_show() -> None:
    assert list(registered())[:10] == [
        "sentences",
        "attribution",
        "techniques",
        "claims",
        "dates",
        "entities",
        "places",
        "figures",
        "events",
        "tokens",
    ]
