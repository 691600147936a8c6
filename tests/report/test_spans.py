"""The boundary sweep and lanes, and the view built on them (what is highlighted, legend, summaries)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from unspin import Article
from unspin.analyzer import describe
from unspin.report.spans import lanes, sweep
from unspin.report.view import Grid, Rows, build_view, colour, highlighted_layers, percent, tabulate

spans_strategy = st.integers(0, 40).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(st.tuples(st.integers(-3, n + 3), st.integers(-3, n + 3)).map(sorted), max_size=12),
    )
)


@given(spans_strategy)
def test_sweep_tiles_the_text_and_lists_exactly_the_covering_spans(case: tuple[int, list[list[int]]]) -> None:
    length, spans = case
    pieces = sweep(length, [(s, e, i) for i, (s, e) in enumerate(spans)])
    position = 0
    for piece in pieces:
        assert piece.start == position < piece.end
        position = piece.end
        covering = tuple(i for i, (s, e) in enumerate(spans) if s <= piece.start and piece.end <= e)
        assert piece.items == covering
        # no (non-empty) span starts or ends strictly inside a piece
        assert not any(piece.start < b < piece.end for s, e in spans if s < e for b in (s, e))
    assert position == length


def test_sweep_of_overlapping_and_nested_spans() -> None:
    pieces = sweep(40, [(0, 20, "t1"), (10, 30, "t2"), (5, 40, "c")])
    assert [(p.start, p.end, p.items) for p in pieces] == [
        (0, 5, ("t1",)),
        (5, 10, ("t1", "c")),
        (10, 20, ("t1", "t2", "c")),
        (20, 30, ("t2", "c")),
        (30, 40, ("c",)),
    ]
    assert sweep(0, [(0, 0, "x")]) == []


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)).map(sorted), max_size=15))
def test_overlapping_spans_never_share_a_lane(spans: list[list[int]]) -> None:
    lane = lanes([(s, e) for s, e in spans])
    for i, (s1, e1) in enumerate(spans):
        for j, (s2, e2) in enumerate(spans[:i]):
            if s1 < e2 and s2 < e1:
                assert lane[i] != lane[j]


def test_containers_get_the_outer_lane() -> None:
    assert lanes([(10, 20), (0, 40), (0, 5)]) == [1, 0, 1]


def test_highlighted_layers_skip_structural_ones_and_keep_unknown(
    article: Article, fake_analyzers: None
) -> None:
    article.set_layer("sentences", [article.span(1, 10, "sentence")])
    article.set_layer("zeta_plugin", [])
    assert highlighted_layers(article) == ["techniques", "claims", "zeta_plugin"]


def test_view_legend_counts_colours_and_explanations(article: Article, fake_analyzers: None) -> None:
    view = build_view(article)
    techniques, claims = view.layers
    assert techniques.layer == "techniques" and techniques.description == "Propaganda techniques."
    assert [(e.label, e.count) for e in techniques.entries] == [("Loaded_Language", 2), ("Doubt", 1)]
    assert techniques.entries[0].description.startswith("Words chosen")  # type: ignore[union-attr]
    # Layers of real analyzers take their explanations from the registry (here, the claims analyzer).
    assert [(e.label, e.count, e.description) for e in claims.entries] == [
        ("claim", 2, describe("claims", "claim"))
    ]
    assert len({e.colour for layer in view.layers for e in layer.entries}) == 3
    assert {m.layer for m in view.marks} == {"techniques", "claims"}


def test_view_summary_is_generic_and_ordered(article: Article, fake_analyzers: None) -> None:
    article.summary["zzz_plugin"] = 7
    article.summary["aaa_plugin"] = 8
    keys = [key for key, _ in build_view(article).summary]
    # known layers in analyzer order, then the rest by name, analyzer versions last
    assert keys[0] == "techniques" and keys[-1] == "analyzers"
    assert keys.index("aaa_plugin") < keys.index("zzz_plugin")
    table = tabulate(article.summary["techniques"])
    assert isinstance(table, Rows)
    rows = dict(table.items)
    assert rows["Count"] == "3"
    assert rows["Mean score"] == "61%"
    assert rows["By label"] == Rows((("Loaded Language", "2"), ("Doubt", "1")))
    assert rows["Top"] == Grid(("Label", "Score"), (("Loaded_Language", "87%"), ("Doubt", "42%")))
    assert tabulate({"a": [1, 2.5, None, True]}) == Rows((("A", "1, 2.5, —, yes"),))
    assert tabulate({"share_of_text": 0.2345, "sentence_scores": [0.1, 0.96], "mean": 0.25}) == Rows(
        (("Share of text", "23%"), ("Sentence scores", "10%, 96%"), ("Mean", "0.25"))
    )
    deep: dict[str, object] = {}
    node = deep
    for _ in range(20):
        node["x"] = node = {}
    assert isinstance(tabulate(deep), Rows)  # deep nesting ends in compact JSON, not a RecursionError


def test_formatting_helpers() -> None:
    assert percent(0.874) == "87%"
    assert percent(1.0) == "100%"
    assert percent(3.5) == "3.5"
    assert colour(0) != colour(1)
    assert colour(50).startswith("#") and len(colour(50)) == 7


def test_tooltip_reads_like_prose(fake_analyzers: None) -> None:
    article = Article("They are traitors, all of them.")
    attrs = {
        "span_score": 0.9,
        "technique_score": 0.85,
        "rank": 1,
        "sentence": 0,
        "model": "m-1",
        "alternatives": [{"label": "Loaded_Language", "score": 0.85}, {"label": "Doubt", "score": 0.1}],
        "note": "x",
    }
    article.set_layer("techniques", [article.span(9, 17, "Loaded_Language", score=0.77, attrs=attrs)])
    (mark,) = build_view(article).marks
    assert mark.tooltip() == [
        "Loaded Language (techniques) · 77%",
        "Words chosen for their emotional charge rather than their meaning.",
        "“traitors”",
        "Alternatives: Loaded Language 85%, Doubt 10%",
        "Note: x",
        "Span score: 90%",
        "Technique score: 85%",
    ]
