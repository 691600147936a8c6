"""Score the factual layers on the real-news set: offset-only gold over PTC training articles.

The set (bench/real/README.md) is a folder with ``articles.tsv`` (article id, split, batch) and
``gold/<id>.jsonl`` (one ``{"layer", "start", "end", "label", "attrs"}`` a line). The gold stores no text:
the articles are read at run time from a PTC folder (``train-articles/article<id>.txt``, byte-faithful).

Matching is :func:`unspin.eval.layers.match` (one to one, by overlap). What each layer counts:

- ``numbers`` → the ``figures`` layer. Gold marks every number, figure or ``NOT_FIGURE``. A prediction is
  a true positive only on a gold *figure*; on a ``NOT_FIGURE`` number (an age, a year) or on no number at
  all it is a false positive, tallied by the gold ``kind``. On true positives: category, ``counts`` (gold
  lemma against the system's counted noun, both normalised), value, bound and source.
- ``events``: a gold happening is its evidence clause plus its ``mentions``; a prediction on any of them
  matches it, and a second prediction on the same happening is a false positive. Type, date and place on
  matches.
- ``attribution``: source spans; label, cue and quote kind on matches.

An article with a gold file is scored on every layer (the README: each layer's gold is complete, so a
layer without items says "nothing here"); articles without one yet are skipped. ``heldout``, ``heldout2``
and ``heldout3`` were held out until their scores had been looked at; rules may now be tuned on them, and
their per-item errors can be listed like ``tune``'s. ``heldout4`` (batches F/G/H, annotated by people who
write no rules) is the fresh held-out half: scored, never read (``--errors`` refuses it). ``all`` is
``tune`` + ``heldout``, as before the later batches existed, so its figures stay comparable; the later
splits are scored only when named.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from unspin.article import Annotation, Article
from unspin.errors import InputError
from unspin.eval.layers import Counts, GoldItem, LayerScore, _same, match

# the splits a row of articles.tsv may name; ``all`` (tune + heldout) is a choice for scoring only
ROW_SPLITS = ("tune", "heldout", "heldout2", "heldout3", "heldout4")
SPLITS = (*ROW_SPLITS, "all")
ALL = ("tune", "heldout")
# splits never read item by item: their scores are the only honest held-out numbers left
UNREAD = ("heldout4",)
# gold layer → the system layer it scores
LAYERS = {"numbers": "figures", "events": "events", "attribution": "attribution"}
NOT_FIGURE = "NOT_FIGURE"


@dataclass(frozen=True, slots=True)
class RealArticle:
    id: str
    split: str
    text: str
    gold: dict[str, list[GoldItem]]


@dataclass
class RealScore:
    """One layer's score: matching counts, attribute accuracy and why the extras were wrong."""

    layer: str
    score: LayerScore = field(default_factory=LayerScore)
    articles: int = 0
    false_positives: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        out = {"layer": self.layer, "system_layer": LAYERS[self.layer], "articles": self.articles}
        out.update(self.score.as_dict())
        out["false_positives"] = dict(sorted(self.false_positives.items()))
        return out


def _span(value: Any) -> tuple[int, int] | None:
    if isinstance(value, list) and len(value) == 2 and all(isinstance(x, int) for x in value):
        return value[0], value[1]
    return None


def _spans(value: Any) -> list[tuple[int, int]]:
    one = _span(value)
    if one is not None:
        return [one]
    if isinstance(value, list):
        return [s for s in (_span(v) for v in value) if s is not None]
    return []


def read_split(set_dir: Path) -> list[tuple[str, str]]:
    """(article id, split) rows of ``articles.tsv``."""
    path = set_dir / "articles.tsv"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    rows = []
    for n, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) < 2 or cols[1] not in ROW_SPLITS:
            raise InputError(f"{path}:{n}: expected 'id<TAB>{'|'.join(ROW_SPLITS)}'")
        rows.append((cols[0], cols[1]))
    return rows


