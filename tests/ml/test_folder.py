"""Model folders: where they are, what they lack, their model.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from unspin.errors import ModelNotInstalledError
from unspin.ml import ModelFolder


def _networks(meta: dict[str, Any]) -> list[str]:
    return [f"{name}.onnx" for name in meta["networks"]]


PLAIN = ModelFolder(kind="toy", env_var="UNSPIN_TOY_MODEL", shipped="toy", files=("model.json", "w.npz"))
LISTING = ModelFolder("toy", "UNSPIN_TOY_MODEL", "toy", ("model.json",), listed_files=_networks)


def test_default_path_is_the_environment_then_the_package(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("UNSPIN_TOY_MODEL", str(tmp_path))
    assert PLAIN.default_path() == tmp_path
    assert PLAIN.path() == tmp_path and PLAIN.path(tmp_path / "other") == tmp_path / "other"
    monkeypatch.delenv("UNSPIN_TOY_MODEL")
    assert PLAIN.default_path().parts[-3:] == ("unspin", "models", "toy")


def test_missing_files_in_order_with_extras(tmp_path: Path) -> None:
    assert PLAIN.missing(tmp_path) == ["model.json", "w.npz"]
    (tmp_path / "w.npz").write_bytes(b"")
    assert PLAIN.missing(tmp_path, ("encoder.onnx",)) == ["model.json", "encoder.onnx"]
    status = PLAIN.available(tmp_path)
    assert not status.ok and status.detail == f"{tmp_path} lacks model.json"
    with pytest.raises(ModelNotInstalledError, match=r"toy model at .* lacks model\.json"):
        PLAIN.require(tmp_path)
    (tmp_path / "model.json").write_text("{}", encoding="utf-8")
    assert PLAIN.missing(tmp_path) == [] and PLAIN.available(tmp_path).detail == str(tmp_path)
    PLAIN.require(tmp_path)


def test_files_the_metadata_lists(tmp_path: Path) -> None:
    (tmp_path / "model.json").write_text(json.dumps({"networks": ["a", "b"]}), encoding="utf-8")
    (tmp_path / "a.onnx").write_bytes(b"")
    assert LISTING.missing(tmp_path) == ["b.onnx"]
    assert LISTING.read_meta(tmp_path) == {"networks": ["a", "b"]}
    (tmp_path / "model.json").write_text(json.dumps({"no networks": []}), encoding="utf-8")
    assert LISTING.missing(tmp_path) == ["a readable model.json"]


@pytest.mark.parametrize("text", ["{not json", "[1, 2]"])
def test_unreadable_metadata(tmp_path: Path, text: str) -> None:
    (tmp_path / "model.json").write_text(text, encoding="utf-8")
    with pytest.raises(ModelNotInstalledError, match=r"toy model at .* is unreadable"):
        PLAIN.read_meta(tmp_path)
    assert LISTING.missing(tmp_path) == ["a readable model.json"]
