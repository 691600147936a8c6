"""The ``entities`` layer: people, organisations, places, groups and facilities, linked within the article.

Mentions come from the named entities of the shared spaCy parse (:func:`unspin.nlp.parse.parse`),
cleaned so that a span is the name itself ("the Ministry of Defence" → "Ministry of Defence", "Marsh's" →
"Marsh"), plus the dateline ("PORT SAREL —"), which the statistical tagger misses in capitals. Mentions of
one entity are then linked: the same name in any case, a surname to the full name ("Marsh" → "Ilvo
Marsh"), an acronym to the name it abbreviates ("VDF" ↔ "Valdorian Defence Forces", or "Name (ACR)"),
and a shorter form of an organisation's name to the full one.

Each annotation: label ``person``, ``organisation``, ``place``, ``group`` or ``facility``; attrs
``canonical`` (the cluster's longest mention), ``cluster`` (id, in order of first mention), ``mentions``
(mentions in the cluster), ``ner`` (the tagger's label; ``DATELINE``; ``GAZETTEER`` for a place name
the tagger missed; ``CONTEXT`` for an untagged name after "in"/"near" or joined to a place; ``REPEAT``
for a later mention of a name found elsewhere in the article; ``GOVERNMENT`` for a capital that speaks
or acts for its state, "Moscow denied", labelled organisation), and ``country`` (ISO 3166-1 alpha-2) for
a demonym ("Kazakh", a group) or a government. A demonym is a group of its country, never an
organisation; an ideology ("Pan-Arabism") is a group, never a place; an unknown single-word "place" that
is a common English word ("Hope" opening a sentence) is dropped; an organisation-tagged name coordinated
with places ("in Olvana or Dressk, and Kazakhstan") is a place. ``score`` is a 0–1 confidence
(:func:`confidence`) that reports can threshold.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, ClassVar

from unspin.analyzer import register
from unspin.article import Annotation, Article
from unspin.lang.en.organisations import ACRONYM_SKIPPED_WORDS, GENERIC_ORG_WORDS
from unspin.lang.en.people import NAME_PREFIX_TITLES
from unspin.lang.en.places import (
    DEMONYMS,
    GOVERNMENT_OBJECT_VERBS,
    GOVERNMENT_VERBS,
    LOCATIVE_PREPOSITIONS,
    NOT_DATELINE_WORDS,
    PLACE_NAMED_INSTITUTIONS,
    REGION_WORDS,
    STRICT_LOCATIVE_PREPOSITIONS,
)
from unspin.lang.en.sources import REPORTING_VERBS
from unspin.nlp.gazetteer import gazetteer
from unspin.nlp.parse import ParsedAnalyzer, load_model, parse

LABELS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "FAC": "facility",
}
_LEADING = re.compile(r"^(?:the\s+|[\"'“‘«(\[]+)", re.I)
_TRAILING = re.compile(r"(?:['’]s?|[\"”’»)\].,;:!?]+)$")
# A dateline opening a line near the top: "PORT SAREL —", "KYIV, Ukraine (Agency) -".
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>[A-Z][A-Z'’.\-]*[A-Z](?:[ \t]+[A-Z][A-Z'’.\-]*[A-Z]){0,3})"
    r"(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*){0,2})?"
    r"[ \t]*(?:\([^()\n]{1,40}\)[ \t]*)?(?:—|–|--|-)[ \t]",
    re.M,
)
_DATELINE_LINES = 4  # lines from the top (title, byline...) in which a dateline may stand
_ACRONYM = re.compile(r"^[A-Z][A-Za-z.&]{1,9}$")
_REGION_AFTER = re.compile(r" (?:" + "|".join(REGION_WORDS) + r")\b")
_BIG_CITY = 100_000
_METROPOLIS = 1_000_000


@dataclass
class Mention:
    start: int
    end: int
    text: str
    label: str
    ner: str
    cluster: int = -1
    country: str | None = None  # a demonym's or a government's country (ISO 3166-1 alpha-2)
    key: str = field(default="", init=False)

    def __post_init__(self) -> None:
        self.key = " ".join(self.text.replace("’", "'").casefold().split())

    @property
    def words(self) -> list[str]:
        return self.key.replace(".", "").split()


def clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a tagger span to the name itself, or None when nothing name-like is left."""
    while True:
        piece = text[start:end]
        lead = _LEADING.match(piece)
        trail = _TRAILING.search(piece)
        stripped = piece.strip()
        if lead and lead.end() < len(piece):
            start += lead.end()
        elif trail and trail.start() > 0:
            end -= len(piece) - trail.start()
        elif stripped != piece:
            start += len(piece) - len(piece.lstrip())
            end -= len(piece) - len(piece.rstrip())
        else:
            break
    piece = text[start:end]
    if len(piece) < 2 or "\n" in piece or "\r" in piece or not any(ch.isupper() for ch in piece):
        return None
    if not piece[0].isalnum():
        return None
    return start, end


