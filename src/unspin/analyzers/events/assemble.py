"""From triggers to events: the sentence-level reading (one event per type and sub-type) and each
event's attributes (actors, place, date, figures)."""

from __future__ import annotations

from typing import Any

from unspin.analyzers.events.actors import actors
from unspin.analyzers.events.triggers import BATTLE, EXPLOSION, PROTEST, RIOT, STRATEGIC, VAC, Trigger
from unspin.article import Annotation
from unspin.lang.en.events import CASUALTY_WORDS, INTERVENTION_WORDS, VIOLENT_CROWD_WORDS
from unspin.lang.en.people import SECURITY_FORCES

_VIOLENT_TYPES = frozenset({BATTLE, EXPLOSION, RIOT})


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
        elif t.type == STRATEGIC and t.sub_type == "arrests" and types & {PROTEST, RIOT}:
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
    place = nearest(places)
    source = "sentence"
    if place is None and dateline is not None:
        place, source = dateline, "dateline"
    attrs["place"] = None if place is None else place.text
    attrs["place_source"] = None if place is None else source
    for key in ("lat", "lon", "country"):
        attrs[key] = None if place is None else place.attrs.get(key)
    date = nearest(dates)
    attrs["date"] = None if date is None else date.attrs["value"]
    attrs["date_precision"] = None if date is None else date.attrs.get("granularity")
    attrs["figures"] = [
        {"text": f.text, "label": f.label, "value": f.attrs.get("value")}
        for f in figures
        if start <= f.start and f.end <= end
    ]
    return attrs
