"""From triggers to events: the sentence-level reading (one event per type and sub-type) and each
event's attributes (actors, place, date, figures)."""

from __future__ import annotations

from typing import Any

from unspin.analyzers.events.actors import actors
from unspin.analyzers.events.triggers import BATTLE, EXPLOSION, PROTEST, RIOT, STRATEGIC, VAC, Trigger
from unspin.article import Annotation
from unspin.lang.en.events import CASUALTY_WORDS, INTERVENTION_WORDS, NOT_LOCATIONS, VIOLENT_CROWD_WORDS
from unspin.lang.en.people import SECURITY_FORCES
from unspin.lang.en.sources import REPORTING_VERBS
from unspin.nlp.deps import attachment

_VIOLENT_TYPES = frozenset({BATTLE, EXPLOSION, RIOT})
UNRESOLVED = "unresolved"  # the date_source of a date phrase the text gives but no date resolves


def _dated(token: Any, other: Any) -> bool:
    """A protest with a date of its own ("who fled riots in 1998 was arrested"): the date in the
    protest's phrase, or in its own clause when that clause is not the other event's."""
    clause = token
    while clause.pos_ not in ("VERB", "AUX") and clause.head.i != clause.i:
        clause = clause.head
    scope = token if clause.i == other.i or clause.is_ancestor(other) else clause
    return any(t.ent_type_ == "DATE" for t in scope.subtree if t.i != token.i)


def settle(triggers: list[Trigger], lemmas: set[str]) -> list[Trigger]:
    """Sentence-level reading: protests that turned violent or met force, killings explained by fighting,
    one event per type and sub-type."""
    types = {t.type for t in triggers}
    out: list[Trigger] = []
    for t in triggers:
        if t.type == PROTEST:
            if lemmas & VIOLENT_CROWD_WORDS or RIOT in types:
                t = Trigger(t.token, RIOT, "violent_demonstration", t.score)
            elif lemmas & {"live", "kill", "shoot", "dead"} and lemmas & SECURITY_FORCES:
                t = Trigger(t.token, PROTEST, "excessive_force_against_protesters", t.score)
            elif lemmas & INTERVENTION_WORDS:
                t = Trigger(t.token, PROTEST, "protest_with_intervention", t.score)
        elif (
            t.type == STRATEGIC
            and t.sub_type == "arrests"
            and any(o.type in (PROTEST, RIOT) and not _dated(o.token, t.token) for o in triggers)
        ):
            continue  # arrests at a protest are its intervention, not an event of their own
        elif t.type == VAC and t.sub_type == "attack" and types & (_VIOLENT_TYPES | {PROTEST}):
            continue  # "killed" in a shelling or a clash is that event's toll
        elif t.type == STRATEGIC and t.sub_type == "disrupted_weapons_use":
            pass
        elif (
            t.type == EXPLOSION
            and any(
                o.sub_type == "disrupted_weapons_use" and o.token.lemma_.lower() not in ("seize", "capture")
                for o in triggers
            )
            and not lemmas & (CASUALTY_WORDS | {"damage", "destroy"})
        ):
            continue  # "air defences intercepted twelve drones": nothing exploded on target
        out.append(t)
    if any(t.type == BATTLE and t.sub_type == "armed_clash" for t in out) and any(
        t.type == EXPLOSION for t in out
    ):
        # "attack" next to shelling or a bombing names that attack, it is not a second event
        out = [t for t in out if not (t.type == BATTLE and t.sub_type == "armed_clash" and t.score <= 0.75)]
    if any(t.type == BATTLE and t.sub_type != "armed_clash" for t in out):
        out = [t for t in out if not (t.type == BATTLE and t.sub_type == "armed_clash")]  # the same fight
    seen: set[tuple[str, str]] = set()
    unique = []
    for t in sorted(out, key=lambda t: t.token.i):
        if (t.type, t.sub_type) not in seen:
            seen.add((t.type, t.sub_type))
            unique.append(t)
    return unique