def datelines(text: str) -> list[tuple[int, int]]:
    """Spans of the dateline place names in the first lines of ``text`` (at most one per line)."""
    head_end = 0
    for _ in range(_DATELINE_LINES):
        nl = text.find("\n", head_end)
        if nl < 0:
            head_end = len(text)
            break
        head_end = nl + 1
        while head_end < len(text) and text[head_end] in "\r\n":
            head_end += 1
    found = []
    for m in _DATELINE.finditer(text, 0, head_end):
        place = m.group("place")
        if sum(ch.isalpha() for ch in place) >= 3 and place.split()[0] not in NOT_DATELINE_WORDS:
            found.append(m.span("place"))
    return found[:1]


def _initials(mention: Mention) -> tuple[str, str]:
    """Initials of a name with and without its function words ("Ministry of Defence" → "MOD", "MD")."""
    words = [w for w in re.split(r"[\s\-]+", mention.text) if w]
    full = "".join(w[0] for w in words if w[0].isalpha()).upper()
    content = "".join(
        w[0] for w in words if w[0].isalpha() and w.lower() not in ACRONYM_SKIPPED_WORDS
    ).upper()
    return full, content


def _person_key(mention: Mention) -> list[str]:
    words = mention.words
    while len(words) > 1 and words[0].rstrip(".") in NAME_PREFIX_TITLES:
        words = words[1:]
    return words


def _known_place(name: str, locative: bool, *, metropolis: bool = False) -> bool:
    """Is ``name`` a country, or (after "in", "near"... or next to a place) a city of 100,000 or more?
    With ``metropolis``, a city of a million or more needs no such context."""
    for c in gazetteer().lookup(name)[:1]:
        if c.place.kind == "country" and c.primary:
            return True
        if c.place.kind == "city" and c.primary:
            if locative and c.place.population >= _BIG_CITY:
                return True
            if metropolis and c.place.population >= _METROPOLIS:
                return True
    return False


def _locative(doc: Any, first: int, last: int, places: set[int]) -> bool:
    """Does the token run ``doc[first:last]`` stand where a place does: after "in", or joined ("and")
    to a place or to another large city?"""
    head = doc[last - 1]
    if first > 0 and doc[first - 1].lower_ in LOCATIVE_PREPOSITIONS:
        return True
    partners = [head.head] if head.dep_ == "conj" else []
    partners += [child for child in head.children if child.dep_ == "conj"]
    return any(p.i in places or (p.pos_ == "PROPN" and _known_place(p.text, True)) for p in partners)


def _joined_to(doc: Any, first: int, last: int, places: set[int]) -> bool:
    """Is the run joined by "and"/"or" to a place mention?"""
    head = doc[last - 1]
    partners = [head.head] if head.dep_ == "conj" else []
    partners += [child for child in head.children if child.dep_ == "conj"]
    return any(p.i in places for p in partners)


