"""Numbers that are not figures: phone numbers, product names, scores, ranks, ages, eras, addresses."""

from __future__ import annotations

import pytest

from unspin import Article, Pipeline
from unspin.analyzers.figures.kinds import number_kinds
from unspin.nlp.parse import parse


def figure_texts(text: str) -> list[str]:
    return [a.text for a in Pipeline(only=["figures"])(Article(text)).layer("figures")]


def kinds_of(text: str) -> dict[str, str]:
    doc = parse(Article(text))
    return {doc[i].text: kind for i, kind in number_kinds(doc).items()}


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # phone numbers, with or without a cue
        ("For details call 555-0142 or write to the office.", "phone"),
        ("Tips can be sent on (020) 7946 0018 at any hour.", "phone"),
        ("Call the hotline at 1-800-555-0199 today.", "phone"),
        ("Tel: +44 20 7946 0958, fax +44 20 7946 0959.", "phone"),
        ("Reach the press desk on 020 7946 0321.", "phone"),
        ("Phone 202.555.0173 for more.", "phone"),
        ("Readers can text 07700 900123 with news.", "phone"),
        ("Anyone with information should contact police on 101.", "phone"),
        # emergency numbers, dialled or named before the call
        ("She called 911 and hid in the garden.", "phone"),
        ("Officers answered a 911 hang-up call on Elm Road.", "phone"),
        ("A series of 999 calls was released on Monday.", "phone"),
        ("The 911 dispatcher heard two shots.", "phone"),
        ("Dial 112 from any mobile in Europe.", "phone"),
        # product and model names, codes, laws, routes
        ("A Boeing 737 crashed near the coast.", "product"),
        ("He filmed it on an iPhone 8 last week.", "product"),
        ("A Windows 10 update broke the printers.", "product"),
        ("Interstate 95 was closed.", "product"),
        ("Proposition 8 was overturned.", "product"),
        ("He lived at 221B Baker Street.", "product"),
        ("The 787 Dreamliner was grounded.", "product"),
        ("Operators rolled out 5G and 4K video.", "product"),
        # names that open with a number: named once, then repeated; a channel or company name
        ("A comet named 4179 Toutatis will pass. Seen in 2007, 4179 Toutatis is bright.", "product"),
        ("The minister spoke to 7 News Brisbane on Friday.", "product"),
        ("Readers can text HELP to 85258 for updates.", "phone"),
        # calibres
        ("He carried a 9mm pistol.", "product"),
        ("Police found a 12 gauge shotgun.", "product"),
        ("Troops fired 155 mm shells at the town.", "product"),
        # legal codes, frequencies, versions, tickers, postal codes
        ("He was charged under 8 U.S.C. 1326 last week.", "product"),
        ("The rule is in § 1325 of the code.", "product"),
        ("Tune in to 98.5 FM tonight.", "product"),
        ("The app reached version 2 last year.", "product"),
        ("Shares of Kestria Motors (7203.T) rose.", "ticker"),
        ("Write to 200 Main St, Columbus, OH 43215 for forms.", "address"),
        # dates in digits
        ("Booking date: 03-14-2016 at the county jail.", "date"),
        ("The form was signed on 2016/03/14 in Leeds.", "date"),
        # web-page share counters
        ("128 SHARES Facebook Twitter The storm hit the coast.", "widget"),
        ("Call (555) 123-4567 now.", "phone"),
        ("Ring +7 495 123-45-67 for the embassy.", "phone"),
        ("The bomb went off at 0630 GMT.", "time"),
        ("They live at 12 Rue de Rivoli.", "address"),
        # scores and tallies
        ("City won 3-1 at home on Saturday.", "score"),
        ("They lost 2–0 to the visitors.", "score"),
        ("The final score was 24 to 17.", "score"),
        # ranks
        ("The university is ranked 12 in the country.", "rank"),
        # ages in their many forms
        ("The suspect, 45, was detained.", "age"),
        ("Smith (41) appeared in court.", "age"),
        ("At 72, he is the oldest candidate.", "age"),
        ("Children under 5 were vaccinated.", "age"),
        ("The men, 23 and 25, were charged.", "age"),
        ("She was attacked by her thirty-something neighbour.", "age"),
        ("A buyer as young as 16 can get a rifle.", "age"),
        ("The bill lowers the age to vote from 18 to 16.", "age"),
        ("The minimum age of 21 applies to all buyers.", "age"),
        ("The state passed a bill raising the age to buy a rifle from 18 to 21 and adding a wait.", "age"),
        ("The detainees were between the ages of 19 and 47.", "age"),
        # eras, clipped years, clock times in words, addresses and rooms
        ("The city was sacked in 590 BC.", "year"),
        ("Dana Kirk, CC '21, led the walkout.", "year"),
        ("The alumni of the class of \u201909 met.", "year"),
        ("Guards found him at ten-fifteen near the gate.", "time"),
        ("The mayor stayed in room 412 of the hotel.", "address"),
        ("His suite number (2210) was on the top floor.", "address"),
        ("The clinic, at 300 Main St., reopened.", "address"),
        ("The body was found near 8 rue Oberkampf in Paris.", "address"),
        # ratings
        ("That is what the coach calls a 9!", "score"),
    ],
)
def test_numbers_that_are_not_figures_have_their_kind_and_no_figure(text: str, kind: str) -> None:
    assert kind in kinds_of(text).values(), kinds_of(text)
    digits = [t for t in figure_texts(text) if any(ch.isdigit() for ch in t)]
    assert digits == [], digits


