"""Did it happen? Events only from clauses that report a happening, and one event per happening.

Real news talks about violence far more often than it reports a new act of it: questions ("Should the
army be sent?"), negations ("do not want to send the army"), plans, threats and conditions ("will deploy",
"if they attack"), opinions ("I think he assaulted her"), law and statistics ("an alien may be arrested",
"106 people were murdered in 2016") and diseases that "killed" people. A trigger counts only when nothing
on its path to the root of the sentence makes it unreal.

One happening is often told several times (headline, lead, details). Events of one type whose places and
dates do not conflict are merged into one, its evidence the most informative mention, the others kept as
``mentions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_MODALS = frozenset("may might could would should can must will shall 'll wo ca".split())
_NEGATIONS = frozenset("not n't never no nobody nothing without".split())
_UNREAL_GOVERNORS = frozenset(
    """want wish plan intend threaten vow promise pledge seek try attempt aim prepare consider propose hope
    call urge demand warn refuse fear decide order ask plot conspire allege claim accuse deny think
    believe feel suspect imagine guess suppose doubt expect predict risk avoid prevent stop need""".split()
)
_CONDITIONS = frozenset("if unless whether lest".split())
_DISEASE = frozenset(
    """outbreak virus disease plague epidemic pandemic ebola cholera measles flu influenza fever cancer
    infection illness malaria""".split()
)
# One attack is often called a shooting, an attack and a bombing in one article: one happening.
_VIOLENCE = frozenset({"violence_against_civilians", "battle", "explosion_remote_violence"})
_SAME_IN_PAST = frozenset("set put cut hit shut spread burst cast hurt let quit upset beat shed".split())
_DEATH = frozenset("kill die dead death claim".split())
_UNREAL_NOUNS = frozenset(
    "allegation claim accusation charge rumour rumor threat plan plot risk fear".split()
)
_STATISTICS = frozenset("statistic statistics average annually yearly".split())


def is_factual(trigger: Any, headline: bool = False) -> bool:
    """False when the trigger's clause is a question, negated, modal, conditional, planned, alleged, an
    opinion or a habit ("people are killed in pizza restaurants"; headlines excepted, they speak in the
    present), or tells of a disease or a statistic rather than an act."""
    sent = trigger.sent
    if sent.text.rstrip().rstrip("\"'”’)").endswith("?"):
        return False
    lemmas = {t.lemma_.lower() for t in sent}
    if lemmas & _STATISTICS or ("every" in lemmas and "year" in lemmas):
        return False
    if trigger.lemma_.lower() in _DEATH and lemmas & _DISEASE:
        return False
    if trigger.dep_ in ("compound", "amod", "nmod") and trigger.head.lemma_.lower() in _UNREAL_NOUNS:
        return False  # "an assault allegation", "an attack plan"
    if not headline and _present_habit(trigger):
        return False
    tok = trigger
    for _ in range(8):
        for c in tok.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ in ("aux", "advmod", "det") and low in _NEGATIONS):
                return False
            if c.dep_ == "aux" and low in _MODALS:
                return False
            if c.dep_ == "mark" and low in _CONDITIONS:
                return False
        if tok.i != trigger.i and tok.lemma_.lower() in _UNREAL_GOVERNORS and tok.pos_ in ("VERB", "AUX"):
            return False
        if tok.dep_ == "ROOT" or tok.head.i == tok.i:
            break
        if tok.dep_ in ("relcl", "acl") and tok.i != trigger.i:
            break  # a relative clause describes its noun; what governs the noun does not unmake it
        tok = tok.head
    return True


def _present_habit(trigger: Any) -> bool:
    """A simple-present verb ("are killed", "kills"), or a noun that such a verb governs ("holds jurisdiction
    over detention"): a habit or a general truth, not a reported event."""
    for _ in range(3):
        if trigger.pos_ in ("VERB", "AUX") or trigger.head.i == trigger.i:
            break
        trigger = trigger.head
    if trigger.pos_ not in ("VERB", "AUX"):
        return False
    if trigger.tag_ in ("VBP", "VBZ"):
        return trigger.lower_ not in _SAME_IN_PAST  # "rioters set fire": past, though tagged present
    passive_present = any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in trigger.children)
    return trigger.tag_ == "VBN" and passive_present and not any(c.dep_ == "aux" for c in trigger.children)


@dataclass
class Mention:
    """One sentence-level reading of an event, before merging."""

    type: str
    start: int
    end: int
    score: float
    attrs: dict[str, Any]
    title: bool = False
    noun: bool = False  # triggered by a noun ("the attack", "the massacre"): may refer back
    others: list[tuple[int, int]] = field(default_factory=list)


def _compatible(a: Mention, b: Mention) -> bool:
    """Same type, and no conflicting place or date; the arrests of one article are one operation."""
    if a.type != b.type and not ({a.type, b.type} <= _VIOLENCE and (a.noun or b.noun)):
        return False  # "the attack" may name the shooting just told; two verbs tell two acts
    if a.attrs.get("sub_type") == b.attrs.get("sub_type") == "arrests":
        return True
    for key in ("place", "date"):
        x, y = a.attrs.get(key), b.attrs.get(key)
        if x and y and str(x).casefold() != str(y).casefold():
            return False
    return True


def _weight(m: Mention) -> tuple[int, int, float, int]:
    """Which mention states the happening best: not the headline, then the most attributes, the surest."""
    filled = sum(1 for key in ("place", "date") if m.attrs.get(key)) + bool(m.attrs.get("figures"))
    return (0 if m.title else 1, filled, m.score, -m.start)


def merge(mentions: list[Mention]) -> list[Mention]:
    """One event per happening: compatible mentions of one type fold into the best of them."""
    groups: list[list[Mention]] = []
    for m in sorted(mentions, key=lambda m: m.start):
        home = next((g for g in groups if all(_compatible(m, o) for o in g)), None)
        if home is None:
            groups.append([m])
        else:
            home.append(m)
    out = []
    for group in groups:
        best = max(group, key=_weight)
        for key in ("place", "date"):
            if not best.attrs.get(key):
                donor = next((m for m in group if m.attrs.get(key)), None)
                if donor is not None:
                    for k in [k for k in donor.attrs if k == key or k.startswith(key + "_")] + (
                        ["lat", "lon", "country"] if key == "place" else []
                    ):
                        best.attrs[k] = donor.attrs.get(k)
        best.others = [(m.start, m.end) for m in group if m is not best]
        best.score = round(min(0.95, best.score + 0.05 * (len(group) - 1)), 2)
        out.append(best)
    return sorted(out, key=lambda m: m.start)
