"""What every human-readable report shows, decided once: highlighted layers, legend, colours, summaries.

The HTML page and the terminal view only draw a :class:`ReportView`; which layers get highlighted, the
colour of a label, how a score or a summary value reads, all live here so the two views never disagree.
Nothing here escapes anything: each view escapes for its own medium.
"""

from __future__ import annotations

import colorsys
import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from unspin.analyzer import describe, registered
from unspin.article import Annotation, Article
from unspin.brief import FIGURE_NAMES, SOURCING, SOURCING_ORDER, Event, Figure, Name, Sourcing
from unspin.report.spans import Segment, lanes, sweep

# Colour-blind-friendly first (Okabe-Ito), then distinct extras; beyond these, golden-angle hues.
PALETTE = (
    "#e69f00",
    "#56b4e9",
    "#009e73",
    "#f0e442",
    "#0072b2",
    "#d55e00",
    "#cc79a7",
    "#9467bd",
    "#8c564b",
    "#17becf",
    "#bcbd22",
    "#e377c2",
)
# Keys of the summary that are not layers; they go after the layers.
_META_SUMMARY_KEYS = ("analyzers", "skipped")
_MAX_DEPTH = 6  # summaries nested deeper than this are shown as compact JSON
_EXCERPT = 160  # characters of covered text quoted in a tooltip or a spans table
# Attributes that only machines need (indices, versions); tooltips leave them to the JSON.
_MACHINE_ATTRS = frozenset({"analyzer", "id", "model", "rank", "sentence", "version"})


def colour(index: int) -> str:
    """The ``#rrggbb`` colour of legend entry ``index``: fixed palette first, generated hues after."""
    if index < len(PALETTE):
        return PALETTE[index]
    hue = (index - len(PALETTE)) * 0.6180339887 % 1.0
    r, g, b = colorsys.hls_to_rgb(hue, 0.5, 0.65)
    return f"#{round(r * 255):02x}{round(g * 255):02x}{round(b * 255):02x}"


def rgb(hex_colour: str) -> tuple[int, int, int]:
    return int(hex_colour[1:3], 16), int(hex_colour[3:5], 16), int(hex_colour[5:7], 16)


def ink(hex_colour: str) -> str:
    """Black or white, whichever reads better on ``hex_colour`` (WCAG relative luminance)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_colour))
    return "#000000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 else "#ffffff"


def humanize(name: str) -> str:
    """``Loaded_Language`` → ``Loaded Language``, ``by_label`` → ``By label``: names read as words."""
    words = str(name).replace("_", " ").replace(",", ", ").replace(",  ", ", ").strip()
    return words[:1].upper() + words[1:] if words else str(name)


def percent(score: float) -> str:
    """A score in [0, 1] as a whole percentage; anything else as a plain number."""
    if math.isfinite(score) and 0.0 <= score <= 1.0:
        return f"{round(score * 100)}%"
    return format_scalar(score)


def format_scalar(value: Any) -> str:
    """A summary or attribute value as short text: thousands separators, at most 3 decimals."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}"
        return f"{value:,.3f}".rstrip("0").rstrip(".")
    return str(value)


def excerpt(text: str, limit: int = _EXCERPT) -> str:
    """Covered text on one line, shortened: quoted where there is no room for the whole span."""
    flat = " ".join(text.replace("\ufeff", "").split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def is_fraction(key: str) -> bool:
    """Does a value under ``key`` read best as a percentage (``score``, ``sentence_scores``, ``share_…``)?"""
    key = str(key).lower()
    return key.endswith(("score", "scores", "share")) or key.startswith("share")


def format_value(value: Any, key: str = "") -> str:
    """A scalar under ``key``: fractions in [0, 1] as percentages where the key says it is one."""
    if is_fraction(key) and isinstance(value, int | float) and not isinstance(value, bool):
        return percent(float(value))
    return format_scalar(value)


def _scored_list(value: Any) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(
            isinstance(v, dict) and "label" in v and isinstance(v.get("score"), int | float) for v in value
        )
    )


# --- summaries as tables ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rows:
    """A two-column table: a nested dict reads as name → value rows."""

    items: tuple[tuple[str, Cell], ...]


@dataclass(frozen=True, slots=True)
class Grid:
    """A table with a header: a list of dicts reads as one row per dict."""

    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


Cell = str | Rows | Grid


def tabulate(value: Any, depth: int = 0, key: str = "") -> Cell:
    """Any JSON-like summary value as text or (nested) tables, without knowing its keys."""
    if depth > _MAX_DEPTH:
        return json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    if isinstance(value, dict):
        if not value:
            return "—"
        return Rows(tuple((humanize(k), tabulate(v, depth + 1, str(k))) for k, v in value.items()))
    if isinstance(value, list | tuple):
        if not value:
            return "—"
        if all(isinstance(v, dict) for v in value):
            keys = list(dict.fromkeys(k for v in value for k in v))
            return Grid(
                tuple(humanize(k) for k in keys),
                tuple(tuple(tabulate(v.get(k), depth + 1, str(k)) for k in keys) for v in value),
            )
        if all(not isinstance(v, dict | list | tuple) for v in value):
            return ", ".join(format_value(v, key) for v in value)
        return Grid(("",), tuple((tabulate(v, depth + 1, key),) for v in value))
    return format_value(value, key)


