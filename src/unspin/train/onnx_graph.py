"""Exact clean-ups of an exported encoder graph: the same outputs, less work per window.

torch exports each attention layer's softmax with a guard, ``Where(IsNaN(p), 0, p)``, for rows whose keys
are all masked, and rebuilds the same additive mask in every layer. Neither is needed here: a window
always attends to its ``[CLS]`` piece, so no row is all masked, and one mask serves every layer. On one
CPU thread the guards alone were a fifth of a window's time (BENCHMARKS.md, "Encoder graph").

:func:`simplify` drops the guards, then nodes left unused, and merges duplicate computations (common
subexpressions, constants compared by value). It works on the fp32 export and on its int8 quantisation
alike: quantisation leaves these nodes as they are. :func:`drop_attention_mask` goes one step further for
an encoder that only ever reads one unpadded window a call (the technique network's), where the mask adds
0.0 to every score. Needs the ``onnx`` package (``train`` or ``dev`` extra).
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
