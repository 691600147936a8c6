"""Exact clean-ups of an exported encoder graph: the same outputs, less work per window.

torch exports each attention layer's softmax with a guard, ``Where(IsNaN(p), 0, p)``, for rows whose keys
are all masked, and rebuilds the same additive mask in every layer. Neither is needed here: a window
always attends to its ``[CLS]`` piece, so no row is all masked, and one mask serves every layer. On one
CPU thread the guards alone were a fifth of a window's time (BENCHMARKS.md, "Encoder graph").

:func:`simplify` drops the guards, then nodes left unused, and merges duplicate computations (common
subexpressions, constants compared by value). It works on the fp32 export and on its int8 quantisation
alike: quantisation leaves these nodes as they are. :func:`drop_attention_mask` goes one step further for
an encoder that only ever reads one unpadded window a call (the technique network's), where the mask adds
0.0 to every score, and :func:`fuse_attention` then hands each layer's attention to onnxruntime's own
kernel. Needs the ``onnx`` package (``train`` or ``dev`` extra).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def simplify(model: Any) -> dict[str, int]:
    """Simplify ``model`` (an ``onnx.ModelProto``) in place; returns how many nodes each step removed."""
    graph = model.graph
    guards = _drop_nan_guards(graph)
    unused = _drop_unused(graph)
    merged = _merge_duplicates(graph)
    return {"nan_guards": guards, "unused": unused, "duplicates": merged}


def simplify_file(path: str | Path, target: str | Path | None = None) -> dict[str, int]:
    """Simplify the ONNX file at ``path``, writing it to ``target`` (default: in place)."""
    return _rewrite(path, simplify, target)


def drop_attention_mask(model: Any) -> int:
    """Make ``model`` an encoder of one unpadded window a call: the additive attention mask goes, and
    with it the ``attention_mask`` input. Returns how many score additions were removed.

    With no padding the mask adds 0.0 to every score, which leaves each score as it is, so the hidden
    states stay bit-identical; the technique network runs one window a call (``TechniqueNetwork``), and
    the mask was a twentieth of its encoder's time. The mask is found by its shape in the graph: the one
    tensor that every addition feeding a ``Softmax`` reads.
    """
    graph = model.graph
    producers = {out: node for node in graph.node for out in node.output}
    adds = [
        producers[node.input[0]]
        for node in graph.node
        if node.op_type == "Softmax" and getattr(producers.get(node.input[0]), "op_type", "") == "Add"
    ]
    shared = set.intersection(*(set(add.input) for add in adds)) if adds else set()
    if len(shared) != 1:
        raise ValueError("no single additive mask read by every attention softmax")
    (mask,) = shared
    for add in adds:
        scores = next(name for name in add.input if name != mask)
        _rename_input(graph, add.output[0], scores)
    _drop_unused(graph)
    if any("attention_mask" in node.input for node in graph.node):
        raise ValueError("the attention_mask input is still read once the mask is gone")
    for value in [v for v in graph.input if v.name == "attention_mask"]:
        graph.input.remove(value)
    return len(adds)


def drop_attention_mask_file(path: str | Path) -> int:
    """:func:`drop_attention_mask` on the ONNX file at ``path``, in place."""
    return _rewrite(path, drop_attention_mask)


def fuse_attention(model: Any, num_heads: int) -> int:
    """Replace each unmasked attention core of ``model`` (an ``onnx.ModelProto``) by one onnxruntime
    ``com.microsoft.MultiHeadAttention`` node; returns how many were fused.

    The core as torch exports it: query, key and value split into heads (``Reshape`` + ``Transpose``),
    scaled by constants, ``MatMul``, ``Softmax``, ``MatMul`` with the values, and the heads merged back
    (``Transpose`` + ``Reshape``). The fused node reads the three projections before the split and
    writes the merged output; the projections themselves (int8 matrix products) stay as they are, so
    quantisation is untouched. Run without a mask, onnxruntime computes it with its flash-attention
    kernel: about a tenth less encoder time on one CPU thread (BENCHMARKS.md, "Encoder graph"). The
    softmax is summed in another order, so the float results move in the last bits, and an int8 encoder
    can amplify that (its activations are re-quantised after every layer); with that kernel disabled
    (``ORT_DISABLE_FLASH_ATTENTION=1``) the outputs are bit-identical to the unfused graph's.
    """
    from onnx import helper

    graph = model.graph
    producers = {out: node for node in graph.node for out in node.output}
    consumers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    constants = _scalar_constants(graph)
    fused = []
    for softmax in [n for n in graph.node if n.op_type == "Softmax"]:
        core = _attention_core(softmax, producers, consumers, constants)
        if core is None:
            continue
        query, key, value, scale, merged = core
        fused.append(
            helper.make_node(
                "MultiHeadAttention",
                [query, key, value],
                [merged + "/fused"],
                name=softmax.name + "/MultiHeadAttention",
                domain="com.microsoft",
                num_heads=num_heads,
                scale=scale,
            )
        )
        _rename_input(graph, merged, merged + "/fused")
    if not fused:
        return 0
    _insert_in_order(graph, fused)
    _drop_unused(graph)
    if not any(op.domain == "com.microsoft" for op in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return len(fused)


def fuse_attention_file(path: str | Path, num_heads: int) -> int:
    """:func:`fuse_attention` on the ONNX file at ``path``, in place."""
    return _rewrite(path, lambda model: fuse_attention(model, num_heads))


def _scalar_constants(graph: Any) -> dict[str, float]:
    """Values of the graph's one-element float constants (``Constant`` nodes and initializers)."""
    from onnx import numpy_helper

    tensors = [(node.output[0], node.attribute[0].t) for node in graph.node if _is_tensor_constant(node)]
    tensors += [(init.name, init) for init in graph.initializer]
    out = {}
    for name, tensor in tensors:
        if tensor.data_type == 1:  # float
            array = numpy_helper.to_array(tensor)
            if array.size == 1:
                out[name] = float(array.reshape(-1)[0])
    return out