# --- the view --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One label of one layer: its colour (by ``index``), how often it occurs, what it means."""

    index: int
    layer: str
    label: str
    count: int
    description: str | None

    @property
    def colour(self) -> str:
        return colour(self.index)

    @property
    def name(self) -> str:
        return humanize(self.label)


@dataclass(frozen=True, slots=True)
class LayerLegend:
    layer: str
    description: str | None
    count: int
    entries: tuple[LegendEntry, ...]


# Layer groups a reader switches between, one highlighted at a time (techniques first, by default).
GROUPS = (
    ("techniques", "Techniques", ("techniques",)),
    ("claims", "Claims & sources", ("claims", "attribution")),
    ("figures", "Figures", ("figures",)),
    ("events", "Events & dates", ("events", "dates")),
    ("places", "Places & names", ("places", "entities")),
)
OTHER_GROUP = ("other", "Other layers")


def group_of(layer: str) -> str:
    for key, _, layers in GROUPS:
        if layer in layers:
            return key
    return OTHER_GROUP[0]


@dataclass(frozen=True, slots=True)
class Mark:
    """One highlighted annotation: ``key`` is unique in the report, ``lane`` its underline depth
    among the spans of its layer group (only one group is highlighted at a time)."""

    key: str
    layer: str
    annotation: Annotation
    entry: LegendEntry
    lane: int

    @property
    def group(self) -> str:
        return group_of(self.layer)

    def tooltip(self) -> list[str]:
        """Plain-text lines explaining the span: label, layer and score; explanation; quoted text."""
        a = self.annotation
        head = f"{self.entry.name} ({self.layer})"
        if a.score is not None:
            head += f" · {percent(a.score)}"
        lines = [head]
        if self.entry.description:
            lines.append(self.entry.description)
        lines.append(f"“{excerpt(a.text)}”")
        for key, value in sorted(a.attrs.items()):
            if key in _MACHINE_ATTRS:
                continue
            if _scored_list(value):  # e.g. runner-up labels: "Doubt 12%, Flag Waving 5%"
                items = ", ".join(
                    f"{humanize(v['label'])} {format_value(v['score'], 'score')}" for v in value
                )
                lines.append(f"{humanize(key)}: {items}")
            elif not isinstance(value, dict | list | tuple):
                lines.append(f"{humanize(key)}: {format_value(value, key)}")
        return lines


@dataclass(frozen=True, slots=True)
class ReportView:
    text: str
    layers: tuple[LayerLegend, ...]
    marks: tuple[Mark, ...]
    segments: tuple[Segment[Mark], ...]
    summary: tuple[tuple[str, Cell], ...]


def highlighted_layers(article: Article) -> list[str]:
    """Layers whose analyzer asks to be highlighted, plus unknown (plugin or foreign) layers.

    Known layers come in analyzer order, unknown ones after them by name, so output is deterministic.
    """
    known = registered()
    ordered = [name for name in known if name in article.layers and known[name].highlight]
    return ordered + sorted(name for name in article.layers if name not in known)


def _summary_order(article: Article) -> list[str]:
    known = list(registered())
    rank = {name: i for i, name in enumerate(known)}
    keys = [k for k in article.summary if k not in _META_SUMMARY_KEYS]
    keys.sort(key=lambda k: (rank.get(k, len(rank)), str(k)))
    return keys + [k for k in _META_SUMMARY_KEYS if k in article.summary]


def _shown(layer: str, value: Any) -> Any:
    """A layer's summary without the keys its analyzer keeps for machines (JSON) only."""
    cls = registered().get(layer)
    if cls is None or not isinstance(value, dict):
        return value
    return {k: v for k, v in value.items() if k not in cls.summary_json_only}


def build_view(article: Article) -> ReportView:
    """Legend, marks and text segments for ``article``; same article in, same view out."""
    analyzers = registered()
    legends: list[LayerLegend] = []
    pending: list[tuple[str, Annotation, LegendEntry]] = []
    next_index = 0
    for layer in highlighted_layers(article):
        annotations = article.layers[layer]
        counts = Counter(a.label for a in annotations)
        entries: dict[str, LegendEntry] = {}
        for label, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            entries[label] = LegendEntry(next_index, layer, label, count, describe(layer, label))
            next_index += 1
        cls = analyzers.get(layer)
        legends.append(
            LayerLegend(layer, cls.description if cls else None, len(annotations), tuple(entries.values()))
        )
        pending.extend((layer, a, entries[a.label]) for a in annotations)
    # Position order, so keys and nesting follow the text rather than the layer order.
    pending.sort(key=lambda p: (p[1].start, -p[1].end, p[2].index))
    lane_of = [0] * len(pending)
    for group in dict.fromkeys(group_of(layer) for layer, _, _ in pending):
        members = [i for i, (layer, _, _) in enumerate(pending) if group_of(layer) == group]
        for i, lane in zip(
            members, lanes([(pending[i][1].start, pending[i][1].end) for i in members]), strict=True
        ):
            lane_of[i] = lane
    marks = tuple(
        Mark(f"a{i}", layer, a, entry, lane)
        for i, ((layer, a, entry), lane) in enumerate(zip(pending, lane_of, strict=True))
    )
    outer_first = sorted(marks, key=lambda m: m.lane)  # overlapping spans of a group never share a lane
    segments = sweep(len(article.text), [(m.annotation.start, m.annotation.end, m) for m in outer_first])
    summary = tuple((str(k), tabulate(_shown(k, article.summary[k]))) for k in _summary_order(article))
    return ReportView(article.text, tuple(legends), marks, tuple(segments), summary)