def read_gold(path: Path, text: str) -> dict[str, list[GoldItem]]:
    """One article's gold, checked against its text; event mentions become extra spans of the item."""
    gold: dict[str, list[GoldItem]] = defaultdict(list)
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: not JSON ({exc.msg})") from None
        if (
            not isinstance(raw, dict)
            or not isinstance(raw.get("layer"), str)
            or not isinstance(raw.get("label"), str)
        ):
            raise InputError(f"{where}: needs 'layer' and 'label' strings")
        start, end = raw.get("start"), raw.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            raise InputError(f"{where}: start/end {start!r}/{end!r} outside the article ({len(text)} chars)")
        attrs = raw.get("attrs") or {}
        if not isinstance(attrs, dict):
            raise InputError(f"{where}: 'attrs' must be an object")
        for key, value in attrs.items():
            for s, e in _spans(value):
                if not 0 <= s <= e <= len(text):
                    raise InputError(f"{where}: attrs.{key} span {s}/{e} outside the article")
        mentions = tuple(_spans(attrs.get("mentions"))) if raw["layer"] == "events" else ()
        gold[raw["layer"]].append(GoldItem(start, end, raw["label"], attrs, mentions))
    return dict(gold)


def read_text(ptc: Path, article_id: str) -> str:
    path = ptc / "train-articles" / f"article{article_id}.txt"
    try:
        with open(path, encoding="utf-8", newline="") as f:
            return f.read()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load(set_dir: Path, ptc: Path, split: str) -> tuple[list[RealArticle], int]:
    """The articles of ``split`` that have gold, and how many the split has in all."""
    if split not in SPLITS:
        raise InputError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")
    rows = [(i, s) for i, s in read_split(set_dir) if s == split or (split == "all" and s in ALL)]
    out = []
    for article_id, article_split in rows:
        gold_path = set_dir / "gold" / f"{article_id}.jsonl"
        if not gold_path.is_file():
            continue
        text = read_text(ptc, article_id)
        out.append(RealArticle(article_id, article_split, text, read_gold(gold_path, text)))
    return out, len(rows)


_IRREGULAR = {"people": "person", "men": "man", "women": "woman", "children": "child", "police": "police"}
_DETERMINERS = {"the", "a", "an", "of", "some", "other", "more", "those", "these", "their", "its"}


