"""The English check of ``unspin add``: plainly English texts pass without the model; others ask it."""

from __future__ import annotations

import pytest

from unspin.corpus.language import MIN_CHARS, looks_english, non_english

ENGLISH = (
    "The council voted on Tuesday to close the old bridge, which has carried traffic across the river "
    "for ninety years. Engineers said the steel was worn and that repairs would cost more than a new "
    "crossing. Residents who live near the bridge told reporters they were worried about the longer "
    "drive to the hospital, and the mayor said a ferry would run until the new bridge is finished. "
)
OTHERS = {
    "de": (
        "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu schließen, die seit neunzig Jahren "
        "den Verkehr über den Fluss trägt. Die Ingenieure sagten, der Stahl sei abgenutzt und eine "
        "Reparatur koste mehr als ein Neubau. Anwohner sorgen sich um den längeren Weg zum Krankenhaus, "
        "und der Bürgermeister sagte, eine Fähre werde fahren, bis die neue Brücke fertig ist. "
    ),
    "nl": (
        "De gemeenteraad heeft dinsdag besloten de oude brug te sluiten, die al negentig jaar het verkeer "
        "over de rivier draagt. Volgens de ingenieurs is het staal versleten en is een reparatie duurder "
        "dan een nieuwe brug. Bewoners in de buurt maken zich zorgen over de langere rit naar het "
        "ziekenhuis, en de burgemeester zei dat er een veerpont vaart tot de nieuwe brug klaar is. "
    ),
    "fr": (
        "Le conseil municipal a voté mardi la fermeture du vieux pont, qui porte la circulation au-dessus "
        "du fleuve depuis quatre-vingt-dix ans. Les ingénieurs ont dit que l'acier était usé et qu'une "
        "réparation coûterait plus cher qu'un nouveau pont. Les riverains s'inquiètent du trajet plus long "
        "vers l'hôpital, et le maire a promis un bac jusqu'à la fin des travaux du nouveau pont. "
    ),
    "es": (
        "El ayuntamiento votó el martes cerrar el viejo puente, que lleva noventa años soportando el "
        "tráfico sobre el río. Los ingenieros dijeron que el acero estaba desgastado y que repararlo "
        "costaría más que un puente nuevo. Los vecinos temen el trayecto más largo hasta el hospital, y "
        "el alcalde dijo que un transbordador funcionará hasta que el nuevo puente esté terminado. "
    ),
}


def test_plain_english_passes_without_the_model_and_is_kept() -> None:
    assert looks_english(ENGLISH * 2)
    assert non_english(ENGLISH * 2) is None


@pytest.mark.parametrize("language", sorted(OTHERS))
def test_other_languages_do_not_look_english_and_the_model_names_them(language: str) -> None:
    text = OTHERS[language] * 2
    assert len(text) >= MIN_CHARS
    assert not looks_english(text)
    assert non_english(text) == language


def test_too_few_words_to_judge_by_function_words_go_to_the_model() -> None:
    assert not looks_english("The mayor and the council met in the hall of the town.")
