"""The ``claims`` analyzer: features, model files, scores, the layer and its join with attribution.

Tests that need the shipped model skip when it is not installed; the feature, model-file and join tests
build their own small model from sentences written for these tests (scikit-learn fits it).
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from unspin import Article, Pipeline
from unspin.analyzers.claims import Claims, sourcing, strongest_attribution
from unspin.analyzers.claims.features import ClaimNgrams, doc_bags, sentence_bags, syntax_features
from unspin.analyzers.claims.model import (
    FOLDER,
    ClaimModel,
    check_mode,
    embed,
    load_model,
    mode_files,
    parse_texts,
)
from unspin.article import Annotation
from unspin.errors import ModelNotInstalledError, UnspinError
from unspin.nlp.parse import parse

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = (ROOT / "examples" / "valdoria-report.txt").read_text(encoding="utf-8")
SOURCE_TYPES = ("named_person", "named_organisation", "media", "document", "anonymous", "vague")
SHIPPED = Claims().available().ok
needs_model = pytest.mark.skipif(not SHIPPED, reason="the claims model is not installed in this checkout")

# Sentences written for these tests: statements of checkable fact, and talk that states none.
FACTS = [
    "Unemployment in Marrow County rose to 8.4 percent in January.",
    "The bridge over the Tarn cost 120 million euros to build.",
    "Police seized 450 kilograms of explosives in Brenholt on Monday.",
    "Exports to Kestria fell by 17 percent in 2025.",
    "The company laid off 2,300 workers last year.",
    "Tax revenue reached 48 billion crowns in 2024, up from 41 billion.",
    "Only one in four households in Dalby has clean water.",
    "The treaty of 1998 limits each side to 300 tanks.",
    "Rents in Port Sarel have risen by 35 percent since 2022.",
    "The senator voted against the budget four times in 2023.",
]
TALK = [
    "Thank you all for coming tonight.",
    "I think we can do better than this.",
    "What kind of country do we want?",
    "We must stand together and never give up.",
    "I will fight for every family in this state.",
    "Let me be very clear about where I stand.",
    "Our future is bright if we believe in ourselves.",
    "Good evening, and welcome to the debate.",
    "Shame on them.",
    "Honestly, I find his plan confusing.",
]

ARTICLE = (
    "Flooding in Dalby\n\n"
    "The regional governor said the flood destroyed 800 homes in Dalby on Tuesday. "
    "It is estimated that 4,000 residents have left the valley. "
    "Unemployment in the province has doubled since 2020. "
    "We must stand together. "
    "What will tomorrow bring?\n"
)


# --- features --------------------------------------------------------------------------------------------


def test_syntax_features_see_numbers_tense_and_entities() -> None:
    doc = next(iter(parse_texts(["Police arrested 45 people in Lurin on Monday."])))
    feats = syntax_features(doc, doc.ents)
    assert feats["t=CD"] == 1 and feats["t=VBD"] == 1
    assert feats["e=CARDINAL"] == 1 and feats["e=DATE"] == 1
    assert feats["ne=3"] == 1  # 45, Lurin, Monday
    assert feats["len=1"] == 1  # 9 words, in buckets of 5
    assert not any(k.startswith("t=_SP") for k in feats)


def test_space_tokens_are_left_out() -> None:
    doc = next(iter(parse_texts(["Prices  rose.\n"])))
    assert any(t.is_space for t in doc)
    feats = syntax_features(doc, doc.ents)
    assert sum(v for k, v in feats.items() if k.startswith("t=")) == 3  # Prices rose .


def test_bags_of_an_article_sentence_match_a_stand_alone_parse() -> None:
    """Inside an article the analyzer reads the shared parse; words and characters are identical and
    the syntax nearly so, which is what training on stand-alone sentences relies on."""
    sentence = "Police arrested 45 people in Lurin on Monday."
    article = Article(f"A quiet week.\n{sentence}\nNothing else happened.")
    doc = parse(article)
    start = article.text.index(sentence)
    span = doc.char_span(start, start + len(sentence), alignment_mode="expand")
    inside = sentence_bags(sentence, span, span.ents)
    alone = doc_bags(next(iter(parse_texts([sentence]))))
    assert inside[0] == alone[0] and inside[1] == alone[1]
    shared = sum((inside[2] & alone[2]).values()) / sum(alone[2].values())
    assert shared > 0.9


def _tiny_model(tmp_path: Path) -> ClaimModel:
    """A real (if small) model folder trained on the sentences above, with an identity calibration."""
    pytest.importorskip("sklearn")
    from unspin.train.claims import ClaimSettings, fit_ngrams

    bags = [doc_bags(d) for d in parse_texts(FACTS + TALK)]
    y = np.asarray([1] * len(FACTS) + [0] * len(TALK))
    ngrams = fit_ngrams(bags, y, ClaimSettings(data=tmp_path, out=tmp_path, min_df=1, c_ngrams=10.0))
    folder = tmp_path / "model"
    folder.mkdir()
    np.savez_compressed(folder / "ngrams.npz", **ngrams.to_arrays(), head_w=np.zeros(4), head_b=np.zeros(1))
    identity = {"x": [0.0, 1.0], "y": [0.0, 1.0]}
    modes = {m: {"encoder_weight": 0.0, "calibration": identity, "threshold": 0.5} for m in ("fast", "full")}
    (folder / "model.json").write_text(json.dumps({"version": "test", "modes": modes}), encoding="utf-8")
    return load_model(str(folder))


def test_ngram_model_round_trips_through_its_arrays(tmp_path: Path) -> None:
    model = _tiny_model(tmp_path)
    arrays = model.ngrams.to_arrays()
    again = ClaimNgrams.from_arrays(arrays)
    bags = [doc_bags(d) for d in parse_texts(["Prices rose by 9 percent in May.", "Thank you."])]
    assert np.allclose(model.ngrams.predict_proba(bags), again.predict_proba(bags), atol=1e-6)


def test_tiny_model_separates_its_training_sentences(tmp_path: Path) -> None:
    model = _tiny_model(tmp_path)
    docs = list(parse_texts(FACTS + TALK))
    scores = model.score_docs(docs, "fast")
    assert scores.shape == (len(docs),)
    assert np.all((scores >= 0) & (scores <= 1))
    assert scores[: len(FACTS)].min() > scores[len(FACTS) :].max()


def test_unknown_words_still_get_a_probability(tmp_path: Path) -> None:
    model = _tiny_model(tmp_path)
    bags = [(Counter(), Counter(), Counter())]
    p = model.ngrams.predict_proba(bags)
    assert p.shape == (1,) and 0.0 < p[0] < 1.0
    assert model.scores([], [], "fast").shape == (0,)


def test_analyzer_with_a_model_folder_writes_claims_over_sentences(tmp_path: Path) -> None:
    model = _tiny_model(tmp_path)
    article = Pipeline(only=["claims"], config={"claims": {"model": str(model.path)}})(Article(ARTICLE))
    claims = article.layer("claims")
    sentences = article.layer("sentences")
    summary = article.summary["claims"]
    assert len(summary["sentence_scores"]) == len(sentences)
    assert claims, "the article states several numbers; the tiny model should flag one"
    texts = [c.text for c in claims]
    assert "We must stand together." not in texts and "What will tomorrow bring?" not in texts
    for c in claims:
        assert article.text[c.start : c.end] == c.text and c.label == "claim"
        assert c.score is not None and c.score >= 0.5
        assert sentences[c.attrs["sentence"]].start == c.start
        assert c.attrs["attribution"] in {"none", *SOURCE_TYPES}
    assert summary["count"] == len(claims)
    assert summary["share_of_sentences"] == round(len(claims) / len(sentences), 4)


def test_missing_and_unreadable_model_folders(tmp_path: Path) -> None:
    assert FOLDER.missing(tmp_path, mode_files("fast")) == ["model.json", "ngrams.npz"]
    assert FOLDER.missing(tmp_path, mode_files("full"))[-2:] == ["encoder.onnx", "tokenizer.json"]
    status = Claims(model=tmp_path).available()
    assert not status.ok and "model.json" in status.detail
    with pytest.raises(ModelNotInstalledError):
        load_model(str(tmp_path))
    (tmp_path / "model.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "ngrams.npz").write_bytes(b"not a zip")
    with pytest.raises(ModelNotInstalledError, match="unreadable"):
        load_model(str(tmp_path))
    with pytest.raises(UnspinError, match="unknown claims mode"):
        check_mode("quick")
    with pytest.raises(UnspinError):
        Claims(model=tmp_path, mode="quick")


def test_model_path_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("UNSPIN_CLAIMS_MODEL", str(tmp_path))
    assert FOLDER.default_path() == tmp_path
    monkeypatch.delenv("UNSPIN_CLAIMS_MODEL")
    assert FOLDER.default_path().parts[-2:] == ("models", "claims")


# --- the join with attribution ---------------------------------------------------------------------------


def _attr(article: Article, text: str, label: str, sentence: int) -> Annotation:
    start = article.text.index(text)
    return article.span(start, start + len(text), label, attrs={"sentence": sentence})


def test_strongest_attribution_prefers_accountable_sources() -> None:
    article = Article("Reportedly, the ministry said 40 died. Sources say 12 fled.")
    anns = [
        _attr(article, "Reportedly", "vague", 0),
        _attr(article, "the ministry", "named_organisation", 0),
        _attr(article, "Sources", "anonymous", 1),
        article.span(0, 1, "vague", attrs={}),  # no sentence index: ignored
    ]
    best = strongest_attribution(anns)
    assert set(best) == {0, 1}
    assert best[0].label == "named_organisation" and best[1].label == "anonymous"


def test_sourcing_flags() -> None:
    article = Article("The ministry said so. Officials said so. It is said so.")
    assert sourcing(None) == {"attribution": "none", "source": None, "flag": "unsourced"}
    named = sourcing(_attr(article, "The ministry", "named_organisation", 0))
    assert named == {"attribution": "named_organisation", "source": "The ministry", "flag": None}
    assert sourcing(_attr(article, "Officials", "anonymous", 1))["flag"] == "vague"
    assert sourcing(_attr(article, "is said", "vague", 2)) == {
        "attribution": "vague",
        "source": "is said",
        "flag": "vague",
    }


# --- with the shipped model ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def analysed() -> Article:
    return Pipeline(only=["claims"])(Article(EXAMPLE, published="2026-03-14"))


@needs_model
def test_shipped_model_files_and_settings() -> None:
    model = Claims().model
    assert FOLDER.missing(model.path, mode_files("full")) == []
    assert (model.path / "MODEL_CARD.md").is_file()
    assert sum(p.stat().st_size for p in model.path.iterdir()) <= 30_000_000
    for mode in ("fast", "full"):
        assert 0.0 < model.threshold(mode) < 1.0
        knots = model.settings(mode)["calibration"]
        assert knots["x"] == sorted(knots["x"]) and knots["y"] == sorted(knots["y"])
    cv = model.meta["metrics"]["cv"]
    assert cv["full"]["f1"] > cv["baseline"]["f1"] and cv["fast"]["roc_auc"] > cv["baseline"]["roc_auc"]


@needs_model
@pytest.mark.parametrize("mode", ["fast", "full"])
def test_shipped_model_ranks_facts_above_talk(mode: str) -> None:
    model = Claims().model
    scores = model.score_docs(list(parse_texts(FACTS + TALK)), mode)
    facts, talk = scores[: len(FACTS)], scores[len(FACTS) :]
    assert np.all((scores >= 0) & (scores <= 1))
    assert np.median(facts) > np.median(talk) + 0.3
    assert (facts >= model.threshold(mode)).mean() >= 0.8
    assert (talk < model.threshold(mode)).mean() >= 0.8


@needs_model
def test_full_mode_uses_the_encoder() -> None:
    model = Claims().model
    texts = ["Exports fell by 17 percent in 2025.", "Thank you all for coming."]
    emb = model.embed(texts)
    assert emb.shape == (2, 384) and np.allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-4)
    tokenizer, encoder = model._encoder
    again = embed(tokenizer, encoder, list(reversed(texts)), batch_size=1)
    assert np.allclose(emb, again[::-1], atol=1e-5)  # batching and order do not change a sentence
    enc = model.encoder_proba(texts)
    assert enc[0] > enc[1]


@needs_model
def test_layer_on_the_example_article(analysed: Article) -> None:
    claims = analysed.layer("claims")
    summary = analysed.summary["claims"]
    sentences = analysed.layer("sentences")
    assert claims and summary["count"] == len(claims)
    assert len(summary["sentence_scores"]) == len(sentences)
    threshold = summary["threshold"]
    flagged = {i for i, s in enumerate(summary["sentence_scores"]) if s >= threshold}
    assert {c.attrs["sentence"] for c in claims} == flagged
    by_text = {c.text: c for c in claims}
    damage = next(t for t in by_text if t.startswith("Damage to the harbour"))
    assert by_text[damage].attrs == {
        "sentence": by_text[damage].attrs["sentence"],
        "attribution": "vague",
        "source": "is estimated",
        "flag": "vague",
    }
    ministry = next(t for t in by_text if t.startswith("PORT SAREL"))
    assert by_text[ministry].attrs["attribution"] == "named_organisation"
    assert by_text[ministry].attrs["flag"] is None
    n = len(claims)
    assert summary["unsourced_share"] == round(sum(c.attrs["flag"] == "unsourced" for c in claims) / n, 4)
    assert summary["vague_share"] == round(sum(c.attrs["flag"] == "vague" for c in claims) / n, 4)
    assert summary["mode"] == "fast"


@needs_model
def test_scores_are_deterministic_and_cached(analysed: Article) -> None:
    again = Pipeline(only=["claims"])(Article(EXAMPLE, published="2026-03-14"))
    assert again.summary["claims"]["sentence_scores"] == analysed.summary["claims"]["sentence_scores"]
    assert [c.to_dict() for c in again.layer("claims")] == [c.to_dict() for c in analysed.layer("claims")]


@needs_model
def test_full_mode_in_the_pipeline() -> None:
    article = Pipeline(only=["claims"], config={"claims": {"mode": "full"}})(Article(ARTICLE))
    assert article.summary["claims"]["mode"] == "full"
    texts = [c.text for c in article.layer("claims")]
    assert any("800 homes" in t for t in texts)
    assert "We must stand together." not in texts


@needs_model
def test_full_mode_needs_the_encoder_files(tmp_path: Path) -> None:
    folder = tmp_path / "fast-only"
    shutil.copytree(Claims().model.path, folder, ignore=shutil.ignore_patterns("encoder.onnx"))
    assert Claims(model=folder).available().ok
    status = Claims(model=folder, mode="full").available()
    assert not status.ok and "encoder.onnx" in status.detail


def test_empty_article_has_no_claims(tmp_path: Path) -> None:
    model = _tiny_model(tmp_path)
    article = Pipeline(only=["claims"], config={"claims": {"model": str(model.path)}})(Article("   \n"))
    assert article.layer("claims") == []
    assert article.summary["claims"]["sentence_scores"] == []
    assert article.summary["claims"]["share_of_sentences"] == 0.0