def _is_tensor_constant(node: Any) -> bool:
    return node.op_type == "Constant" and len(node.attribute) == 1 and node.attribute[0].name == "value"


def _unscaled(name: str, producers: dict[str, Any], constants: dict[str, float]) -> tuple[str, float]:
    """``name`` with any ``Mul``/``Div`` by scalar constants peeled off, and the factor they applied."""
    factor = 1.0
    while (node := producers.get(name)) is not None and node.op_type in ("Mul", "Div"):
        a, b = node.input
        if b in constants:
            factor, name = factor * constants[b] if node.op_type == "Mul" else factor / constants[b], a
        elif a in constants and node.op_type == "Mul":
            factor, name = factor * constants[a], b
        else:
            break
    return name, factor


def _split_heads(name: str, perm: list[int], producers: dict[str, Any]) -> str | None:
    """The ``(batch, sequence, hidden)`` tensor that ``Transpose(perm)`` of a ``Reshape`` split into heads."""
    transpose = producers.get(name)
    if transpose is None or transpose.op_type != "Transpose" or _perm(transpose) != perm:
        return None
    reshape = producers.get(transpose.input[0])
    return reshape.input[0] if reshape is not None and reshape.op_type == "Reshape" else None


def _perm(node: Any) -> list[int]:
    return next((list(a.ints) for a in node.attribute if a.name == "perm"), [])


def _attention_core(
    softmax: Any,
    producers: dict[str, Any],
    consumers: dict[str, list[Any]],
    constants: dict[str, float],
) -> tuple[str, str, str, float, str] | None:
    """Query, key and value inputs, scale and merged output of the core around ``softmax`` (None if it
    is not one: a masked softmax, say, whose scores pass through an ``Add``)."""
    scores, scale = _unscaled(softmax.input[0], producers, constants)
    product = producers.get(scores)
    if product is None or product.op_type != "MatMul":
        return None
    q_heads, q_scale = _unscaled(product.input[0], producers, constants)
    k_heads, k_scale = _unscaled(product.input[1], producers, constants)
    query = _split_heads(q_heads, [0, 2, 1, 3], producers)
    key = _split_heads(k_heads, [0, 2, 3, 1], producers)
    readers = consumers.get(softmax.output[0], [])
    if query is None or key is None or len(readers) != 1 or readers[0].op_type != "MatMul":
        return None
    weighted = readers[0]
    value = _split_heads(weighted.input[1], [0, 2, 1, 3], producers)
    if value is None or weighted.input[0] != softmax.output[0]:
        return None
    merged = _merge_heads(weighted.output[0], consumers)
    return None if merged is None else (query, key, value, scale * q_scale * k_scale, merged)


