"""ONNX Runtime sessions: thread settings, and encoders with and without an attention mask."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper  # noqa: E402

from unspin.ml import default_threads, onnx_encoder, onnx_session  # noqa: E402


def _encoder(path: Path, with_mask: bool) -> Path:
    """A toy encoder: hidden = ids (× mask) as floats, one feature per position."""
    nodes = [helper.make_node("Cast", ["input_ids"], ["ids_f"], to=TensorProto.FLOAT)]
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, ["b", "n"])]
    last = "ids_f"
    if with_mask:
        inputs.append(helper.make_tensor_value_info("attention_mask", TensorProto.INT64, ["b", "n"]))
        nodes += [
            helper.make_node("Cast", ["attention_mask"], ["mask_f"], to=TensorProto.FLOAT),
            helper.make_node("Mul", ["ids_f", "mask_f"], ["masked"]),
        ]
        last = "masked"
    nodes.append(helper.make_node("Unsqueeze", [last, "axis"], ["hidden"]))
    axis = helper.make_tensor("axis", TensorProto.INT64, [1], [2])
    graph = helper.make_graph(
        nodes,
        "toy",
        inputs,
        [helper.make_tensor_value_info("hidden", TensorProto.FLOAT, ["b", "n", 1])],
        initializer=[axis],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return path


def test_threads_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UNSPIN_THREADS", "3")
    assert default_threads() == 3
    model = _encoder(tmp_path / "e.onnx", with_mask=True)
    options = onnx_session(model).get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (3, 1)
    assert onnx_session(model, threads=1).get_session_options().intra_op_num_threads == 1
    monkeypatch.delenv("UNSPIN_THREADS")
    assert 1 <= default_threads() <= 4


def test_an_encoder_with_a_mask_reads_padded_batches(tmp_path: Path) -> None:
    run = onnx_encoder(_encoder(tmp_path / "e.onnx", with_mask=True), threads=1)
    ids = np.asarray([[101, 7, 102], [101, 102, 0]])
    mask = np.asarray([[1, 1, 1], [1, 1, 0]])
    out = run(ids, mask)
    assert out.shape == (2, 3, 1)
    np.testing.assert_array_equal(out[..., 0], ids * mask)


def test_an_encoder_without_a_mask_refuses_padding(tmp_path: Path) -> None:
    run = onnx_encoder(_encoder(tmp_path / "nomask.onnx", with_mask=False), threads=1)
    ids = np.asarray([[101, 7, 102]])
    np.testing.assert_array_equal(run(ids, np.ones_like(ids))[..., 0], ids)
    with pytest.raises(ValueError, match=r"nomask\.onnx has no attention mask"):
        run(np.asarray([[101, 102, 0]]), np.asarray([[1, 1, 0]]))


def test_a_lazy_encoder_starts_its_session_at_the_first_call(tmp_path: Path) -> None:
    path = tmp_path / "e.onnx"
    run = onnx_encoder(path, threads=1, lazy=True)  # no file yet: nothing is read
    _encoder(path, with_mask=True)
    ids, mask = np.asarray([[101, 7, 102]]), np.asarray([[1, 1, 1]])
    np.testing.assert_array_equal(run(ids, mask), onnx_encoder(path, threads=1)(ids, mask))
    path.unlink()
    np.testing.assert_array_equal(run(ids, mask)[..., 0], ids)  # the session it started stays
