"""The SemEval-2020 Task 11 metrics against the organisers' worked example, hand counts, brute-force
references written the way the official scorer computes (sets of character indices, label alignments),
and, when ../shared is present, the training gold itself.
"""

from __future__ import annotations

import itertools
import random
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unspin.article import Article
from unspin.eval import PRF, format_report, merge_overlapping, si_score, tc_score
from unspin.ingest.ptc import SpanRow, check_offsets, read_articles, read_rows, techniques_list

SHARED_PTC = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ptc"
PtcTrain = tuple[list[Article], list[SpanRow], list[SpanRow]]


def rows(article_id: str, *spans: tuple[int, int]) -> list[SpanRow]:
    return [SpanRow(article_id, start, end) for start, end in spans]


# --- merge_overlapping -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spans", "merged"),
    [
        ([], []),
        ([(0, 10), (10, 20)], [(0, 10), (10, 20)]),  # touching: no shared character
        ([(0, 10), (9, 20)], [(0, 20)]),  # one shared character
        ([(0, 30), (5, 10), (12, 20)], [(0, 30)]),  # nested
        ([(0, 5), (4, 9), (8, 12), (11, 15)], [(0, 15)]),  # chain
        ([(8, 12), (0, 5), (11, 15), (4, 9)], [(0, 15)]),  # chain, unsorted
        ([(20, 25), (0, 3), (0, 3)], [(0, 3), (20, 25)]),  # duplicates, sorted output
        ([(0, 10), (2, 20), (30, 40), (35, 36)], [(0, 20), (30, 40)]),
        ([(5, 5), (0, 10), (12, 12)], [(0, 10)]),  # empty spans cover nothing
    ],
)
def test_merge_overlapping(spans: list[tuple[int, int]], merged: list[tuple[int, int]]) -> None:
    assert merge_overlapping(spans) == merged


span_lists = st.lists(
    st.tuples(st.integers(0, 60), st.integers(0, 15)).map(lambda t: (t[0], t[0] + t[1])), max_size=12
)


def chars(spans: list[tuple[int, int]]) -> set[int]:
    return {i for start, end in spans for i in range(start, end)}


@given(span_lists)
def test_merge_overlapping_properties(spans: list[tuple[int, int]]) -> None:
    merged = merge_overlapping(spans)
    assert chars(merged) == chars(spans)
    assert all(start < end for start, end in merged)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(merged))
    assert merge_overlapping(merged) == merged


# --- SI ----------------------------------------------------------------------------------------------


def test_si_worked_example_of_the_organisers() -> None:
    pred = rows("1", (0, 50), (161, 172), (0, 10), (115, 167))
    gold = rows("1", (0, 59), (171, 181), (0, 9), (115, 167), (740, 759))
    score = si_score(pred, gold)
    assert round(score.precision, 6) == 0.964912
    assert round(score.recall, 6) == 0.486864
    assert round(score.f1, 6) == 0.647181
    assert score.support == 4  # gold spans after merging [0,9) into [0,59)


def test_si_perfect_and_disjoint() -> None:
    gold = rows("1", (0, 10), (20, 30)) + rows("2", (5, 6))
    assert si_score(gold, gold) == PRF(1.0, 1.0, 1.0, 3)
    assert si_score(rows("1", (10, 20), (30, 40)) + rows("2", (0, 5)), gold) == PRF(0.0, 0.0, 0.0, 3)


def test_si_touching_spans_are_scored_separately() -> None:
    # Kept apart, [0,5) and [5,10) are two predictions, each fully inside the gold span.
    score = si_score(rows("1", (0, 5), (5, 10)), rows("1", (0, 10)))
    assert (score.precision, score.recall) == (1.0, 1.0)


def test_si_empty_prediction_and_unknown_articles() -> None:
    gold = rows("1", (0, 10))
    assert si_score([], gold) == PRF(0.0, 0.0, 0.0, 1)
    assert si_score(gold, []) == PRF(0.0, 0.0, 0.0, 0)
    # A prediction in an article with no gold counts against precision only.
    score = si_score([*gold, *rows("9", (0, 10))], gold)
    assert (score.precision, score.recall) == (0.5, 1.0)


def test_si_ignores_techniques() -> None:
    pred = [SpanRow("1", 0, 4, "Doubt"), SpanRow("1", 2, 8, "Slogans")]
    assert si_score(pred, rows("1", (0, 8))).f1 == 1.0


def reference_si(pred: list[SpanRow], gold: list[SpanRow]) -> tuple[float, float]:
    """The official computation: character-index sets, merged on a non-empty intersection, summed pairwise."""

    def merged_sets(items: list[SpanRow]) -> dict[str, list[set[int]]]:
        out: defaultdict[str, list[set[int]]] = defaultdict(list)
        for row in items:
            if row.start == row.end:
                continue
            current = set(range(row.start, row.end))
            keep = []
            for other in out[row.article_id]:
                if other & current:
                    current |= other
                else:
                    keep.append(other)
            out[row.article_id] = [*keep, current]
        return out

    p_sets, g_sets = merged_sets(pred), merged_sets(gold)
    prec = sum(len(s & t) / len(s) for a, ss in p_sets.items() for s in ss for t in g_sets.get(a, []))
    rec = sum(len(s & t) / len(t) for a, ss in p_sets.items() for s in ss for t in g_sets.get(a, []))
    n_pred = sum(map(len, p_sets.values()))
    n_gold = sum(map(len, g_sets.values()))
    return (prec / n_pred if n_pred else 0.0, rec / n_gold if n_gold else 0.0)


