"""Number words and the words around numbers: approximators ("about", "at least"), vague plurals, names."""

from __future__ import annotations

# Approximators in front of a number ("about 250"): hedges when a number follows. Narrower than
# APPROXIMATOR_BOUNDS below (no "close to", "no more than", "just under" ...) and with "as few as",
# which has no bound; merged, the hedges of some sentences would change.
HEDGING_APPROXIMATORS = (
    "at least",
    "at most",
    "up to",
    "more than",
    "less than",
    "fewer than",
    "as many as",
    "as few as",
    "an estimated",
    "about",
    "around",
    "approximately",
    "roughly",
    "nearly",
    "almost",
    "some",
    "over",
    "under",
    "circa",
)

# Words and phrases that open a number, for the approximators above.
NUMBER_STARTS = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "fifteen",
    "twenty",
    "thirty",
    "forty",
    "fifty",
    "sixty",
    "seventy",
    "eighty",
    "ninety",
    "a hundred",
    "hundreds",
    "a dozen",
    "dozens",
    "a thousand",
    "thousands",
    "tens",
    "half",
    "a third",
    "a quarter",
    "scores",
    "millions",
    "billions",
)

ONES = {
    w: n
    for n, w in enumerate(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
        sixteen seventeen eighteen nineteen""".split()
    )
}

TENS = {
    w: 10 * n
    for n, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split())
    if n > 1
}

SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 10**9, "trillion": 10**12}

SUFFIXES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "bn": 10**9,
    "b": 10**9,
    "tn": 10**12,
}

NUMBER_WORDS = {**ONES, **TENS}

# Vague plurals: (lower bound, scale word they multiply when followed by "of <scale>s").
VAGUE_PLURALS = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
    "millions": 2_000_000,
    "billions": 2 * 10**9,
}

TENS_OF = {"tens": 10, "hundreds": 100}

SEVERAL = {"several": 3, "few": 2}

# Fractions of a whole, as percentages ("about half of the housing", "two-thirds of all infections"):
# (numerator word or None, fraction word) → percent.
FRACTIONS: dict[tuple[str | None, str], float] = {
    (None, "half"): 50,
    ("one", "half"): 50,
    ("a", "half"): 50,
    (None, "third"): 33.33,
    ("one", "third"): 33.33,
    ("a", "third"): 33.33,
    ("two", "thirds"): 66.67,
    (None, "quarter"): 25,
    ("one", "quarter"): 25,
    ("a", "quarter"): 25,
    ("three", "quarters"): 75,
}
# Words before "half of" that make it a part of a period or a thing, not a share ("the first half of").
NOT_A_SHARE_BEFORE = frozenset("the first second other latter former this that its their his her".split())
# Words of change: "rose from 12 to 20", "raise the tax from 7 to 11 percent" give two values, not a range.
CHANGE_WORDS = frozenset(
    """rise rose raise increase grow jump climb soar surge fall fell drop decline decrease cut reduce lower
    slash shrink double triple halve go went move change boost hike lift push""".split()
)
# Counted nouns that mix tolls ("14 casualties": dead and wounded, in proportions the text rarely gives).
AMBIGUOUS_TOLLS = frozenset(["casualty"])
# How often: "twice", "thrice" (with "N times", a count of occasions or a multiplier).
TIMES_WORDS = {"twice": 2, "thrice": 3}

# Approximators and the bound they give a figure, longest first (see HEDGING_APPROXIMATORS above).
APPROXIMATOR_BOUNDS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        [
            (("at", "least"), "at_least"),
            (("more", "than"), "at_least"),
            (("over",), "at_least"),
            (("upwards", "of"), "at_least"),
            (("in", "excess", "of"), "at_least"),
            (("no", "fewer", "than"), "at_least"),
            (("no", "less", "than"), "at_least"),
            (("at", "most"), "at_most"),
            (("up", "to"), "at_most"),
            (("fewer", "than"), "at_most"),
            (("less", "than"), "at_most"),
            (("under",), "at_most"),
            (("no", "more", "than"), "at_most"),
            (("as", "many", "as"), "at_most"),
            (("nearly",), "at_most"),
            (("almost",), "at_most"),
            (("just", "under"), "at_most"),
            (("about",), "about"),
            (("around",), "about"),
            (("approximately",), "about"),
            (("roughly",), "about"),
            (("some",), "about"),
            (("an", "estimated"), "about"),
            (("estimated",), "about"),
            (("circa",), "about"),
            (("close", "to"), "about"),
        ],
        key=lambda a: -len(a[0]),
    )
)

# Words before a number that make it part of a name or a reference, not a count.
NAME_WORDS_BEFORE_NUMBERS = frozenset(
    """no number resolution article route flight highway road page section chapter room gate platform line
    item paragraph clause point level grade category phase stage code zone sector unit bus tram
    block lot apartment building floor district ward box""".split()
)

# Nouns that stand for a number of people ("thousands of farmers"): the actor is after "of".
COLLECTIVE_NOUNS = frozenset("thousand hundred dozen score million number group crowd hundreds".split())

# Words for the numbers that are not figures (unspin.analyzers.figures.kinds).
# A phone number follows these ("call 555 0142", "tel: +44 ...", "contact police on 101").
PHONE_CUES = frozenset(
    """call phone telephone tel tel. dial contact fax hotline helpline freephone mobile cell text txt
    whatsapp ring sms""".split()
)
# Words between a phone cue and its number ("call the hotline on", "tel.:").
PHONE_FILLERS = frozenset(
    """on at : the hotline helpline line number no no. us police them him her toll-free free - 24-hour
    crimestoppers""".split()
)
# Emergency numbers ("called 911", "a 999 call"): a phone number when dialled or after these words.
EMERGENCY_NUMBERS = frozenset("911 999 112 000".split())
EMERGENCY_AFTER = frozenset(
    """call caller hang hang-up hangup dispatcher dispatch operator line center centre system service tape
    recording audio emergency""".split()
)
EMERGENCY_CUES = frozenset("call dial ring phone text contact".split())
# Legal code abbreviations beside a title or section number: "8 U.S.C. 1326", "40 CFR 261".
LEGAL_CODE_WORDS = frozenset("u.s.c. u.s.c usc c.f.r. cfr".split())
# Calibres: "a 12 gauge shotgun", ".45 caliber"; millimetres only before a weapon ("a 9mm pistol").
CALIBRE_WORDS = frozenset("gauge caliber calibre cal cal.".split())
CALIBRE_WEAPONS = frozenset(
    """pistol handgun rifle gun round bullet shell cartridge ammunition mortar howitzer cannon shotgun
    artillery""".split()
)
# Radio frequencies: "98.5 FM", "101 MHz".
FREQUENCY_WORDS = frozenset("fm mhz khz".split())
# Web-page widgets, not news: "53 SHARES", "1.2K Views".
WIDGET_WORDS = frozenset("shares share views likes comments retweets reactions".split())
# Naming verbs: "an asteroid named 3200 Phaethon", "a storm dubbed 4D".
NAMING_WORDS = frozenset("name named call called dub dubbed designate designated codename codenamed".split())
# Words that make a number an age in "as young as 16", "twenty-something".
AGE_ADJECTIVES = frozenset("young old".split())
AGE_SUFFIX_WORDS = frozenset("something somethings".split())
# Lower-case words before a number that still make it a reference ("category 4 winds", "article 5").
REFERENCE_WORDS = frozenset(
    """category section article chapter paragraph clause title amendment phase stage level grade tier
    class type size""".split()
)
# Verbs and adjectives "100 percent" emphasises ("I agree 100 percent", "100% behind him").
EMPHASIS_WORDS = frozenset(
    """agree disagree support back believe trust stand commit guarantee tell know promise endorse oppose
    sure certain right wrong correct confident committed""".split()
)
# Lemmas around "3-1" that make it a score or a vote tally, not a range of counts.
SCORE_WORDS = frozenset(
    """win won lose lost beat defeat draw drew vote voted rule ruled lead trail score victory loss tie
    scoreline margin thrash edge""".split()
)
# Lemmas before a number that make it a rank ("ranked 12", "seeded 3").
RANK_WORDS = frozenset("rank ranked seed seeded placed position spot".split())
# Street words after "42 Elm" that make the number a house number.
STREET_WORDS = frozenset(
    """street st st. avenue ave ave. road rd rd. boulevard blvd blvd. lane ln drive terrace crescent parkway
    highway plaza alley embankment prospekt""".split()
)
# Street words written before the house number's street name ("12 Rue de Rivoli", "5 Via Roma").
STREET_FIRST_WORDS = frozenset("rue via calle avenida rua ulitsa strada".split())
# Of those, the ones also written in lower case before the street's name ("17 rue Pelleport").
LOWER_STREET_FIRST_WORDS = frozenset("rue calle avenida rua ulitsa strada".split())
# Words before a room or flat number ("room 135", "suite 400", "room number (135)"): an address.
ROOM_WORDS = frozenset("room suite apartment apt apt. flat cabin berth".split())
# Time-zone words after a clock time ("0630 GMT", "1400 local time").
TIME_ZONE_WORDS = frozenset("gmt utc est edt cet cest bst pst pdt msk ist local hrs".split())
# Era words: "590 BC", "AD 70".
ERA_WORDS = frozenset("bc bce ad ce b.c. a.d. b.c.e. c.e.".split())
# Months and weekdays: "Since March 12 people ..." is no product name.
CALENDAR_WORDS = frozenset(
    """january february march april may june july august september october november december jan feb mar
    apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday""".split()
)

# Verbs by which police or troops come upon things: what they find is seized ("officers found 3 kg of
# heroin", "troops discovered 40 rifles"); said of anyone else, a find is no seizure.
FINDING_VERBS = frozenset("find discover uncover recover".split())

# Event verbs whose subject is still the one counted when they take an object ("40,000 people fled
# their homes", "20 migrants died a slow death"), unlike "40 gunmen killed 12 villagers".
SUBJECT_EVENT_VERBS = frozenset("flee die perish drown".split())

# Nouns that name a count itself ("the death toll rose to 12", "the number of dead"): the counted thing
# is found beyond them.
TOLL_NOUNS = frozenset("number toll tally count total figure".split())
