"""A lexicon of overt propaganda cue words as a lever, measured before anything is decided on it.

The words were written down a priori (general vocabulary of name calling, loaded language, fear,
flag-waving, doubt and exaggeration), not read off PTC articles or our own example article. Per
technique: how often a bare hit lies inside a gold span (SI precision) and inside a gold span of that
technique, on the fold-1 out-of-fold articles and on the validation articles; then SI F1 of the fold-1
network's spans with the hits of the techniques that were at least as precise as the network out of
fold added (see bench/techniques_decoding.py for the fold outputs).

    PYTHONPATH=src nice -n 10 python bench/techniques_cue_lexicon.py \\
        --run /work/runs/techniques-80-shipped-recipe --outputs /work/runs/techq/fold1.pkl
"""

from __future__ import annotations

import argparse
import pickle
import re
from pathlib import Path

import numpy as np
from techniques_decoding import _fold_split, _inside, _prf, _si_stats

from unspin.analyzers.techniques.ensemble import DecodeSettings, decode
from unspin.train.data import GoldArticle

CUES = {
    "Name_Calling,Labeling": "traitors? thugs? puppets? parasites? cronies crony lackeys? stooges? lunatics? "
    "zealots? fanatics? extremists? globalists? elitists? snowflakes? morons? idiots? clowns? regime junta "
    "henchmen minions bandits scum vermin warmongers? terrorists? criminals? liars? hypocrites? tyrants? "
    "dictators? fascists? communists? radicals?",
    "Loaded_Language": "outrageous disgraceful shameful despicable heinous sinister vile brutal barbaric "
    "atrocious monstrous evil insane ridiculous absurd pathetic disastrous catastrophic horrific appalling "
    "shocking slaughter massacre savage ruthless reckless corrupt disgusting",
    "Appeal_to_fear-prejudice": "catastrophe chaos annihilation annihilate existential invasion overrun "
    "swamped doom apocalypse collapse",
    "Flag-Waving": "patriots? patriotic motherland fatherland homeland sacred",
    "Doubt": "so-called supposedly dubious questionable",
    "Exaggeration,Minimisation": "unprecedented greatest worst never-before-seen",
}
PATTERNS = {
    t: re.compile(r"\b(?:" + "|".join(words.split()) + r")\b", re.IGNORECASE) for t, words in CUES.items()
}
# The fold-1 network's SI precision out of fold (bench/techniques_decoding.py, hysteresis).
NETWORK_PRECISION = 0.30
DECODER = DecodeSettings(0.3, 0.3, 0.15, 2)  # the knobs CV chose for the fold-1 network


def precision(articles: list[GoldArticle]) -> dict[str, tuple[int, float, float]]:
    """Per technique: hits, share inside any gold span, share inside a gold span of that technique."""
    out = {}
    for technique, pattern in PATTERNS.items():
        hits = si = tc = 0
        for g in articles:
            for match in pattern.finditer(g.article.text):
                s, e = match.span()
                hits += 1
                si += any(a < e and s < b for a, b in g.si)
                tc += any(a < e and s < b and t == technique for t, a, b in g.tc)
        out[technique] = (hits, si / max(1, hits), tc / max(1, hits))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--run", type=Path, required=True)
    parser.add_argument("--outputs", type=Path, required=True)
    args = parser.parse_args()
    _, oof, validation, _ = _fold_split(args.run)
    with open(args.outputs, "rb") as handle:
        outputs = pickle.load(handle)["outputs"]
    chosen = []
    for name, articles in (("out of fold", oof), ("validation", validation)):
        table = precision(articles)
        for technique, (hits, si, tc) in table.items():
            print(f"{name}: {technique}: {hits} hits, SI precision {si:.3f}, right technique {tc:.3f}")
        if not chosen:
            chosen = [t for t, (_, si, _) in table.items() if si >= NETWORK_PRECISION]
    print("added:", chosen)
    for name, articles in (("out of fold", oof), ("validation", validation)):
        alone, added = np.zeros(6), np.zeros(6)
        for g in articles:
            assert g.pieces is not None
            inside = _inside(outputs[g.id], DECODER.word_weight)
            spans = [(s, e) for s, e, _ in decode(g.pieces, inside, DECODER, g.sentence_starts)]
            cues = [m.span() for t in chosen for m in PATTERNS[t].finditer(g.article.text)]
            title = g.sentence_starts[1] if len(g.sentence_starts) > 1 else len(g.article.text)
            alone += _si_stats(spans, g.si, title)
            added += _si_stats(spans + cues, g.si, title)
        print(
            f"{name}: SI P/R/F1 network {np.round(_prf(alone), 4)}, with cue hits {np.round(_prf(added), 4)}"
        )


if __name__ == "__main__":
    main()
