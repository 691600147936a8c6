"""The boundary sweep every highlighted view shares: cut the text wherever any span starts or ends.

Spans from several layers overlap and nest freely, which neither HTML elements nor terminal styles can
express directly. Cutting the text at every span boundary gives pieces over which the set of covering
spans is constant, so each piece can be drawn on its own (HTML: one nested ``<mark>`` per covering span,
always well-formed; terminal: one style). Every character lands in exactly one piece, in order.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Segment(Generic[T]):
    """``[start, end)`` of the text, with the items of the spans covering all of it (in input order)."""

    start: int
    end: int
    items: tuple[T, ...]


def sweep(length: int, spans: Sequence[tuple[int, int, T]]) -> list[Segment[T]]:
    """Cut ``[0, length)`` at every boundary of ``spans`` (``(start, end, item)`` triples).

    The pieces tile the whole range, uncovered stretches included (with no items). Spans are clipped to
    the range; empty ones cover nothing. Items keep the order of ``spans``, so callers decide nesting.
    """
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, (start, end, _) in enumerate(spans):
        start, end = max(0, start), min(length, end)
        if start < end:
            starts.setdefault(start, []).append(i)
            ends.setdefault(end, []).append(i)
    cuts = sorted({0, length, *starts, *ends})
    active: set[int] = set()
    pieces: list[Segment[T]] = []
    for here, there in itertools.pairwise(cuts):
        active.difference_update(ends.get(here, ()))
        active.update(starts.get(here, ()))
        pieces.append(Segment(here, there, tuple(spans[i][2] for i in sorted(active))))
    return pieces


def lanes(spans: Sequence[tuple[int, int]]) -> list[int]:
    """A lane per span such that spans sharing a lane never overlap (greedy interval partitioning).

    Views draw each lane's underline at its own depth, so an annotation keeps one depth along its whole
    length even where other spans start or stop inside it. Longer spans starting at the same place get
    the lower lane, so containers sit outside what they contain.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], -spans[i][1], i))
    lane_end: list[int] = []
    result = [0] * len(spans)
    for i in order:
        start, end = spans[i]
        lane = next((k for k, busy_until in enumerate(lane_end) if busy_until <= start), len(lane_end))
        if lane == len(lane_end):
            lane_end.append(0)
        lane_end[lane] = max(end, start + 1)  # an empty span still occupies its lane at that point
        result[i] = lane
    return result
