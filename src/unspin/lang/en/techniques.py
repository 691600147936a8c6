"""The 14 propaganda techniques of SemEval-2020 Task 11, explained for readers.

The names are the task's labels (three rare groups merged as the task merged them). The definitions and
"what to look for" notes are our own plain-language summaries, written for fact-checkers, teachers and
readers who meet the labels in a report.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Technique:
    label: str
    title: str
    definition: str
    look_for: str

    @property
    def explanation(self) -> str:
        return f"{self.definition} Look for: {self.look_for}"


TECHNIQUES: tuple[Technique, ...] = (
    Technique(
        "Appeal_to_Authority",
        "Appeal to authority",
        "A claim is presented as true because an expert, official or famous person said it, "
        "in place of evidence.",
        "'experts agree', a title or rank doing the work of an argument, an authority speaking outside "
        "their field.",
    ),
    Technique(
        "Appeal_to_fear-prejudice",
        "Appeal to fear or prejudice",
        "Support is sought by making the audience afraid of a threat or by stirring up hostility "
        "towards a group.",
        "warnings of catastrophe if the reader does not agree, threats pinned on outsiders or minorities.",
    ),
    Technique(
        "Bandwagon,Reductio_ad_hitlerum",
        "Bandwagon / guilt by association",
        "Either 'everyone is doing it, so should you', or an idea is rejected because a hated person "
        "or group is said to hold it.",
        "appeals to what the majority does; comparisons to Nazis, dictators or other reviled figures.",
    ),
    Technique(
        "Black-and-White_Fallacy",
        "Black-and-white fallacy",
        "Only two options are offered, as if nothing else were possible, and one of them is unacceptable.",
        "'either ... or ...', 'you are with us or against us', a single alternative to disaster.",
    ),
    Technique(
        "Causal_Oversimplification",
        "Causal oversimplification",
        "A complex event is blamed on one cause, or one cause is credited with a complex outcome.",
        "'all because of', a single scapegoat for a many-sided problem.",
    ),
    Technique(
        "Doubt",
        "Doubt",
        "The credibility of a person, group or fact is questioned without evidence, to weaken it.",
        "rhetorical questions about motives, 'can we really trust ...', insinuations with no source.",
    ),
    Technique(
        "Exaggeration,Minimisation",
        "Exaggeration or minimisation",
        "Something is made to look far bigger, better or worse than it is, or a serious matter is "
        "played down.",
        "superlatives and absolutes ('the worst ever', 'nobody'), 'just a', 'merely', 'only a few'.",
    ),
    Technique(
        "Flag-Waving",
        "Flag-waving",
        "An action or idea is justified by appealing to patriotism or the identity of a group.",
        "'for the nation', 'true patriots', 'our people', national pride standing in for reasons.",
    ),
    Technique(
        "Loaded_Language",
        "Loaded language",
        "Words and phrases with strong emotional charge are used to sway the reader instead of "
        "neutral description.",
        "vivid adjectives and verbs ('brutal', 'devastating', 'slammed'), intensifiers, scare words.",
    ),
    Technique(
        "Name_Calling,Labeling",
        "Name calling or labelling",
        "A person or group is given a label meant to make the audience fear, hate or look down on them, "
        "or, less often, to praise them.",
        "epithets, insulting nicknames, 'regime', 'thugs', 'terrorists' used as a verdict.",
    ),
    Technique(
        "Repetition",
        "Repetition",
        "The same word, phrase or message is repeated so that it sticks and comes to feel true.",
        "a slogan or charged phrase recurring across the article.",
    ),
    Technique(
        "Slogans",
        "Slogan",
        "A short, catchy phrase stands in for an argument, often as a call to act.",
        "memorable formulas, chants, hashtags, 'make X great', imperative rallying cries.",
    ),
    Technique(
        "Thought-terminating_Cliches",
        "Thought-terminating cliché",
        "A stock phrase is used to close down discussion and critical thought.",
        "'it is what it is', 'that's just how it is', 'enough said', 'everything happens for a reason'.",
    ),
    Technique(
        "Whataboutism,Straw_Men,Red_Herring",
        "Whataboutism, straw man or red herring",
        "Criticism is deflected by pointing at the opponent's faults, the opponent's view is "
        "misrepresented to be knocked down, or attention is drawn to an irrelevant matter.",
        "'what about ...', 'so you are saying ...', sudden changes of subject.",
    ),
)

BY_LABEL: dict[str, Technique] = {t.label: t for t in TECHNIQUES}
LABELS: tuple[str, ...] = tuple(t.label for t in TECHNIQUES)
