"""Training orchestration of the technique model on tiny data: a random-init BERT built here, a few
articles written here. Checks the fixed validation split, checkpoint and resume (an interrupted run ends
with exactly the weights of an uninterrupted one), and a whole run from folds to a loadable model folder.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

torch = pytest.importorskip("torch")
transformers = pytest.importorskip("transformers")

from unspin.analyzers.techniques.ensemble import article_probability  # noqa: E402
from unspin.ml import load_tokenizer  # noqa: E402
from unspin.train import neural  # noqa: E402
from unspin.train.data import (  # noqa: E402
    committed_validation_ids,
    load_ptc,
    prepare,
    split_validation,
    validation_ids,
)
from unspin.train.techniques import PRIOR_WEIGHTS, TrainSettings, fit_article_map, run  # noqa: E402

SHARED_PTC = Path("/work/shared/data/ptc")

# Sentences for the fake articles; the bracketed phrase is a gold span with the technique after "|".
SENTENCES = [
    "The council met on Tuesday to discuss the budget.",
    "Critics called the plan a [disgraceful betrayal|Loaded_Language] of every taxpayer.",
    "Officials said the vote would take place next month.",
    "Only a [traitor|Name_Calling,Labeling] would support such a scheme, one member said.",
    "The report was published on the city website.",
    "[Our great nation deserves better|Flag-Waving] than this, the mayor declared.",
    "Residents can comment until the end of the week.",
    "[Is this really a coincidence?|Doubt] asked the opposition leader.",
]


def _article(k: int) -> tuple[str, list[tuple[str, int, int]]]:
    """Article ``k``: a title, an empty line, then a rotation of the sentences, with its gold rows."""
    lines = [f"Council weighs plan number {k}", ""]
    for n in range(6):
        lines.append(SENTENCES[(k + n) % len(SENTENCES)])
    text, rows = "", []
    for line in lines:
        while "[" in line:
            a = line.index("[")
            bar, b = line.index("|", a), line.index("]", a)
            phrase, technique = line[a + 1 : bar], line[bar + 1 : b]
            start = len(text) + a
            rows.append((technique, start, start + len(phrase)))
            line = line[:a] + phrase + line[b + 1 :]
        text += line + "\n"
    return text, rows


def _write_ptc(root: Path, n: int) -> list[str]:
    ids = [str(900000001 + k) for k in range(n)]
    for sub in ("train-articles", "train-labels-SI", "train-labels-TC"):
        (root / sub).mkdir(parents=True)
    for k, aid in enumerate(ids):
        text, rows = _article(k)
        (root / "train-articles" / f"article{aid}.txt").write_text(text, encoding="utf-8", newline="")
        tc = "".join(f"{aid}\t{t}\t{s}\t{e}\n" for t, s, e in rows)
        si = "".join(f"{aid}\t{s}\t{e}\n" for _, s, e in sorted(rows, key=lambda r: r[1]))
        (root / "train-labels-TC" / f"article{aid}.task-flc-tc.labels").write_text(tc, encoding="utf-8")
        (root / "train-labels-SI" / f"article{aid}.task-si.labels").write_text(si, encoding="utf-8")
    return ids


def _write_tiny_bert(folder: Path) -> None:
    """A 2-layer BERT with random weights and a word-piece vocabulary of the fixture's words."""
    from tokenizers import Tokenizer, models, normalizers, pre_tokenizers

    words: set[str] = set()
    for k in range(8):
        words.update(pre_tokenizers.BertPreTokenizer().pre_tokenize_str(_article(k)[0].lower()))
    vocab = {"[PAD]": 0, **{f"[unused{i}]": i for i in range(1, 101)}, "[CLS]": 101, "[SEP]": 102}
    vocab["[UNK]"] = len(vocab)
    for word in sorted(w for w, _ in words):
        vocab.setdefault(word, len(vocab))
    tokenizer = Tokenizer(models.WordPiece(vocab, unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    folder.mkdir(parents=True)
    tokenizer.save(str(folder / "tokenizer.json"))
    config = transformers.BertConfig(
        vocab_size=len(vocab),
        hidden_size=16,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=300,
    )
    torch.manual_seed(0)
    transformers.BertModel(config).save_pretrained(str(folder))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    root = tmp_path_factory.mktemp("tiny")
    ids = _write_ptc(root / "ptc", 8)
    _write_tiny_bert(root / "bert")
    return root / "ptc", root / "bert", ids


def _config(bert: Path) -> neural.NeuralConfig:
    return neural.NeuralConfig(encoder=str(bert), window=24, epochs=3, batch_size=4, threads=1)


# --- the fixed validation split ---------------------------------------------------------------------


def test_validation_ids_are_a_fifth_deterministic_and_order_free() -> None:
    ids = [str(100 + k) for k in range(50)]
    chosen = validation_ids(ids)
    assert len(chosen) == 10
    assert chosen == validation_ids(list(reversed(ids)))  # depends on the ids, not their order
    assert set(chosen) <= set(ids)
    # Adding articles never moves one already chosen out unless a new one ranks below it.
    assert len(set(validation_ids([*ids, "999"])) - set(chosen)) <= 1


def test_split_validation_keeps_articles_whole(tiny: tuple[Path, Path, list[str]]) -> None:
    ptc, _, ids = tiny
    gold = load_ptc(ptc)
    train, held = split_validation(gold, ids[:2])
    assert [g.id for g in held] == ids[:2]
    assert {g.id for g in train} == set(ids[2:])
    assert split_validation(gold, None) == (gold, [])


@pytest.mark.shared_data
@pytest.mark.skipif(not SHARED_PTC.is_dir(), reason="/work/shared/data/ptc is absent")
def test_committed_validation_ids_are_the_sha1_fifth_of_ptc_train() -> None:
    ids = [g.id for g in load_ptc(SHARED_PTC)]
    committed = committed_validation_ids()
    assert committed == validation_ids(ids)
    assert len(committed) == 74 and len(ids) == 371


# --- checkpoint and resume --------------------------------------------------------------------------


def _weights(model: object) -> dict[str, np.ndarray]:
    return {k: v.detach().numpy().copy() for k, v in model.state_dict().items()}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("every_seconds", "extra_steps"),
    [(0.0, -3), (0.0, 1), (1e9, 2)],
    ids=["mid-epoch-just-saved", "just-after-an-epoch", "steps-lost-since-the-epoch-checkpoint"],
)
def test_interrupted_training_resumes_to_identical_weights(
    tiny: tuple[Path, Path, list[str]], tmp_path: Path, every_seconds: float, extra_steps: int
) -> None:
    ptc, bert, _ = tiny
    config = _config(bert)
    gold = prepare(load_ptc(ptc), load_tokenizer(bert / "tokenizer.json"))
    # Killed ``extra_steps`` after the end of the first epoch (before it, if negative).
    windows = neural._training_windows(gold, config.window, np.random.default_rng(config.seed))
    stop_after = -(-len(windows) // config.batch_size) + extra_steps
    assert stop_after > 0
    reference = _weights(neural.train(config, gold, 14, lambda _: None))
    checkpoint = tmp_path / "checkpoint.pt"
    lines: list[str] = []
    with pytest.raises(neural.TrainingInterrupted):
        neural.train(config, gold, 14, lines.append, checkpoint, every_seconds, stop_after)
    assert checkpoint.is_file() and any(line.startswith("checkpoint: epoch") for line in lines)
    resumed = _weights(neural.train(config, gold, 14, lines.append, checkpoint, every_seconds))
    assert any(line.startswith("resuming from") for line in lines)
    assert resumed.keys() == reference.keys()
    for name, value in reference.items():
        np.testing.assert_array_equal(resumed[name], value, err_msg=name)


def test_finished_checkpoint_returns_its_model_without_training(
    tiny: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    ptc, bert, _ = tiny
    config = _config(bert)
    gold = prepare(load_ptc(ptc), load_tokenizer(bert / "tokenizer.json"))
    checkpoint = tmp_path / "checkpoint.pt"
    first = _weights(neural.train(config, gold, 14, lambda _: None, checkpoint, 1e9))
    lines: list[str] = []
    again = _weights(neural.train(config, gold, 14, lines.append, checkpoint, 1e9))
    assert not any("step" in line and "loss" in line for line in lines)  # no training step logged
    for name, value in first.items():
        np.testing.assert_array_equal(again[name], value, err_msg=name)


def test_class_balance_weights_rare_techniques_up(tiny: tuple[Path, Path, list[str]]) -> None:
    ptc, bert, _ = tiny
    gold = prepare(load_ptc(ptc), load_tokenizer(bert / "tokenizer.json"))
    config = _config(bert)
    assert neural._class_weights(config, gold, 14) is None
    config.class_balance = 0.5
    weights = neural._class_weights(config, gold, 14).numpy()
    index = {t: n for n, t in enumerate(sorted({t for g in gold for t, _, _ in g.tc}))}
    assert weights.shape == (14,) and index  # unseen techniques (count 1) weigh most
    assert weights.max() == pytest.approx(weights[0]) and weights.min() < weights.max()


# --- a whole run ------------------------------------------------------------------------------------


def _settings(ptc: Path, bert: Path, out: Path, validation: list[str]) -> TrainSettings:
    return TrainSettings(
        data=ptc,
        out=out,
        folds=2,
        seed=5,
        neural=_config(bert),
        quantize=False,
        validation=validation,
        checkpoint_seconds=0.0,
    )


def test_run_writes_a_model_scores_validation_and_resumes_identically(
    tiny: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    ptc, bert, ids = tiny
    held = ids[-2:]
    folder = run(_settings(ptc, bert, tmp_path / "whole", held), lambda _: None)
    metrics = json.loads((tmp_path / "whole" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["articles"] == 6 and metrics["validation_articles"] == 2
    assert metrics["validation"]["articles"] == 2
    # Every tiny article has a technique in a quarter of its sentences: one class, no article map.
    assert metrics["calibration"]["article"] == {"articles": 6, "positive": 6}
    assert set(json.loads((folder / "model.json").read_text(encoding="utf-8"))["calibration"]) == {
        "span",
        "sentence",
        "article",
    }
    assert 0.0 <= metrics["validation"]["si"]["f1"] <= 1.0
    # The class-prior correction is tuned on the held-out outputs and shipped with the model.
    priors = json.loads((folder / "model.json").read_text(encoding="utf-8"))["technique_priors"]
    assert priors["prior_weight"] == metrics["tc"]["prior_weight"] and priors["prior_weight"] in PRIOR_WEIGHTS
    assert len(priors["prior"]) == 14 and abs(sum(priors["prior"]) - 1.0) < 1e-4
    for name in ("encoder.onnx", "heads.npz", "ngrams.npz", "tokenizer.json", "model.json", "MODEL_CARD.md"):
        assert (folder / name).is_file(), name
    # Cross-validation held out every training article once and never saw a validation article.
    with open(tmp_path / "whole" / "held_out.pkl", "rb") as handle:
        assert set(pickle.load(handle)["outputs"]) == set(ids[:-2])

    # The same run, killed in the second fold, then resumed from its folder.
    out = tmp_path / "killed"
    settings = _settings(ptc, bert, out, held)
    settings.stop_after_steps = 3
    with pytest.raises(neural.TrainingInterrupted):
        run(settings, lambda _: None)
    assert (out / "fold-1" / "held_out.pkl").is_file() or (out / "fold-1" / "checkpoint.pt").is_file()
    lines: list[str] = []
    resumed = TrainSettings.load(out)
    assert resumed.validation == held and resumed.stop_after_steps is None
    run(resumed, lines.append, resume=True)
    assert lines[0].startswith("resuming the run")
    with np.load(folder / "heads.npz") as a, np.load(out / "model" / "heads.npz") as b:
        for name in a.files:
            np.testing.assert_array_equal(a[name], b[name], err_msg=name)
    again = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert again["validation"] == metrics["validation"]
    assert again["si"] == metrics["si"] and again["tc"] == metrics["tc"]


def test_fit_article_map_separates_and_reports_calibration() -> None:
    rng = np.random.default_rng(3)
    probs = [rng.uniform(0.0, 0.3, 12) for _ in range(20)] + [rng.uniform(0.3, 0.9, 12) for _ in range(20)]
    labels = [False] * 20 + [True] * 20
    knots, metrics = fit_article_map(probs, labels)
    assert len(knots["w"]) == 3 and len(knots["b"]) == 1
    assert knots["w"][0] > 0 and knots["w"][1:] == [0.0, 0.0]  # the mean only: monotone
    assert metrics["articles"] == 40 and metrics["positive"] == 20
    assert metrics["brier"] < metrics["brier_base_rate"]
    assert article_probability(knots, probs[-1]) > 0.5 > article_probability(knots, probs[0])
