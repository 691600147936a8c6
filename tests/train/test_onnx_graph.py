"""The encoder graph clean-up removes work, never changes an output."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
from onnx import TensorProto, helper, numpy_helper  # noqa: E402

from unspin.ml import onnx_encoder  # noqa: E402
from unspin.train.onnx_graph import (  # noqa: E402
    drop_attention_mask,
    fuse_attention,
    simplify,
    simplify_file,
)

MODELS = Path(__file__).resolve().parents[2] / "src" / "unspin" / "models"


def _constant(name: str, value: float) -> object:
    tensor = numpy_helper.from_array(np.asarray([value], dtype=np.float32), name=f"{name}_value")
    return helper.make_node("Constant", [], [name], value=tensor, name=name)


def _attention_like(mask_name: str = "attention_mask") -> object:
    """Two 'layers', each rebuilding the additive mask from its own constants and guarding its softmax."""
    nodes = []
    for layer in (0, 1):
        x_in = "x" if layer == 0 else "h0"
        nodes += [
            _constant(f"zero{layer}", 0.0),
            _constant(f"ninf{layer}", -np.inf),
            helper.make_node("Where", [mask_name, f"zero{layer}", f"ninf{layer}"], [f"add_mask{layer}"]),
            helper.make_node("Add", [x_in, f"add_mask{layer}"], [f"scores{layer}"]),
            helper.make_node("Softmax", [f"scores{layer}"], [f"p{layer}"], axis=-1),
            helper.make_node("IsNaN", [f"p{layer}"], [f"nan{layer}"]),
            _constant(f"fill{layer}", 0.0),
            helper.make_node("Where", [f"nan{layer}", f"fill{layer}", f"p{layer}"], [f"safe{layer}"]),
            helper.make_node("Mul", [f"safe{layer}", x_in], [f"h{layer}"]),
        ]
    graph = helper.make_graph(
        nodes,
        "attention_like",
        [
            helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 5]),
            helper.make_tensor_value_info(mask_name, TensorProto.BOOL, [2, 5]),
        ],
        [helper.make_tensor_value_info("h1", TensorProto.FLOAT, [2, 5])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _run(model: object, feeds: dict[str, np.ndarray]) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return np.asarray(session.run(None, feeds)[0])


def test_guards_and_repeated_masks_go_and_outputs_stay_identical() -> None:
    model = _attention_like()
    feeds = {
        "x": np.random.default_rng(0).normal(size=(2, 5)).astype(np.float32),
        "attention_mask": np.array([[1, 1, 1, 0, 0], [1, 1, 1, 1, 1]], dtype=bool),
    }
    before = _run(model, feeds)
    removed = simplify(model)
    onnx.checker.check_model(model)
    ops = [n.op_type for n in model.graph.node]
    # The guards' Where nodes; then their IsNaN and fill constants; then layer 2's constants and mask.
    assert removed == {"nan_guards": 2, "unused": 4, "duplicates": 3}
    assert "IsNaN" not in ops
    assert ops.count("Where") == 1  # one additive mask serves both layers
    assert ops.count("Constant") == 2  # 0 and -inf, each once
    np.testing.assert_array_equal(_run(model, feeds), before)


def test_graph_output_is_never_renamed() -> None:
    """A guard that is itself the graph output stays: the output name is the model's interface."""
    nodes = [
        helper.make_node("Softmax", ["x"], ["p"], axis=-1),
        helper.make_node("IsNaN", ["p"], ["nan"]),
        _constant("fill", 0.0),
        helper.make_node("Where", ["nan", "fill", "p"], ["out"]),
    ]
    graph = helper.make_graph(
        nodes,
        "guarded_output",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 3])],
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, 3])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    assert simplify(model) == {"nan_guards": 0, "unused": 0, "duplicates": 0}


def test_simplify_file_writes_a_valid_model(tmp_path: Path) -> None:
    source = tmp_path / "in.onnx"
    onnx.save(_attention_like(), str(source))
    target = tmp_path / "out.onnx"
    simplify_file(source, target)
    ops = [n.op_type for n in onnx.load(str(target)).graph.node]
    assert "IsNaN" not in ops
    assert ops.count("Where") == 1


@pytest.mark.parametrize("model", ["techniques", "claims"])
def test_shipped_encoders_are_simplified(model: str) -> None:
    graph = onnx.load(str(MODELS / model / "encoder.onnx")).graph
    ops = [n.op_type for n in graph.node]
    assert "IsNaN" not in ops
    again = simplify(onnx.load(str(MODELS / model / "encoder.onnx")))
    assert again == {"nan_guards": 0, "unused": 0, "duplicates": 0}


def test_dropping_the_mask_keeps_unpadded_outputs_bit_identical() -> None:
    model = _attention_like()
    simplify(model)  # as exported: one additive mask, read by both layers
    x = np.random.default_rng(1).normal(size=(2, 5)).astype(np.float32)
    before = _run(model, {"x": x, "attention_mask": np.ones((2, 5), dtype=bool)})
    assert drop_attention_mask(model) == 2
    onnx.checker.check_model(model)
    assert [v.name for v in model.graph.input] == ["x"]
    assert "Where" not in [n.op_type for n in model.graph.node]
    np.testing.assert_array_equal(_run(model, {"x": x}), before)