row_lists = st.lists(
    st.builds(
        lambda a, s, n: SpanRow(a, s, s + n),
        st.sampled_from(["1", "2", "3"]),
        st.integers(0, 80),
        st.integers(0, 20),
    ),
    max_size=15,
)


@given(row_lists, row_lists)
def test_si_matches_the_reference_and_stays_in_range(pred: list[SpanRow], gold: list[SpanRow]) -> None:
    score = si_score(pred, gold)
    expected = reference_si(pred, gold)
    assert score.precision == pytest.approx(expected[0])
    assert score.recall == pytest.approx(expected[1])
    for value in (score.precision, score.recall, score.f1):
        assert 0.0 <= value <= 1.0
    low, high = sorted((score.precision, score.recall))
    assert low - 1e-12 <= score.f1 <= high + 1e-12


@given(row_lists)
def test_si_gold_against_itself_is_perfect(gold: list[SpanRow]) -> None:
    score = si_score(gold, gold)
    if any(row.start < row.end for row in gold):
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
    else:
        assert score == PRF(0.0, 0.0, 0.0, 0)


@given(row_lists, row_lists, st.randoms(use_true_random=False))
def test_si_row_order_is_irrelevant(pred: list[SpanRow], gold: list[SpanRow], rnd: random.Random) -> None:
    shuffled_pred, shuffled_gold = pred[:], gold[:]
    rnd.shuffle(shuffled_pred)
    rnd.shuffle(shuffled_gold)
    assert si_score(shuffled_pred, shuffled_gold) == si_score(pred, gold)


# --- TC ----------------------------------------------------------------------------------------------


def tc(article_id: str, start: int, end: int, technique: str) -> SpanRow:
    return SpanRow(article_id, start, end, technique)


def test_tc_perfect() -> None:
    gold = [tc("1", 0, 5, "Doubt"), tc("1", 0, 5, "Slogans"), tc("2", 3, 9, "Flag-Waving")]
    micro, per = tc_score(gold, gold)
    assert micro == PRF(1.0, 1.0, 1.0, 3)
    assert per["Doubt"] == PRF(1.0, 1.0, 1.0, 1)
    assert per["Repetition"] == PRF(0.0, 0.0, 0.0, 0)
    assert list(per) == list(techniques_list())


@pytest.mark.parametrize("order", [("Doubt", "Slogans"), ("Slogans", "Doubt")])
def test_tc_duplicate_span_with_two_gold_labels_in_either_order(order: tuple[str, str]) -> None:
    gold = [tc("1", 0, 5, "Doubt"), tc("1", 0, 5, "Slogans")]
    pred = [tc("1", 0, 5, order[0]), tc("1", 0, 5, order[1])]
    assert tc_score(pred, gold)[0] == PRF(1.0, 1.0, 1.0, 2)


def test_tc_duplicate_span_counts_each_label_once() -> None:
    gold = [tc("1", 0, 5, "Doubt"), tc("1", 0, 5, "Slogans")]
    pred = [tc("1", 0, 5, "Doubt"), tc("1", 0, 5, "Doubt")]
    micro, per = tc_score(pred, gold)
    assert micro == PRF(0.5, 0.5, 0.5, 2)
    assert per["Doubt"].precision == 0.5 and per["Doubt"].recall == 1.0 and per["Doubt"].support == 1
    assert per["Slogans"] == PRF(0.0, 0.0, 0.0, 1)


def test_tc_per_technique_counts() -> None:
    gold = [
        tc("1", 0, 5, "Doubt"),
        tc("1", 6, 9, "Doubt"),
        tc("1", 10, 20, "Loaded_Language"),
        tc("2", 0, 4, "Slogans"),
    ]
    pred = [
        tc("1", 0, 5, "Doubt"),  # TP Doubt
        tc("1", 6, 9, "Loaded_Language"),  # FP Loaded_Language, FN Doubt
        tc("1", 10, 20, "Loaded_Language"),  # TP Loaded_Language
        tc("2", 0, 4, "Mystery"),  # FP for a label outside the task, FN Slogans
        tc("3", 0, 4, "Doubt"),  # FP Doubt: no gold span there
    ]
    micro, per = tc_score(pred, gold)
    assert micro.precision == pytest.approx(2 / 5)
    assert micro.recall == pytest.approx(2 / 4)
    assert micro.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert micro.support == 4
    assert per["Doubt"].precision == pytest.approx(1 / 2) and per["Doubt"].recall == pytest.approx(1 / 2)
    assert per["Loaded_Language"].precision == pytest.approx(1 / 2) and per["Loaded_Language"].recall == 1.0
    assert per["Slogans"] == PRF(0.0, 0.0, 0.0, 1)
    assert per["Mystery"] == PRF(0.0, 0.0, 0.0, 0)
    assert list(per)[-1] == "Mystery"