def _merge_heads(name: str, consumers: dict[str, list[Any]]) -> str | None:
    """The ``(batch, sequence, hidden)`` output that ``[Reshape,] Transpose(0, 2, 1, 3), Reshape`` makes of
    the per-head output ``name`` (torch may export a first reshape to the shape it already has)."""
    ops: list[str] = []
    while len(ops) < 3:
        nexts = [n for n in consumers.get(name, []) if n.op_type in ("Reshape", "Transpose")]
        if len(nexts) != 1 or len(consumers[name]) > 2:  # besides the merge, at most a Shape reads it
            return None
        node = nexts[0]
        if node.op_type == "Transpose" and _perm(node) != [0, 2, 1, 3]:
            return None
        ops.append(node.op_type)
        name = node.output[0]
        if ops[-2:] == ["Transpose", "Reshape"]:
            return name if ops in (["Transpose", "Reshape"], ["Reshape", "Transpose", "Reshape"]) else None
    return None


def _insert_in_order(graph: Any, new: list[Any]) -> None:
    """Add ``new`` nodes and re-sort the graph so every node comes after the nodes it reads."""
    nodes = list(graph.node) + new
    ready = {v.name for v in graph.input} | {t.name for t in graph.initializer} | {""}
    ordered: list[Any] = []
    while nodes:
        waiting = []
        for node in nodes:
            if all(name in ready for name in node.input):
                ordered.append(node)
                ready.update(node.output)
            else:
                waiting.append(node)
        if len(waiting) == len(nodes):
            raise ValueError("the graph has a cycle or reads a tensor nothing writes")
        nodes = waiting
    del graph.node[:]
    graph.node.extend(ordered)


def _rewrite(path: str | Path, change: Callable[[Any], T], target: str | Path | None = None) -> T:
    """Load the ONNX file at ``path``, ``change`` it in place, check it, and save it to ``target``."""
    import onnx

    model = onnx.load(str(path))
    result = change(model)
    onnx.checker.check_model(model)
    onnx.save(model, str(target or path))
    return result


def _rename_input(graph: Any, old: str, new: str) -> None:
    for node in graph.node:
        for k, name in enumerate(node.input):
            if name == old:
                node.input[k] = new


def _drop_nan_guards(graph: Any) -> int:
    """Remove ``Where(IsNaN(x), c, x)``: its consumers read ``x`` itself (the ``IsNaN`` is then unused)."""
    producers = {out: node for node in graph.node for out in node.output}
    outputs = {o.name for o in graph.output}
    dropped = []
    for where in graph.node:
        if where.op_type != "Where" or where.output[0] in outputs:
            continue
        isnan = producers.get(where.input[0])
        if isnan is None or isnan.op_type != "IsNaN" or isnan.input[0] != where.input[2]:
            continue
        _rename_input(graph, where.output[0], where.input[2])
        dropped.append(where)
    for node in dropped:
        graph.node.remove(node)
    return len(dropped)


def _drop_unused(graph: Any) -> int:
    """Remove nodes none of whose outputs is read, until there are none."""
    outputs = {o.name for o in graph.output}
    removed = 0
    while True:
        read = outputs | {name for node in graph.node for name in node.input}
        unused = [node for node in graph.node if not any(out in read for out in node.output)]
        if not unused:
            return removed
        for node in unused:
            graph.node.remove(node)
        removed += len(unused)


def _merge_duplicates(graph: Any) -> int:
    """Common-subexpression elimination: nodes of one op type with the same inputs and attributes (a
    ``Constant``: the same value) compute the same thing, so all but the first go. Repeats until stable,
    since merging inputs can make their consumers equal."""
    outputs = {o.name for o in graph.output}
    removed = 0
    while True:
        seen: dict[tuple[Any, ...], Any] = {}
        duplicates = []
        for node in graph.node:
            if any(out in outputs for out in node.output):
                continue
            key = (
                node.op_type,
                node.domain,
                tuple(node.input),
                len(node.output),
                tuple(sorted(a.SerializeToString() for a in _attributes_without_name(node))),
            )
            first = seen.setdefault(key, node)
            if first is not node:
                duplicates.append((node, first))
        if not duplicates:
            return removed
        for node, first in duplicates:
            for old, new in zip(node.output, first.output, strict=True):
                _rename_input(graph, old, new)
            graph.node.remove(node)
        removed += len(duplicates)


def _attributes_without_name(node: Any) -> list[Any]:
    """A node's attributes, comparable across nodes (a constant tensor's own name does not count)."""
    out = []
    for attr in node.attribute:
        if attr.HasField("t") and attr.t.name:
            attr = type(attr).FromString(attr.SerializeToString())
            attr.t.name = ""
        out.append(attr)
    return out