# --- the brief in words (every human-readable report phrases it the same way) -----------------------

_BOUND_WORDS = {"at_least": "at least ", "at_most": "up to ", "about": "about "}
_SOURCING_WORDS = {
    "named": "a named source",
    "vague": "a vague cue",
    "anonymous": "an anonymous source",
    "none": "nothing",
}
_CURRENCY_SIGNS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}


def amount(value: float | None, currency: str | None = None, unit: str | None = None) -> str:
    """A quantity as a careful reader writes it: ``3.5 million``, ``$3.5 million``, ``4%``."""
    if value is None:
        return "?"
    magnitude = abs(value)
    if magnitude >= 1e9:
        text = f"{format_scalar(round(value / 1e9, 2))} billion"
    elif magnitude >= 1e6:
        text = f"{format_scalar(round(value / 1e6, 2))} million"
    else:
        text = format_scalar(value)
    if unit == "percent":
        return text + "%"
    if currency:
        sign = _CURRENCY_SIGNS.get(currency)
        return f"{sign}{text}" if sign else f"{text} {currency}"
    return text


def figure_phrase(figure: Figure) -> str:
    """``at least 14 civilians killed``, ``damage: $3.5 million``, ``unemployment: 4%``."""
    value = amount(figure.value, figure.currency, figure.unit)
    if figure.bound == "range" and figure.high is not None:
        value = f"{value}–{amount(figure.high, figure.currency, figure.unit)}"
    else:
        value = _BOUND_WORDS.get(figure.bound or "", "") + value
    counts = figure.counts or FIGURE_NAMES.get(figure.category, figure.category.lower())
    if counts in (figure.noun, figure.unit):  # "140 soldiers", not "140 soldiers soldiers"
        return f"{value} {counts}"
    if counts.startswith("people "):
        noun = figure.noun or "people"
        return f"{value} {noun} {counts.removeprefix('people ')}"
    if figure.unit == "people":
        return f"{value} {figure.noun or 'people'} {counts}"
    return f"{counts}: {value}"


def source_phrase(source: str | None, kind: str | None) -> str:
    """Who vouches for a figure or claim, and how firmly: ``says the Ministry …``, ``vague: “it is
    known that”``, ``anonymous: a senior official``, ``no source given``."""
    group = SOURCING.get(kind or "none", "named")
    if group == "none" or not source:
        return "no source given"
    flat = excerpt(source, 60)
    if group == "vague":
        return f"vague: “{flat}”"
    if group == "anonymous":
        return f"anonymous: {flat}"
    return f"says {flat}"


def place_name(name: str) -> str:
    """A place as written, on one line; a dateline's ALL CAPS in title case."""
    flat = " ".join(name.split())
    return flat.title() if flat.isupper() else flat


def sourcing_phrase(sourcing: Sourcing) -> str:
    """``11 check-worthy claims: 2 on a named source, 3 on a vague cue, 3 on an anonymous source, …``."""
    claims = f"{sourcing.claims} check-worthy claim" + ("" if sourcing.claims == 1 else "s")
    if not sourcing.claims:
        return "No check-worthy claims found."
    parts = [f"{sourcing.counts[k]} on {_SOURCING_WORDS[k]}" for k in SOURCING_ORDER if sourcing.counts[k]]
    return f"{claims}: " + ", ".join(parts) + "."


def event_date(event: Event) -> str:
    """The date, else the phrase the text gives when nothing resolves it, else that none is stated."""
    if event.date:
        return event.date
    if event.date_text:
        return f"“{event.date_text}” (unresolved)"
    return "date not stated"


def event_phrase(event: Event) -> str:
    """``Shelling/artillery/missile in Port Sarel, 2026-03-10, by militants`` (what is known of it)."""
    what = humanize(event.sub_type or event.type).replace(" artillery missile", ", artillery or missile fire")
    parts = [what]
    if event.place:
        parts.append(f"in {place_name(event.place)}")
    parts.append(event_date(event))
    if event.actors:
        parts.append("by " + ", ".join(event.actors))
    return ", ".join(parts)


def name_phrase(name: Name) -> str:
    """``Port Sarel ×3`` or ``Paris (FR) ×2``."""
    where = f" ({name.country})" if name.country else ""
    times = f" ×{name.mentions}" if name.mentions > 1 else ""
    return f"{place_name(name.name)}{where}{times}"
