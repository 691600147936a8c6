"""The generic layer scorer: one-to-one overlap matching, labelled and attribute counts, case loading."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from unspin.article import Article
from unspin.errors import InputError
from unspin.eval.layers import Case, Counts, GoldItem, evaluate, format_scores, load_cases, match, parse_case
from unspin.pipeline import Pipeline

TEXT = "At least 14 people were killed and about 250 were hurt, officials said."


def article_with(*spans: tuple[str, str, dict[str, object]]) -> Article:
    article = Article(text=TEXT)
    layer = []
    for needle, label, attrs in spans:
        start = TEXT.index(needle)
        layer.append(article.span(start, start + len(needle), label, attrs=attrs))
    article.set_layer("figures", layer)
    return article


def case(*items: dict[str, object]) -> Case:
    return parse_case({"id": "c1", "text": TEXT, "expect": {"figures": list(items)}}, "test")


def run(c: Case, article: Article) -> dict[str, object]:
    scores = evaluate([c], lambda _: article)
    return scores["figures"].as_dict()


def test_counts_precision_recall_f1() -> None:
    c = Counts(tp=2, predicted=4, gold=2)
    assert (c.precision, c.recall) == (0.5, 1.0)
    assert c.f1 == pytest.approx(2 / 3)
    assert Counts().f1 == 0.0


def test_gold_items_locate_by_text_and_explicit_start() -> None:
    c = parse_case(
        {
            "text": "two and two",
            "expect": {"x": [{"text": "two", "label": "n"}, {"text": "two", "label": "n", "start": 8}]},
        },
        "here",
    )
    assert [(g.start, g.end) for g in c.expect["x"]] == [(0, 3), (8, 11)]


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"expect": {"x": []}}, "non-empty 'text'"),
        ({"text": "abc"}, "'expect'"),
        ({"text": "abc", "expect": {"x": {}}}, "must be a list"),
        ({"text": "abc", "expect": {"x": [{"text": "zz", "label": "n"}]}}, "does not occur"),
        ({"text": "abc", "expect": {"x": [{"text": "b", "label": "n", "start": 0}]}}, "not at start 0"),
        ({"text": "abc", "expect": {"x": [{"text": "b"}]}}, "'label'"),
        ({"text": "abc", "published": 3, "expect": {"x": []}}, "'published'"),
    ],
)
def test_malformed_cases_name_the_problem(raw: dict[str, object], fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        parse_case(raw, "set.jsonl:4")


def test_load_cases_reports_file_and_line(tmp_path: Path) -> None:
    good = json.dumps({"text": "abc", "expect": {"x": []}})
    path = tmp_path / "set.jsonl"
    path.write_text(f"{good}\n\n{{oops\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"set\.jsonl:3: not JSON"):
        load_cases([path])
    path.write_text(f"{good}\n", encoding="utf-8")
    assert len(load_cases([path])) == 1
    with pytest.raises(InputError, match="cannot read"):
        load_cases([tmp_path / "missing.jsonl"])
    (tmp_path / "empty.jsonl").write_text("\n", encoding="utf-8")
    with pytest.raises(InputError, match="no evaluation cases"):
        load_cases([tmp_path / "empty.jsonl"])


def test_match_is_one_to_one_and_prefers_same_label() -> None:
    article = article_with(("At least 14", "QUANTITY", {}), ("14", "KILL", {}))
    gold = [GoldItem(0, 11, "KILL")]
    pairs = match(gold, article.layers["figures"], same_label=False)
    assert [(g.label, p.label) for g, p in pairs] == [("KILL", "KILL")]
    assert match(gold, article.layers["figures"][:1], same_label=True) == []


def test_perfect_prediction_scores_one() -> None:
    article = article_with(("At least 14", "KILL", {"value": 14}), ("about 250", "WOUND", {"value": 250.0}))
    result = run(
        case(
            {"text": "At least 14", "label": "KILL", "attrs": {"value": 14}},
            {"text": "about 250", "label": "WOUND", "attrs": {"value": 250}},
        ),
        article,
    )
    assert result["spans"]["f1"] == result["labelled"]["f1"] == 1.0
    assert result["attrs"] == {"value": {"accuracy": 1.0, "checked": 2}}


def test_wrong_label_extra_span_and_wrong_attribute_are_counted() -> None:
    article = article_with(
        ("At least 14", "WOUND", {"value": 14, "bound": "exact"}),
        ("officials", "QUANTITY", {}),
    )
    scores = evaluate(
        [
            case(
                {"text": "At least 14", "label": "KILL", "attrs": {"bound": "at_least"}},
                {"text": "about 250", "label": "WOUND"},
            )
        ],
        lambda _: article,
    )
    s = scores["figures"]
    assert (s.spans.tp, s.spans.predicted, s.spans.gold) == (1, 2, 2)
    assert s.labelled.tp == 0
    assert s.per_label["KILL"].recall == 0.0
    assert s.attrs["bound"] == [0, 1]
    assert any("bound expected 'at_least', got 'exact'" in e for e in s.errors)
    assert any("missed 'about 250'" in e for e in s.errors)
    assert any("extra 'officials'" in e for e in s.errors)
    table = format_scores(scores)
    assert "figures (labelled)" in table and "attr bound" in table


def test_empty_gold_makes_every_prediction_a_false_positive() -> None:
    article = article_with(("about 250", "WOUND", {}))
    result = run(case(), article)
    assert result["spans"]["predicted"] == 1 and result["spans"]["precision"] == 0.0


def test_evaluates_a_real_layer_through_the_pipeline() -> None:
    text = "The first sentence.\nThe second one!"
    c = parse_case(
        {
            "text": text,
            "expect": {
                "sentences": [
                    {"text": "The first sentence.", "label": "sentence"},
                    {"text": "The second one!", "label": "sentence"},
                ]
            },
        },
        "inline",
    )
    scores = evaluate([c], Pipeline(only=["sentences"]))
    assert scores["sentences"].labelled.f1 == 1.0