def mentions_of(article: Article) -> list[Mention]:
    """Cleaned entity mentions of the article, in text order, without overlaps.

    The small tagger often calls a city an organisation ("struck Kharkiv") or misses it; a name the
    gazetteer knows as a country, or as a large city where a place belongs, is taken as a place.
    """
    text = article.text
    doc = parse(article)
    found: list[Mention] = [Mention(s, e, text[s:e], "place", "DATELINE") for s, e in datelines(text)]
    tagged: list[tuple[Mention, int, int]] = []
    for ent in doc.ents:
        label = LABELS.get(ent.label_)
        if label is None:
            continue
        span = clean_span(text, ent.start_char, ent.end_char)
        if span is None:
            continue
        s, e = span
        if any(m.start < e and s < m.end for m in found):
            continue
        inner = text.find(" in ", s, e)
        if label == "place" and inner > 0 and _known_place(text[inner + 4 : e], True):
            # the tagger ran "Abuja in Nigeria" together: two places
            found.append(Mention(inner + 4, e, text[inner + 4 : e], label, ent.label_))
            e = inner
        mention = Mention(s, e, text[s:e], label, ent.label_)
        found.append(mention)
        tagged.append((mention, ent.start, ent.end))
    place_tokens = {
        t.i
        for m in found
        if m.label == "place"
        for t in doc.char_span(m.start, m.end, alignment_mode="expand")
    }
    surnames = {m.key.split()[-1] for m, _, _ in tagged if m.label == "person" and len(m.key.split()) > 1}
    for mention, first, last in tagged:
        if mention.label not in ("organisation", "person", "group", "facility"):
            continue
        locative = _locative(doc, first, last, place_tokens)
        if mention.label == "person":
            # a person's name only when nothing says otherwise: "in Aleppo", or a metropolis that is
            # nobody's surname here ("drones struck Kharkiv")
            metropolis = last - first == 1 and mention.key not in surnames
            known = _known_place(mention.text, locative, metropolis=metropolis)
            known = known and (locative or not _known_place(mention.text, False))
        else:
            known = _known_place(mention.text, locative, metropolis=True)
        # "in Dorvik" tagged as an organisation: one unknown word right after "in"/"near" is a place
        untagged_town = (
            mention.label == "organisation"
            and last - first == 1
            and first > 0
            and doc[first - 1].lower_ in STRICT_LOCATIVE_PREPOSITIONS
            and not mention.text.isupper()
            and mention.key not in PLACE_NAMED_INSTITUTIONS
        )
        if known or untagged_town:
            mention.label = "place"
            place_tokens.update(range(first, last))
    taken = {t.i for m in found for t in doc.char_span(m.start, m.end, alignment_mode="expand")}
    # capitalised proper nouns outside every mention (one pass over the tokens, read once)
    columns = doc.to_array(["POS", "IDX"])  # no Token objects: cheap on long articles
    propn = doc.vocab.strings["PROPN"]  # the POS symbol id, without importing spaCy at module load
    name_like = [
        int(pos) == propn and text[int(idx)].isupper() and i not in taken
        for i, (pos, idx) in enumerate(columns.tolist())
    ]
    i = 0
    while i < len(doc):
        if not name_like[i]:
            i += 1
            continue
        j = i
        while j < len(doc) and name_like[j]:
            j += 1
        s, e = doc[i].idx, doc[j - 1].idx + len(doc[j - 1].text)
        locative = _locative(doc, i, j, place_tokens) or (j < len(doc) and doc[j].lower_ in REGION_WORDS)
        if clean_span(text, s, e) == (s, e) and (
            _known_place(text[s:e], locative)
            or (
                # an untagged name right after "in"/"near", or joined to a place: a place the gazetteer
                # may not know (a village, a fictional town)
                (
                    (locative and i > 0 and doc[i - 1].lower_ in STRICT_LOCATIVE_PREPOSITIONS)
                    or _joined_to(doc, i, j, place_tokens)
                )
                and not any(doc[k].ent_type_ for k in range(i, j))
                and not (j < len(doc) and doc[j].tag_ == "POS")
                and not doc[i].is_sent_start
            )
        ):
            found.append(
                Mention(s, e, text[s:e], "place", "GAZETTEER" if _known_place(text[s:e], True) else "CONTEXT")
            )
            place_tokens.update(range(i, j))
        i = j
    for m in found:  # "the Donetsk region": the region word belongs to the name
        if m.label == "place":
            after = _REGION_AFTER.match(text, m.end)
            if after and not any(o.start < after.end() and m.end < o.end for o in found if o is not m):
                m.end = after.end()
                m.text = text[m.start : m.end]
                m.__post_init__()
    found = _readings(doc, found)
    found.sort(key=lambda m: (m.start, m.end))
    return _repeat_names(text, found)


_GOVERNMENT_SUBJECT_VERBS = GOVERNMENT_VERBS | REPORTING_VERBS


def _common_words() -> Any:
    """The spaCy model's word index (WordNet nouns, verbs, adjectives), or None without one."""
    try:
        return load_model().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    except (KeyError, ValueError, AttributeError):
        return None


def _is_common_word(word: str) -> bool:
    index = _common_words()
    return index is not None and any(word in index.get(pos, ()) for pos in ("noun", "verb", "adj", "adv"))


def _head(doc: Any, m: Mention) -> Any | None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _speaks_for_a_state(head: Any) -> bool:
    """Does the name stand where a government does: subject of "said", "denied", "imposed", or object
    of "warned", "urged"?"""
    verb = head.head
    if head.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in _GOVERNMENT_SUBJECT_VERBS:
        return head.dep_ == "nsubj"
    return head.dep_ == "dobj" and verb.lemma_.lower() in GOVERNMENT_OBJECT_VERBS


