"""What a bare number counts when its own clause does not say: the figure it refers back to.

News lists and follow-ups leave the counted noun out: "Of those 232, 180 had records", "Brazil (1),
Mexico (7)", "'Race' (80), 'Gender' (69)". A reader takes the count from the figure before; so do we,
for numbers whose clause gave them nothing (category QUANTITY or no counted noun):

- "those 232" / "these 40": the latest earlier figure of the same value;
- the part of a fronted partitive ("Of those 232, 180 ..."): the whole;
- a tally in brackets after a name: the earlier tally of its sentence that names its noun ("(99
  references, ...), 'Race' (80)"), else the list's lead clause ("Migrants detained in the sweep come
  from: Peru (4)"), its noun from that clause's subject or from the latest figure of that category;
  failing those, a tally that names its noun at most two sentences before (the list goes on).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from unspin.analyzers.figures.classify import PEOPLE_CATEGORIES, event_category, span_root
from unspin.analyzers.figures.numbers import Figure
from unspin.lang.en.events import COUNTED_EVENTS, HEALTH_COUNTED
from unspin.lang.en.numbers import TOLL_NOUNS
from unspin.nlp.deps import children, prep_objects


@dataclass(slots=True)
class Reading:
    """One figure with what it was found to count (mutable: references fill it in)."""

    fig: Figure
    category: str
    counts: str | None
    noun: Any | None


def _copy(to: Reading, source: Reading) -> None:
    if to.category == "QUANTITY":
        to.category, to.counts = source.category, source.counts
    if to.noun is None:
        to.noun = source.noun


def _bracketed(doc: Any, fig: Figure) -> bool:
    return fig.first > 0 and doc[fig.first - 1].text == "(" and fig.last + 1 < len(doc)


def _tally(doc: Any, fig: Figure) -> bool:
    """ "Brazil (1)", "'Race' (80)": a bare number in brackets right after a name or a quoted word."""
    if not _bracketed(doc, fig) or doc[fig.last + 1].text != ")" or fig.first < 2:
        return False
    before = doc[fig.first - 2]
    return before.pos_ == "PROPN" or before.is_quote or before.is_title


def _lead_clause(doc: Any, fig: Figure) -> list[Any]:
    """The tokens of the sentence that lead into its list of tallies: before its colon, else before
    its first bracket."""
    sent = doc[fig.first].sent
    colon = next((t for t in sent if t.text == ":" and t.i < fig.first), None)
    if colon is not None:
        return list(doc[sent.start : colon.i])
    # no colon: the sentence up to its first bracket ("made arrests in Olathe (3) and Lawrence (1)")
    bracket = next(t for t in sent if t.text == "(")
    return list(doc[sent.start : bracket.i])


def _from_lead(doc: Any, reading: Reading, earlier: list[Reading]) -> None:
    lead = _lead_clause(doc, reading.fig)
    hits = [(t, event_category(t)) for t in lead]
    found = next(((t, h) for t, h in hits if h is not None), None)
    if found is None:
        return
    word, (category, counts) = found
    if reading.category == "QUANTITY":
        reading.category, reading.counts = category, counts
    if reading.noun is None and reading.category == category:
        # "Migrants detained in the sweep come from ...": the noun the event word hangs on
        if word.dep_ in ("acl", "relcl") and word.head.pos_ == "NOUN":
            reading.noun = word.head
        else:
            same = [r for r in earlier if r.category == category and r.noun is not None]
            reading.noun = same[-1].noun if same else None


def _sentences_apart(doc: Any, a: Figure, b: Figure) -> int:
    sents = {doc[a.first].sent.start: 0, doc[b.first].sent.start: 0}
    lo, hi = sorted(sents)
    return sum(1 for s in doc.sents if lo < s.start <= hi)


_GENERIC = frozenset(["person", "people"])


def _relative_part(doc: Any, r: Reading, root: Any, earlier: list[Reading]) -> None:
    """ "seven victims ..., two of which were", "39 were arrested, four of whom": the part counts what
    the nearest earlier figure of its sentence counts."""
    if not any(o.lower_ in ("which", "whom") for o in prep_objects(root, "of")):
        return
    sent = doc[r.fig.first].sent
    before = [
        e for e in earlier if e.fig.first >= sent.start and (e.category != "QUANTITY" or e.noun is not None)
    ]
    if before:
        _copy(r, before[-1])


def _event_noun(lemma: str) -> bool:
    """ "cases", "deaths", "arrests": a noun that counts happenings, not a kind of people."""
    return lemma in HEALTH_COUNTED or lemma in COUNTED_EVENTS or lemma in TOLL_NOUNS


def _same_group(doc: Any, r: Reading, earlier: list[Reading]) -> None:
    """A count of people with no noun of its own ("Of the 145 arrested", "39 were arrested") counts the
    people its category counted before, when the article named them: the figure of the same value
    ("arrested 145 criminal aliens"), else the one kind of people every earlier figure of that category
    named ("aliens", not "protesters and journalists"; a plural noun: a group of people, not "the quake")."""
    named = [
        e
        for e in earlier
        if e.category == r.category
        and e.noun is not None
        and e.noun.tag_ == "NNS"
        and not _event_noun(e.noun.lemma_.lower())
    ]
    same = [e for e in named if e.fig.value == r.fig.value]
    if same:
        r.noun = same[-1].noun
        return
    kinds = {e.noun.lemma_.lower() for e in named if e.noun is not None}
    if len(kinds) == 1 and not kinds & _GENERIC:
        r.noun = named[-1].noun


def resolve(doc: Any, readings: list[Reading]) -> None:
    """Fill in, in text order, the category and noun of figures that refer to an earlier one."""
    by_root: dict[int, Reading] = {}
    for k, r in enumerate(readings):
        root = span_root(doc, r.fig)
        earlier = readings[:k]
        vague = r.category == "QUANTITY" or r.noun is None
        first = doc[r.fig.number_tokens[0]]
        demonstrative = any(c.lower_ in ("those", "these") for c in children(first, "det")) or (
            r.fig.first > 0 and doc[r.fig.first - 1].lower_ in ("those", "these")
        )
        if vague and demonstrative and r.noun is None:
            same = [e for e in earlier if e.fig.value == r.fig.value and e.category != "QUANTITY"]
            if same:
                _copy(r, same[-1])
        if vague and root.head.i != root.i:
            wholes = (*prep_objects(root.head, "of"), *prep_objects(root, "of"))
            whole = [by_root[o.i] for o in wholes if o.i < root.i and o.i in by_root]
            if whole:
                _copy(r, whole[0])  # "Of those 232, 180 had records", "Of the 30 killed, 12 were children"
        if r.noun is None and _tally(doc, r.fig):
            sent = doc[r.fig.first].sent
            named = [
                e
                for e in earlier
                if e.noun is not None and _bracketed(doc, e.fig) and e.fig.first >= sent.start
            ]
            if named:
                _copy(r, named[-1])
            else:
                _from_lead(doc, r, earlier)
            if r.noun is None:
                # the list goes on in the next sentences: "... as 'Liberalism' (7), 'Capitalism' (8)"
                recent = [e for e in earlier if e.noun is not None and _bracketed(doc, e.fig)]
                if recent and _sentences_apart(doc, recent[-1].fig, r.fig) <= 2:
                    _copy(r, recent[-1])
        if vague and r.noun is None:
            _relative_part(doc, r, root, earlier)
        if r.noun is None and r.category in PEOPLE_CATEGORIES:
            _same_group(doc, r, earlier)
        by_root[root.i] = r
    for r in readings:  # "Six of the 22 arrested were aliens": a whole told after its part
        root = span_root(doc, r.fig)
        if r.category == "QUANTITY":
            whole = [by_root[o.i] for o in prep_objects(root, "of") if o.i > root.i and o.i in by_root]
            if whole and whole[0].category != "QUANTITY":
                _copy(r, whole[0])