def test_dropping_the_mask_refuses_a_graph_without_one_shared_mask() -> None:
    model = _attention_like()  # not simplified: each layer adds its own copy of the mask
    with pytest.raises(ValueError, match="single additive mask"):
        drop_attention_mask(model)


def test_dropping_the_mask_refuses_a_graph_that_reads_the_mask_elsewhere() -> None:
    model = _attention_like()
    simplify(model)
    model.graph.node.append(helper.make_node("Not", ["attention_mask"], ["unused_but_read"]))
    model.graph.output.append(helper.make_tensor_value_info("unused_but_read", TensorProto.BOOL, [2, 5]))
    with pytest.raises(ValueError, match="still read"):
        drop_attention_mask(model)


def test_shipped_technique_encoder_reads_no_mask_and_refuses_padding() -> None:
    """The technique encoder runs one unpadded window a call; the claims encoder batches padded sentences."""
    techniques = onnx.load(str(MODELS / "techniques" / "encoder.onnx")).graph
    assert [v.name for v in techniques.input] == ["input_ids"]
    claims = onnx.load(str(MODELS / "claims" / "encoder.onnx")).graph
    assert "attention_mask" in [v.name for v in claims.input]
    run = onnx_encoder(MODELS / "techniques" / "encoder.onnx", threads=1)
    ids = np.array([[101, 2023, 2003, 102, 0]], dtype=np.int64)
    assert run(ids[:, :4], np.ones((1, 4), dtype=np.int64)).shape == (1, 4, 384)
    with pytest.raises(ValueError, match="unpadded"):
        run(ids, np.array([[1, 1, 1, 1, 0]], dtype=np.int64))


def _attention_core(heads: int = 2, size: int = 8, masked: bool = False) -> object:
    """One self-attention block as torch exports it: projections, split into heads, both sides scaled by
    the fourth root of the head size, softmax, weighted values, heads merged, output projection."""
    rng = np.random.default_rng(2)
    head = size // heads
    inits = [
        numpy_helper.from_array(rng.normal(size=(size, size)).astype(np.float32), name=f"w{part}")
        for part in "qkvo"
    ]
    inits += [
        numpy_helper.from_array(np.asarray([0, 0, heads, head], dtype=np.int64), name="split"),
        numpy_helper.from_array(np.asarray([0, 0, size], dtype=np.int64), name="merge"),
        numpy_helper.from_array(np.asarray(head**-0.25, dtype=np.float32), name="root"),
    ]
    nodes = [helper.make_node("MatMul", ["x", f"w{part}"], [part]) for part in "qkv"]
    for part, perm in (("q", [0, 2, 1, 3]), ("k", [0, 2, 3, 1]), ("v", [0, 2, 1, 3])):
        nodes += [
            helper.make_node("Reshape", [part, "split"], [f"{part}_split"]),
            helper.make_node("Transpose", [f"{part}_split"], [f"{part}_heads"], perm=perm),
        ]
    nodes += [
        helper.make_node("Mul", ["q_heads", "root"], ["q_scaled"]),
        helper.make_node("Mul", ["k_heads", "root"], ["k_scaled"]),
        helper.make_node("MatMul", ["q_scaled", "k_scaled"], ["scores"]),
    ]
    if masked:
        nodes.append(helper.make_node("Add", ["scores", "bias"], ["scores_masked"]))
    nodes += [
        helper.make_node("Softmax", ["scores_masked" if masked else "scores"], ["p"], axis=-1),
        helper.make_node("MatMul", ["p", "v_heads"], ["weighted"]),
        helper.make_node("Transpose", ["weighted"], ["weighted_t"], perm=[0, 2, 1, 3]),
        helper.make_node("Reshape", ["weighted_t", "merge"], ["merged"]),
        helper.make_node("MatMul", ["merged", "wo"], ["out"]),
    ]
    inputs = [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, "n", size])]
    if masked:
        inputs.append(helper.make_tensor_value_info("bias", TensorProto.FLOAT, [1, 1, 1, "n"]))
    graph = helper.make_graph(
        nodes,
        "attention",
        inputs,
        [helper.make_tensor_value_info("out", TensorProto.FLOAT, [1, "n", size])],
        inits,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def test_fused_attention_computes_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    model = _attention_core()
    x = np.random.default_rng(3).normal(size=(1, 6, 8)).astype(np.float32)
    before = _run(model, {"x": x})
    assert fuse_attention(model, num_heads=2) == 1
    onnx.checker.check_model(model)
    ops = [n.op_type for n in model.graph.node]
    assert ops == ["MatMul", "MatMul", "MatMul", "MultiHeadAttention", "MatMul"]
    np.testing.assert_allclose(_run(model, {"x": x}), before, rtol=1e-5, atol=1e-5)
    # onnxruntime's flash kernel sums in another order; the plain one gives the very same floats.
    monkeypatch.setenv("ORT_DISABLE_FLASH_ATTENTION", "1")
    np.testing.assert_array_equal(_run(model, {"x": x}), before)


def test_a_masked_attention_is_left_alone() -> None:
    model = _attention_core(masked=True)
    assert fuse_attention(model, num_heads=2) == 0
    assert "Softmax" in [n.op_type for n in model.graph.node]


def test_shipped_technique_encoder_has_fused_attention() -> None:
    graph = onnx.load(str(MODELS / "techniques" / "encoder.onnx")).graph
    ops = [n.op_type for n in graph.node]
    assert ops.count("MultiHeadAttention") == 6
    assert "Softmax" not in ops
