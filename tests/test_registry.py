"""The registry both analyzers and output formats use: names, order, duplicates, overrides, plugins."""

from __future__ import annotations

from typing import ClassVar

import pytest

from unspin.registry import Registry


class Alpha:
    name: ClassVar[str] = "alpha"


class Beta:
    name: ClassVar[str] = "beta"


class OtherAlpha:
    name: ClassVar[str] = "alpha"


def fresh() -> Registry[Alpha]:
    return Registry("thing", builtins="unspin.errors")  # any importable module: nothing of it registers


def test_classes_are_found_by_name_in_registration_order() -> None:
    registry = fresh()
    registry.register(Beta)
    registry.register(Alpha)
    assert registry.names() == ("beta", "alpha")
    assert registry.get("alpha") is Alpha
    assert registry.get("gamma") is None
    assert "beta" in registry and "gamma" not in registry


def test_the_same_class_twice_is_a_no_op_and_another_under_its_name_an_error() -> None:
    registry = fresh()
    registry.register(Alpha)
    registry.register(Alpha)
    with pytest.raises(ValueError, match="two things named 'alpha'"):
        registry.register(OtherAlpha)
    assert registry.get("alpha") is Alpha


def test_an_override_lasts_until_its_block_ends() -> None:
    registry = fresh()
    registry.register(Alpha)
    with registry.override(OtherAlpha, Beta):
        assert registry.get("alpha") is OtherAlpha
        assert registry.names() == ("alpha", "beta")
    assert registry.get("alpha") is Alpha
    assert registry.names() == ("alpha",)


def test_the_built_in_package_is_imported_on_the_first_lookup() -> None:
    from unspin.analyzer import ANALYZERS
    from unspin.report.writers import WRITERS

    assert {"sentences", "techniques", "figures"} <= set(ANALYZERS.names())
    assert {"terminal", "json", "html"} <= set(WRITERS.names())


def test_a_broken_plugin_warns_and_the_rest_still_load(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class Broken:
        name = "broken"

        def load(self) -> object:
            raise ImportError("no module named nowhere")

    class Working:
        name = "working"

        def load(self) -> object:
            return Beta

    def entry_points(group: str) -> list[object]:
        assert group == "things.plugins"
        return [Broken(), Working()]

    monkeypatch.setattr("importlib.metadata.entry_points", entry_points)
    registry: Registry[Beta] = Registry("thing", builtins="unspin.errors", entry_points="things.plugins")
    assert registry.names() == ("beta",)
    assert "thing plugin 'broken' failed to load: no module named nowhere" in capsys.readouterr().err
