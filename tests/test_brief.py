"""The brief: its content on three articles written for these tests, and its rules on hand-built layers.

The articles (tests/fixtures/brief/) are an overt war-time report, a neutral wire story and an opinion
column; they run through the real pipeline once per module.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from unspin import Article, Pipeline
from unspin.article import json_schema
from unspin.brief import BANDS, Brief, build_brief, figure_totals
from unspin.report.json import to_json

FIXTURES = Path(__file__).parent / "fixtures" / "brief"
RANK = {band: i for i, (_, band, _) in enumerate(reversed(BANDS))}


@pytest.fixture(scope="module")
def analysed() -> dict[str, Article]:
    pipeline = Pipeline()
    out = {}
    for name in ("war_report", "wire_story", "opinion_column"):
        text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
        out[name] = pipeline(Article(text, title=text.splitlines()[0], published="2026-03-09"))
    return out


def evidence_matches(article: Article, brief: Brief) -> None:
    for span in brief.evidence():
        assert article.text[span.start : span.end] == span.text


def test_the_war_report_scores_higher_than_the_column_and_the_wire_story(
    analysed: dict[str, Article],
) -> None:
    war, wire, column = (analysed[n].brief.verdict for n in ("war_report", "wire_story", "opinion_column"))
    assert war.score is not None and wire.score is not None and column.score is not None
    assert RANK[war.band or ""] > RANK[wire.band or ""]
    assert war.score > column.score > wire.score
    assert war.band in ("high", "very high") and wire.band == "low"


def test_the_war_report_quotes_its_strongest_techniques(analysed: dict[str, Article]) -> None:
    article = analysed["war_report"]
    brief = article.brief
    assert 3 <= len(brief.techniques) <= 5
    scores = [t.score or 0.0 for t in brief.techniques]
    assert scores == sorted(scores, reverse=True)
    quoted = " ".join(t.evidence.text for t in brief.techniques)
    assert "treacherous invaders" in quoted or "cowardly enemy" in quoted
    evidence_matches(article, brief)


def test_the_war_report_lists_its_unsourced_claims(analysed: dict[str, Article]) -> None:
    sourcing = analysed["war_report"].brief.sourcing
    assert sourcing is not None
    assert sourcing.counts["none"] >= 1 and sourcing.counts["named"] >= 1
    assert sum(sourcing.counts.values()) == sourcing.claims == len(sourcing.evidence)
    unsourced = [c.evidence.text for c in sourcing.unsourced]
    assert any("lost more than 5,000 men" in t for t in unsourced)
    assert all(c.sourcing == "none" and c.source is None for c in sourcing.unsourced)
    assert not any("Ministry of Interior" in t for t in unsourced)


def test_the_ministry_toll_names_the_ministry(analysed: dict[str, Article]) -> None:
    figures = analysed["war_report"].brief.figures
    killed = [f for f in figures if f.category == "KILL"]
    assert killed and killed[0].value == 23 and killed[0].bound == "at_least"
    assert killed[0].noun == "civilians"
    assert "Ministry of Interior of Ardelia" in (killed[0].source or "")
    assert figures[0].category == "KILL"  # tolls come first
    unsourced = [f for f in figures if f.value == 5000]
    assert unsourced and unsourced[0].source is None


def test_the_war_report_events_places_and_actors(analysed: dict[str, Article]) -> None:
    brief = analysed["war_report"].brief
    shelling = [e for e in brief.events if e.sub_type == "shelling_artillery_missile"]
    assert shelling and shelling[0].place == "Merovan" and shelling[0].date == "2026-03-08"
    assert brief.places and brief.places[0].name == "Merovan" and brief.places[0].mentions == 3
    assert any("Ministry of Interior" in a.name for a in brief.actors)


def test_the_wire_story_is_low_and_sourced_by_name(analysed: dict[str, Article]) -> None:
    brief = analysed["wire_story"].brief
    assert brief.verdict.band == "low"
    assert not brief.sentences  # no sentence reaches the quoting floor
    inflation = [f for f in brief.figures if f.value == 2.1]
    assert inflation and "statistics office" in (inflation[0].source or "")
    assert any(a.name == "Elsa Marten" for a in brief.actors)
    evidence_matches(analysed["wire_story"], brief)


def test_the_column_quotes_its_loaded_words(analysed: dict[str, Article]) -> None:
    brief = analysed["opinion_column"].brief
    assert any("disaster" in t.evidence.text for t in brief.techniques)
    assert brief.sourcing is not None and brief.sourcing.counts["none"] >= 1
    assert not any(f.category in ("KILL", "WOUND") for f in brief.figures)


def test_the_brief_is_in_the_json_and_valid(analysed: dict[str, Article]) -> None:
    article = analysed["war_report"]
    doc = json.loads(to_json(article))
    jsonschema.validate(doc, json_schema())
    brief = doc["summary"]["brief"]
    assert brief["verdict"]["band"] == article.brief.verdict.band
    first = brief["techniques"][0]["evidence"]
    assert article.text[first["start"] : first["end"]] == first["text"]
    again = Article.from_json(json.dumps(doc))
    assert "brief" not in again.summary and again.brief.to_dict() == brief


def test_the_brief_is_computed_once_and_again_when_a_layer_changes() -> None:
    article = Article("Officials said 12 people were killed in Tarn.")
    first = article.brief
    assert article.brief is first
    assert first.verdict.score is None and first.sourcing is None and not first.figures
    article.set_layer(
        "figures",
        [article.span(15, 17, "KILL", attrs={"value": 12, "counts": "people killed", "unit": "people"})],
    )
    assert article.brief is not first and article.brief.figures[0].value == 12


def test_figures_are_the_analyzers_totals_never_a_sum() -> None:
    text = "Officials said 12 people were killed in the attack. Medics said 15 people were killed."
    article = Pipeline(only=["figures"])(Article(text))
    figures = figure_totals(article)
    assert [(f.category, f.value, f.high) for f in figures] == [("KILL", 12, 15)]
    assert f"{figures[0].source}" == "Officials; Medics"
    assert [e.text for e in figures[0].evidence] == ["12", "15"]
    assert build_brief(article).figures == figures
    article.summary.pop("figures")  # an older analysis without totals: every figure as it stands
    assert [(f.value, f.source) for f in figure_totals(article)] == [(12, "Officials"), (15, "Medics")]


def test_a_toll_on_the_ministry_credits_the_ministry_it_stands_for(analysed: dict[str, Article]) -> None:
    figures = analysed["war_report"].brief.figures
    soldiers = [f for f in figures if f.value == 140]
    assert soldiers and soldiers[0].source == "the Ministry of Interior of Ardelia"
    assert soldiers[0].evidence[0].text == "140"


def test_it_said_is_credited_to_the_organisation_in_figures_and_claims() -> None:
    text = (
        "The Red Crescent said the camp had no water. "
        "It said 40 people had been taken to hospital in the city."
    )
    article = Pipeline(only=["figures", "claims"])(Article(text))
    (figure,) = [f for f in figure_totals(article) if f.value == 40]
    assert figure.source == "The Red Crescent"
    sourcing = build_brief(article).sourcing
    assert sourcing is not None
    assert all(c.source != "It" for c in sourcing.evidence)


def test_a_name_dropped_once_in_passing_is_not_a_principal_actor() -> None:
    text = (
        "The Ministry of Defence said the port was calm. Can anyone believe a word printed in Olvana or "
        "Dressk? Kestria Holdings bought the harbour. Kestria Holdings will run it."
    )
    article = Pipeline(only=["entities", "attribution"])(Article(text))
    actors = [a.name for a in build_brief(article).actors]
    assert any("Ministry of Defence" in a for a in actors)  # it speaks
    assert "Kestria Holdings" in actors  # named twice
    assert "Dressk" not in actors


def test_an_event_dated_by_a_phrase_nothing_resolves_keeps_the_phrase() -> None:
    from unspin.report.view import event_phrase

    text = "Rebels shelled the market in Tarn on Tuesday, killing four people."
    undated = Pipeline(only=["events"])(Article(text))
    (event,) = undated.brief.events
    assert event.date is None and event.date_text == "Tuesday"
    assert "“Tuesday” (unresolved)" in event_phrase(event)
    dated = Pipeline(only=["events"])(Article(text, published="2026-03-12"))
    (event,) = dated.brief.events
    assert event.date == "2026-03-10" and event.date_text is None
    assert "2026-03-10" in event_phrase(event) and "unresolved" not in event_phrase(event)