def _readings(doc: Any, found: list[Mention]) -> list[Mention]:
    """Second looks at the tagger's mentions: demonyms are groups of their country ("Kazakh" is no
    organisation), ideologies ("Pan-Arabism") are no places, a capital speaking ("Moscow denied") is its
    government, unknown names coordinated with places are places ("in Olvana or Dressk"), and an unknown
    "place" that is a common word ("Hope", "Justice" opening a sentence) is dropped."""
    gaz = gazetteer()
    kept = []
    for m in found:
        if m.key in DEMONYMS:
            m.label, m.country = "group", DEMONYMS[m.key]
        elif m.label in ("place", "organisation") and re.search(r"isms?$", m.key):
            m.label = "group"  # an ideology or a movement, never a point on a map
        elif m.label in ("place", "organisation") and m.ner != "DATELINE":
            head = _head(doc, m)
            capital = gaz.capital_of(m.text)
            if capital is not None and head is not None and _speaks_for_a_state(head):
                m.label, m.ner, m.country = "organisation", "GOVERNMENT", capital
            elif (
                m.label == "place"
                and len(m.words) == 1
                and not gaz.lookup(m.text)
                and not m.text.isupper()
                and _is_common_word(m.key)
            ):
                continue
        kept.append(m)
    _coordinated_places(doc, kept)
    return kept


def _coordinated_places(doc: Any, found: list[Mention]) -> None:
    """An organisation-tagged name coordinated with places ("Olvana or Dressk, and Kazakhstan") is a
    place the gazetteer does not know, unless its words say organisation ("Ministry", "Party")."""
    heads = {id(m): _head(doc, m) for m in found}
    changed = True
    while changed:
        changed = False
        places = {h.i for m in found if m.label == "place" and (h := heads[id(m)]) is not None}
        for m in found:
            head = heads[id(m)]
            if m.label != "organisation" or m.ner == "GOVERNMENT" or head is None or m.text.isupper():
                continue
            if any(w in GENERIC_ORG_WORDS for w in m.words):
                continue
            if any(c.i in places for c in head.conjuncts):
                m.label, changed = "place", True


def _repeat_names(text: str, found: list[Mention]) -> list[Mention]:
    """Add later mentions of names already found that the tagger missed ("a VDF spokesman")."""
    names = {m.text: m for m in found if len(m.text) >= 3 and m.text[0].isupper()}
    taken = [(m.start, m.end) for m in found]
    extra = []
    for name in sorted(names, key=lambda n: (-len(n), n)):  # longest first: "Port Sarel" before "Port"
        at = text.find(name)
        while at >= 0:
            s, e = at, at + len(name)
            at = text.find(name, e)
            if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                continue
            if any(a < e and s < b for a, b in taken):
                continue
            extra.append(Mention(s, e, name, names[name].label, "REPEAT"))
            taken.append((s, e))
    return sorted(found + extra, key=lambda m: (m.start, m.end))


# How sure a mention is, by where it came from (see :func:`confidence`).
_SOURCE_CONFIDENCE = {"DATELINE": 0.9, "GAZETTEER": 0.85, "GOVERNMENT": 0.75, "REPEAT": 0.7, "CONTEXT": 0.55}


def confidence(m: Mention, mentions: int) -> float:
    """0–1, how sure the mention's label is: a tagger mention 0.8, a dateline 0.9, a gazetteer name 0.85,
    a capital read as its government 0.75, a repeat of a name found elsewhere 0.7, an untagged name read
    from its context ("in Dorvik") 0.55; each further mention of the entity adds 0.05 (at most 0.1)."""
    base = _SOURCE_CONFIDENCE.get(m.ner, 0.8)
    return round(min(1.0, base + 0.05 * min(2, mentions - 1)), 2)