@pytest.mark.parametrize(
    "text",
    [
        "Two F-16 jets were scrambled.",
        "The COVID-19 outbreak spread widely.",
        "Allies invoked Article 5 of the treaty.",
        "Leaders of the G20 met in Osaka; the G7 met later.",
        "The 9/11 attacks changed the country.",
        "Repealing Section 230 would hurt small sites.",
        "The council passed Resolution 2334 last year.",
        "Flight 17 was shot down over the fields.",
        "Traffic stopped on Highway 1 for hours.",
        "The Senate voted 51-49 to confirm him.",
        "He is the No. 2 official in the department.",
        "The team is ranked 5th in the world.",
        "The victim, aged 32, was a teacher.",
        "A 32-year-old man was arrested.",
        "Jane Doe, 32, of Leeds, was charged.",
        "The law dates from the 1990s.",
        "Crime rose in the '90s.",
        "The blast happened at 7:45 a.m. on Monday.",
        "Police raided a house at 42 Elm Street.",
        "He was jailed for 10 years.",
        "The siege lasted three weeks.",
        "The storm brought category 3 winds to the island.",
        "Detention is allowed under title 8 of the code.",
        "The measure falls under article 12 of the charter.",
        "I agree 100 percent with the mayor.",
        "I can tell you 100% this was an accident.",
        "He has a twenty-something son.",
        "Glaciers formed over hundreds of thousands of years.",
        "The talks dragged on for dozens of hours.",
        "The Top 10 list was released on Friday.",
    ],
)
def test_codes_ranks_ages_years_times_addresses_and_durations_are_no_figures(text: str) -> None:
    assert [t for t in figure_texts(text) if any(ch.isdigit() for ch in t)] == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The blast killed 12 people and wounded 30.", ["12", "30"]),
        ("In Syria 400 people have died since the war began.", ["400"]),
        ("The hotline received 5,000 calls.", ["5,000"]),
        ("Police said 2 000 000 people marched.", ["2 000 000"]),
        ("Officers interviewed 300 witnesses.", ["300"]),
        ("Deaths fell from 45 to 30 last year.", ["45", "30"]),
        ("The victims, 12, were all soldiers.", ["12"]),
        ("Arrests were made in Belton (1), Lawrence (1) and Joseph (6).", ["1", "1", "6"]),
        ("The airline carried 737 passengers.", ["737"]),
        ("The 12 Boeing jets were grounded.", ["12"]),
        ("The bomb killed 12, Reuters said.", ["12"]),
        ("The army said 40 Taliban were killed.", ["40"]),
        ("Police said 12 ISIS fighters died.", ["12"]),
        ("The fine was paid by 14 Texans.", ["14"]),
        ("The hotline received 911 calls from 300 callers in May.", ["300"]),
        ("Police called 112 witnesses to the inquiry.", ["112"]),
        ("The storm dropped 120 mm of rain.", ["120"]),
        ("Prices rose 100 percent in a year.", ["100 percent"]),
        ("The age of the 30 victims is not known.", ["30"]),
        ("He named 12 Democrats who backed the bill.", ["12"]),
        ("The bill raised the retirement age, affecting 2 million workers.", ["2 million"]),
        ("Twenty-five people were hurt and thirty-two were arrested.", ["Twenty-five", "thirty-two"]),
        ("Levels reached 410 parts per million in 30 wells.", ["410 parts per million", "30"]),
        ("The hotel had a room 40 guests shared.", ["40"]),
        ("The top 10 earners paid most of the tax.", ["10"]),
    ],
)
def test_counts_that_look_like_codes_stay_figures(text: str, expected: list[str]) -> None:
    assert figure_texts(text) == expected