def _statement_date(trigger: Any, date: Annotation) -> bool:
    """A date that hangs on a reporting verb other than the trigger ("..., police said on Wednesday"):
    when the statement was made, not when the event happened."""
    doc = trigger.doc
    span = doc.char_span(date.start, date.end, alignment_mode="expand")
    if span is None or not len(span) or span.sent.start != trigger.sent.start:
        return False
    head = attachment(doc, [t.i for t in span]).head
    while head.pos_ == "ADP" and head.head.i != head.i:
        head = head.head
    return head.i != trigger.i and head.lemma_.lower() in REPORTING_VERBS


def set_date(attrs: dict[str, Any], date: Annotation | None, source: str) -> None:
    """The event's ``date``, ``date_precision``, ``date_source`` and ``date_text`` (the phrase) from one
    ``dates`` annotation; a phrase with no value ("on Tuesday" with no publication date) keeps its text,
    date None, source ``unresolved``."""
    value = None if date is None else date.attrs.get("value")
    attrs["date"] = value
    attrs["date_precision"] = None if value is None or date is None else date.attrs.get("granularity")
    attrs["date_source"] = None if date is None else (source if value is not None else UNRESOLVED)
    attrs["date_text"] = None if date is None else date.text


def statement_date(trigger: Trigger, start: int, end: int, dates: list[Annotation]) -> Annotation | None:
    """The date of the statement that reports the event, in its sentence ("police said on Wednesday"):
    the event happened then or before; the last resort for its date."""
    said = [
        d
        for d in dates
        if d.attrs.get("value") and start <= d.start and d.end <= end and _statement_date(trigger.token, d)
    ]
    return said[-1] if said else None


def _a_location(doc: Any, place: Annotation) -> bool:
    """A place name that says where, not one inside a title or a record ("Chief U.S. District Judge
    Saris", "the worst shooting in US history")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None or not len(span):
        return True
    tok = span.root
    for _ in range(4):
        if tok.dep_ not in ("compound", "amod", "poss", "nmod") or tok.head.i == tok.i:
            return True
        tok = tok.head
        if tok.lemma_.lower() in NOT_LOCATIONS or tok.ent_type_ == "PERSON":
            return False
    return True


def _in_clause(trigger: Any, item: Annotation) -> bool:
    """Whether a place or date belongs to the trigger's own clause: inside the trigger's phrase, or of
    the verb the trigger is the subject or object of ("the attack took place in Velmar"); not one
    elsewhere in the sentence ("measures for Florida passed, weeks after the shooting")."""
    doc = trigger.doc
    span = doc.char_span(item.start, item.end, alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    heads = [trigger]
    if trigger.dep_ in ("nsubj", "nsubjpass", "dobj", "attr") and trigger.head.i != trigger.i:
        heads.append(trigger.head)
    return any(h.is_ancestor(root) or h.i == root.i for h in heads)


def event_attrs(
    trig: Trigger,
    start: int,
    end: int,
    entities: list[Annotation],
    places: list[Annotation],
    dates: list[Annotation],
    figures: list[Annotation],
    dateline: Annotation | None,
) -> dict[str, Any]:
    at = trig.token.idx

    def nearest(items: list[Annotation]) -> Annotation | None:
        inside = [a for a in items if start <= a.start and a.end <= end]
        return min(inside, key=lambda a: (abs(a.start - at), a.start), default=None)

    sentence_entities = [e for e in entities if start <= e.start and e.end <= end]
    attrs: dict[str, Any] = {
        "sub_type": trig.sub_type,
        "trigger": trig.token.text,
        "trigger_start": at,
        "actors": actors(trig.token, sentence_entities),
    }
    place = nearest([p for p in places if _a_location(trig.token.doc, p)])
    source = "clause" if place is not None and _in_clause(trig.token, place) else "sentence"
    if place is None and dateline is not None:
        place, source = dateline, "dateline"
    attrs["place"] = None if place is None else place.text
    attrs["place_source"] = None if place is None else source
    for key in ("lat", "lon", "country"):
        attrs[key] = None if place is None else place.attrs.get(key)
    own = [d for d in dates if not _statement_date(trig.token, d)]
    date = nearest([d for d in own if d.attrs.get("value")]) or nearest(own)
    set_date(attrs, date, "clause" if date is not None and _in_clause(trig.token, date) else "sentence")
    attrs["figures"] = [
        {"text": f.text, "label": f.label, "value": f.attrs.get("value")}
        for f in figures
        if start <= f.start and f.end <= end
    ]
    return attrs