class _Clusters:
    """Union-find over mention indices."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link(text: str, mentions: list[Mention]) -> None:
    """Set ``cluster`` on every mention: same name, surname, acronym, or shorter organisation name."""
    n = len(mentions)
    uf = _Clusters(n)
    first_by_key: dict[str, int] = {}
    for i, m in enumerate(mentions):
        if m.key in first_by_key:
            uf.union(first_by_key[m.key], i)
        else:
            first_by_key[m.key] = i
    words = [m.words for m in mentions]  # computed once: the loops below compare them pairwise
    person_keys = [_person_key(m) for m in mentions]
    full_people = [i for i, m in enumerate(mentions) if m.label == "person" and len(person_keys[i]) >= 2]
    # distinct multi-word names (first mention of each) with their initials, for acronyms
    named = [(i, _initials(mentions[i])) for i in first_by_key.values() if len(words[i]) >= 2]
    organisations = [i for i in first_by_key.values() if mentions[i].label == "organisation"]

    for i, m in enumerate(mentions):
        if m.label in ("person", "organisation") and len(person_keys[i]) == 1 and full_people:
            # A surname: the nearest full name before it ending in that word, else the first after it.
            matches = [j for j in full_people if j != i and person_keys[j][-1] == person_keys[i][0]]
            before = [j for j in matches if j < i]
            if before or matches:
                uf.union(i, before[-1] if before else matches[0])
                continue
        letters = "".join(ch for ch in m.text if ch.isalpha())
        uppers = sum(ch.isupper() for ch in letters)
        if _ACRONYM.match(m.text) and uppers >= 2 and uppers >= len(letters) - 1 and len(letters) <= 6:
            letters = letters.upper()
            # "Valdorian Defence Forces (VDF)": the name right before the bracket, whatever its initials.
            prev = mentions[i - 1] if i else None
            if prev is not None and text[prev.end : m.start] in (" (", " ("):
                uf.union(i, i - 1)
                continue
            for j, initials in named:
                if j != i and letters in initials:
                    uf.union(i, j)
                    break
            continue
        if m.label == "organisation":
            longer = {
                uf.find(j)
                for j in organisations
                if len(words[j]) > len(words[i]) and _contains(words[j], words[i])
            }
            single_generic = len(words[i]) == 1 and words[i][0] in GENERIC_ORG_WORDS
            if len(longer) == 1 and not single_generic:
                uf.union(i, longer.pop())

    roots: dict[int, int] = {}
    for i, m in enumerate(mentions):
        m.cluster = roots.setdefault(uf.find(i), len(roots))


def _contains(words: list[str], part: list[str]) -> bool:
    k = len(part)
    return any(words[i : i + k] == part for i in range(len(words) - k + 1))


@register
class Entities(ParsedAnalyzer):
    name = "entities"
    version = "1.0.0"
    description = "Named people, organisations, places, groups and facilities, linked within the article."
    requires = ("sentences",)
    label_descriptions: ClassVar[dict[str, str]] = {
        "person": "A named person.",
        "organisation": "A named organisation: a government body, company, armed group, party or outlet.",
        "place": "A named country, city, region or other location.",
        "group": 'A nationality, religious or political group ("Valdorian", "rebels\' allies").',
        "facility": "A named building, airport, bridge, road or other structure.",
    }
    summary_json_only = frozenset({"clusters"})

    def annotate(self, article: Article) -> list[Annotation]:
        mentions = mentions_of(article)
        link(article.text, mentions)
        by_cluster: dict[int, list[Mention]] = {}
        for m in mentions:
            by_cluster.setdefault(m.cluster, []).append(m)
        out = []
        for members in by_cluster.values():
            canonical = max(members, key=lambda m: (len(m.text), not m.text.isupper(), -m.start))
            # The label most mentions spelled like the canonical name carry (the tagger wavers).
            voters = [m for m in members if m.key == canonical.key and m.ner != "GOVERNMENT"]
            votes = Counter(m.label for m in voters or members)
            label = max(votes, key=lambda lab: (votes[lab], lab == canonical.label))
            if any(m.ner == "DATELINE" for m in members):
                label = "place"
            for m in members:
                attrs: dict[str, Any] = {
                    "canonical": canonical.text,
                    "cluster": m.cluster,
                    "mentions": len(members),
                    "ner": m.ner,
                }
                if m.country is not None:
                    attrs["country"] = m.country
                # a capital speaking for its government stays an organisation wherever its name recurs
                own = m.label if m.ner == "GOVERNMENT" or m.label == "group" else label
                score = confidence(m, len(members))
                out.append(self.make(article, m.start, m.end, own, score=score, attrs=attrs))
        return out

    def summarize(self, article: Article, annotations: list[Annotation]) -> dict[str, Any]:
        clusters: dict[int, dict[str, Any]] = {}
        for a in annotations:
            entry = clusters.setdefault(
                a.attrs["cluster"],
                {"entity": a.attrs["canonical"], "label": a.label, "mentions": 0, "first": a.start},
            )
            entry["mentions"] += 1
        ranked = sorted(clusters.values(), key=lambda c: (-c["mentions"], c["first"]))
        by_label = Counter(c["label"] for c in clusters.values())
        return {
            "count": len(annotations),
            "entities": len(clusters),
            "by_label": dict(sorted(by_label.items(), key=lambda kv: (-kv[1], kv[0]))),
            "top": [{k: c[k] for k in ("entity", "label", "mentions")} for c in ranked[:10]],
            "clusters": [
                {"cluster": cid, "entity": c["entity"], "label": c["label"], "mentions": c["mentions"]}
                for cid, c in sorted(clusters.items())
            ],
        }
