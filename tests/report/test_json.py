"""JSON and JSONL reports: valid against the published schema, round-trip exact, deterministic."""

from __future__ import annotations

import json

import jsonschema
import pytest

from unspin import Article, Pipeline
from unspin.article import json_schema
from unspin.report import to_json, to_jsonl_line

from ._articles import TEXT, build_article


def test_json_validates_against_the_schema(article: Article) -> None:
    Pipeline(only=["sentences", "tokens"])(article)
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(to_json(article)), schema, cls=jsonschema.Draft202012Validator)
    jsonschema.validate(json.loads(to_jsonl_line(article)), schema, cls=jsonschema.Draft202012Validator)


def test_json_round_trip_is_exact(article: Article) -> None:
    Pipeline(only=["sentences"])(article)
    for text in (to_json(article), to_json(article, indent=None), to_jsonl_line(article)):
        again = Article.from_json(text)
        assert again.to_dict() == article.to_dict()
        assert again.text == TEXT
        for anns in again.layers.values():
            assert all(again.text[a.start : a.end] == a.text for a in anns)


def test_json_is_deterministic_whatever_the_insertion_order() -> None:
    one, two = build_article(), build_article()
    two.layers = dict(reversed(list(two.layers.items())))
    two.summary = {k: dict(reversed(list(v.items()))) for k, v in reversed(list(two.summary.items()))}
    assert to_json(one) == to_json(two)
    assert to_jsonl_line(one) == to_jsonl_line(two)
    doc = json.loads(to_json(one))
    assert list(doc) == ["schema", "article", "layers", "summary"]
    assert list(doc["layers"]) == sorted(doc["layers"])
    assert list(doc["summary"]["techniques"]) == sorted(doc["summary"]["techniques"])


def test_jsonl_is_one_line_even_with_unicode_line_separators() -> None:
    article = Article("a\u2028b\u2029c\x85d\r\ne\nf\x1cg", title="x\ny")
    article.set_layer("claims", [article.span(0, 5, "claim")])
    line = to_jsonl_line(article)
    assert "\n" not in line and "\r" not in line
    assert len(line.splitlines()) == 1  # str.splitlines also splits at U+2028, U+0085, ...
    assert Article.from_json(line).to_dict() == article.to_dict()
    assert "\n" not in to_json(article, indent=None)


def test_lone_surrogates_are_escaped_so_output_encodes_as_utf8() -> None:
    article = Article("bad \udc80 byte")
    text = to_json(article)
    text.encode("utf-8")
    assert Article.from_json(text).text == article.text


def test_non_finite_numbers_are_refused() -> None:
    article = Article("text")
    article.summary["techniques"] = {"mean": float("nan")}
    with pytest.raises(ValueError):
        to_json(article)