def test_tc_empty_and_rows_without_technique() -> None:
    assert tc_score([], [tc("1", 0, 1, "Doubt")])[0] == PRF(0.0, 0.0, 0.0, 1)
    with pytest.raises(ValueError, match="no technique"):
        tc_score([SpanRow("1", 0, 1)], [])


def reference_tc_true_positives(pred: list[SpanRow], gold: list[SpanRow]) -> int:
    """The official scorer's view: per span, align predicted and gold rows in the best order."""
    spans = {(r.article_id, r.start, r.end) for r in [*pred, *gold]}
    total = 0
    for span in spans:
        p = [r.technique for r in pred if (r.article_id, r.start, r.end) == span]
        g = [r.technique for r in gold if (r.article_id, r.start, r.end) == span]
        short, long = sorted((p, g), key=len)
        total += max(
            sum(a == b for a, b in zip(short, perm, strict=False)) for perm in itertools.permutations(long)
        )
    return total


tc_rows = st.lists(
    st.builds(
        tc,
        st.sampled_from(["1", "2"]),
        st.integers(0, 2),
        st.just(5),
        st.sampled_from(["Doubt", "Slogans", "Repetition", "Other"]),
    ),
    max_size=8,
)


@given(tc_rows, tc_rows)
def test_tc_matches_best_alignment_and_stays_in_range(pred: list[SpanRow], gold: list[SpanRow]) -> None:
    micro, per = tc_score(pred, gold)
    tp = reference_tc_true_positives(pred, gold)
    assert micro.precision == (tp / len(pred) if pred else 0.0)
    assert micro.recall == (tp / len(gold) if gold else 0.0)
    for prf in [micro, *per.values()]:
        assert 0.0 <= prf.precision <= 1.0 and 0.0 <= prf.recall <= 1.0 and 0.0 <= prf.f1 <= 1.0
    assert sum(prf.support for prf in per.values()) == len(gold)


@given(tc_rows, st.randoms(use_true_random=False))
def test_tc_gold_against_itself_in_any_order(gold: list[SpanRow], rnd: random.Random) -> None:
    shuffled = gold[:]
    rnd.shuffle(shuffled)
    micro, _ = tc_score(shuffled, gold)
    assert micro.f1 == (1.0 if gold else 0.0)


# --- report ------------------------------------------------------------------------------------------


def test_format_report() -> None:
    micro, per = tc_score([tc("1", 0, 5, "Doubt")], [tc("1", 0, 5, "Doubt"), tc("1", 6, 9, "Slogans")])
    text = format_report(micro, per, overall_label="micro")
    lines = text.splitlines()
    assert lines[0].split() == ["technique", "precision", "recall", "F1", "support"]
    assert lines[-1].split() == ["micro", "1.000000", "0.500000", "0.666667", "2"]
    assert any(line.split()[0] == "Doubt" for line in lines)
    assert len({len(line) for line in lines}) == 1  # aligned columns
    si_text = format_report(si_score(rows("1", (0, 50)), rows("1", (0, 59))))
    assert si_text.splitlines()[-1].split() == ["overall", "1.000000", "0.847458", "0.917431", "1"]


# --- the training gold (../shared, read at run time only) --------------------------------------------


@pytest.fixture(scope="module")
def ptc_train() -> PtcTrain:
    if not (SHARED_PTC / "train-articles").is_dir():
        pytest.skip("../shared/data/ptc is not available")
    return (
        read_articles(SHARED_PTC / "train-articles"),
        read_rows(SHARED_PTC / "train-labels-SI", "si"),
        read_rows(SHARED_PTC / "train-labels-TC", "tc"),
    )


@pytest.mark.shared_data
def test_training_gold_is_consistent(ptc_train: PtcTrain) -> None:
    articles, si_gold, tc_gold = ptc_train
    assert len(articles) == 371
    assert si_gold and tc_gold
    by_id = {str(a.source_id): a for a in articles}
    check_offsets(si_gold, by_id)
    check_offsets(tc_gold, by_id)
    assert set(r.technique for r in tc_gold) <= set(techniques_list())

    assert si_score(si_gold, si_gold).f1 == 1.0
    micro, per = tc_score(tc_gold, tc_gold)
    assert micro.f1 == 1.0
    assert sum(p.support for p in per.values()) == len(tc_gold)

    # SI gold is the TC spans merged where they overlap.
    tc_as_si = [SpanRow(r.article_id, r.start, r.end) for r in tc_gold]
    assert si_score(tc_as_si, si_gold) == si_score(si_gold, si_gold)
    merged_tc: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    merged_si: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in tc_gold:
        merged_tc[r.article_id].append((r.start, r.end))
    for r in si_gold:
        merged_si[r.article_id].append((r.start, r.end))
    assert {a: merge_overlapping(s) for a, s in merged_tc.items()} == {
        a: merge_overlapping(s) for a, s in merged_si.items()
    }