def lemma(noun: str | None) -> str | None:
    """A counted noun as the gold writes it: lower case, head word, singular ("Civilians" → "civilian")."""
    if not noun:
        return None
    words = [w for w in re.findall(r"[a-z][a-z'-]*", noun.casefold()) if w not in _DETERMINERS]
    if not words:
        return None
    word = words[-1]
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    for suffix, repl in (("ies", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"), ("xes", "x")):
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return word[: -len(suffix)] + repl
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


_CURRENCIES = {"USD": "dollar", "EUR": "euro", "GBP": "pound", "JPY": "yen", "CNY": "yuan", "RUB": "rouble"}
_UNITS = {"km": "kilometre", "kilometer": "kilometre", "mi": "mile", "kg": "kilogram", "m": "metre"}


def system_counts(p: Annotation) -> str | None:
    """The system's counted noun, normalised: its ``counted`` lemma, the word as written, the currency of
    an amount of money, else the head of its ``counts`` phrase."""
    for key in ("counted", "noun"):
        if p.attrs.get(key):
            word = lemma(str(p.attrs[key]))
            return _UNITS.get(word or "", word)
    currency = p.attrs.get("currency")
    if isinstance(currency, str) and currency in _CURRENCIES:
        return _CURRENCIES[currency]
    counts = p.attrs.get("counts")
    if not counts:
        return None
    word = lemma(str(counts).split()[0])
    return _UNITS.get(word or "", word)


def _same_text(text: str, span: tuple[int, int] | None, got: Any) -> bool:
    """A gold span against a predicted text: both absent, or one contains the other."""
    if span is None:
        return got in (None, "")
    if not isinstance(got, str) or not got.strip():
        return False
    a, b = text[span[0] : span[1]].casefold().strip(), got.casefold().strip()
    return a in b or b in a


def _tally(s: LayerScore, key: str, ok: bool) -> None:
    s.attrs[key][1] += 1
    s.attrs[key][0] += ok


def _note(s: LayerScore, article: RealArticle, key: str, g: GoldItem, expected: Any, got: Any) -> None:
    s.errors.append(
        f"{article.id} {article.text[g.start : g.end]!r}: {key} expected {expected!r}, got {got!r}"
    )


def _check(
    s: LayerScore, article: RealArticle, g: GoldItem, key: str, expected: Any, got: Any, ok: bool
) -> None:
    _tally(s, key, ok)
    if not ok:
        _note(s, article, key, g, expected, got)


def _count_labels(s: LayerScore, gold: Sequence[GoldItem], pred: Sequence[Annotation]) -> None:
    for p in pred:
        s.per_label[p.label].predicted += 1
    for g in gold:
        s.per_label[g.label].gold += 1


def _score_numbers(
    r: RealScore, article: RealArticle, gold: Sequence[GoldItem], pred: Sequence[Annotation]
) -> None:
    s, text = r.score, article.text
    figures = [g for g in gold if g.label != NOT_FIGURE]
    pairs = match(gold, pred, same_label=False)
    true_pairs = [(g, p) for g, p in pairs if g.label != NOT_FIGURE]
    for counts in (s.spans, s.labelled):
        counts.predicted += len(pred)
        counts.gold += len(figures)
    s.spans.tp += len(true_pairs)
    _count_labels(s, figures, pred)
    for g, p in pairs:
        if g.label == NOT_FIGURE:
            kind = str(g.attrs.get("kind", "other"))
            r.false_positives[kind] += 1
            s.errors.append(f"{article.id} extra {p.text!r} [{p.label}] on a {kind}")
    matched_p = {id(p) for _, p in pairs}
    for p in pred:
        if id(p) not in matched_p:
            r.false_positives["no number"] += 1
            s.errors.append(f"{article.id} extra {p.text!r} [{p.label}] on no gold number")
    matched_g = {id(g) for g, _ in true_pairs}
    for g in figures:
        if id(g) not in matched_g:
            s.errors.append(f"{article.id} missed {text[g.start : g.end]!r} [{g.label}]")
    for g, p in true_pairs:
        if g.label == p.label:
            s.labelled.tp += 1
            s.per_label[g.label].tp += 1
        _check(s, article, g, "category", g.label, p.label, g.label == p.label)
        if g.attrs.get("counts"):
            got = system_counts(p)
            want = lemma(str(g.attrs["counts"]))
            _check(s, article, g, "counts", g.attrs["counts"], got, _UNITS.get(want or "", want) == got)
        for key in ("value", "bound"):
            if key in g.attrs:
                _check(
                    s, article, g, key, g.attrs[key], p.attrs.get(key), _same(g.attrs[key], p.attrs.get(key))
                )
        if "high" in g.attrs:
            _check(
                s,
                article,
                g,
                "high",
                g.attrs["high"],
                p.attrs.get("high"),
                _same(g.attrs["high"], p.attrs.get("high")),
            )
        if "source" in g.attrs:
            span = _span(g.attrs["source"])
            got = p.attrs.get("source")
            expected = None if span is None else text[span[0] : span[1]]
            _check(s, article, g, "source", expected, got, _same_text(text, span, got))


def _score_spans(
    r: RealScore,
    article: RealArticle,
    gold: Sequence[GoldItem],
    pred: Sequence[Annotation],
    attributes: Callable[[LayerScore, RealArticle, GoldItem, Annotation], None],
) -> None:
    s, text = r.score, article.text
    for counts in (s.spans, s.labelled):
        counts.predicted += len(pred)
        counts.gold += len(gold)
    _count_labels(s, gold, pred)
    pairs = match(gold, pred, same_label=False)
    s.spans.tp += len(pairs)
    labelled = match(gold, pred, same_label=True)
    s.labelled.tp += len(labelled)
    for g, _ in labelled:
        s.per_label[g.label].tp += 1
    matched_g = {id(g) for g, _ in pairs}
    matched_p = {id(p) for _, p in pairs}
    for g in gold:
        if id(g) not in matched_g:
            s.errors.append(f"{article.id} missed {text[g.start : g.end]!r} [{g.label}]")
    for p in pred:
        if id(p) not in matched_p:
            r.false_positives["unmatched"] += 1
            s.errors.append(f"{article.id} extra {p.text!r} [{p.label}]")
    for g, p in pairs:
        _check(s, article, g, "label", g.label, p.label, g.label == p.label)
        attributes(s, article, g, p)


def _event_attrs(s: LayerScore, article: RealArticle, g: GoldItem, p: Annotation) -> None:
    if g.attrs.get("date"):
        got = p.attrs.get("date")
        _check(s, article, g, "date", g.attrs["date"], got, isinstance(got, str) and got == g.attrs["date"])
    place = _span(g.attrs.get("place"))
    if place is not None:
        got = p.attrs.get("place")
        _check(
            s,
            article,
            g,
            "place",
            article.text[place[0] : place[1]],
            got,
            _same_text(article.text, place, got),
        )


def _attribution_attrs(s: LayerScore, article: RealArticle, g: GoldItem, p: Annotation) -> None:
    cue = _span(g.attrs.get("cue"))
    if cue is not None:
        cs, ce = p.attrs.get("cue_start"), p.attrs.get("cue_end")
        ok = isinstance(cs, int) and isinstance(ce, int) and min(ce, cue[1]) > max(cs, cue[0])
        _check(s, article, g, "cue", article.text[cue[0] : cue[1]], p.attrs.get("cue"), ok)
    if g.attrs.get("quote") in ("direct", "indirect"):
        _check(
            s,
            article,
            g,
            "quote",
            g.attrs["quote"],
            p.attrs.get("quote"),
            g.attrs["quote"] == p.attrs.get("quote"),
        )


def score_article(article: RealArticle, analysed: Article, scores: dict[str, RealScore]) -> None:
    """Add one analysed article to the running score of every chosen layer (absent gold: nothing there)."""
    for layer, r in scores.items():
        gold = article.gold.get(layer, [])
        r.articles += 1
        pred = analysed.layers.get(LAYERS[layer], [])
        if layer == "numbers":
            _score_numbers(r, article, gold, pred)
        elif layer == "events":
            _score_spans(r, article, gold, pred, _event_attrs)
        else:
            _score_spans(r, article, gold, pred, _attribution_attrs)


def evaluate(
    articles: Iterable[RealArticle],
    analyze: Callable[[Article], Article],
    layers: Sequence[str] = tuple(LAYERS),
) -> dict[str, RealScore]:
    """Analyse each article (no publication date: PTC gives none) and score the chosen gold layers."""
    for layer in layers:
        if layer not in LAYERS:
            raise InputError(f"unknown layer {layer!r}; choose from {', '.join(LAYERS)}")
    scores = {layer: RealScore(layer) for layer in layers}
    for article in articles:
        score_article(article, analyze(Article(text=article.text, source_id=article.id)), scores)
    return scores


def format_scores(scores: dict[str, RealScore]) -> str:
    """Per layer: span P/R/F1 (for numbers: is-a-figure), labelled P/R, attribute accuracies, extras."""
    lines = [f"{'layer':<34}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]

    def row(name: str, c: Counts) -> str:
        return f"{name:<34}{c.precision:>8.3f}{c.recall:>8.3f}{c.f1:>8.3f}{c.gold:>7}{c.predicted:>7}"

    for layer, r in scores.items():
        s = r.score
        what = "is a figure" if layer == "numbers" else "matched"
        lines.append(row(f"{layer} ({r.articles} articles) {what}", s.spans))
        lines.append(row(f"{layer} labelled", s.labelled))
        for label, c in sorted(s.per_label.items()):
            lines.append(row(f"  {label}", c))
        for key, (correct, n) in sorted(s.attrs.items()):
            lines.append(f"  accuracy {key:<23}{correct / n if n else 0.0:>8.3f}{'':>16}{n:>7}")
        if r.false_positives:
            extras = ", ".join(f"{k} {v}" for k, v in r.false_positives.most_common())
            lines.append(f"  false positives: {extras}")
    return "\n".join(lines)
