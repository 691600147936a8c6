"""Fine-tune a small encoder for both technique tasks at once (needs the ``train`` extra: torch).

One encoder reads an article in windows of word pieces. Two light heads sit on it:

* a token head tags every piece outside / beginning / inside a propaganda span (span identification);
* a span head classifies a given span from the mean, first and last piece vectors (technique
  classification).

Training shares the encoder between the tasks, so one forward pass over an article serves both, and
the shipped model is one encoder file plus a few kilobytes of head weights.
"""

from __future__ import annotations

import math
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from unspin.ml import Pieces, batch, windows
from unspin.train.data import GoldArticle
from unspin.train.onnx_graph import simplify_file


@dataclass
class NeuralConfig:
    encoder: str = ""  # path or model name of the base encoder
    window: int = 256
    epochs: int = 4
    batch_size: int = 16
    lr_encoder: float = 8e-5
    lr_heads: float = 1e-3
    weight_decay: float = 0.01
    warmup: float = 0.06
    span_weight: float = 1.0
    outside_weight: float = 1.0
    dropout: float = 0.1
    seed: int = 13
    threads: int = 2
    # Rare techniques weigh more in the span loss: weight ∝ count ** -class_balance (0: plain loss).
    class_balance: float = 0.0


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        from unspin.errors import UnspinError

        raise UnspinError(
            "training needs PyTorch: pip install 'unspin[train]' (torch==2.13.0, CPU build)"
        ) from exc
    return torch


def build_model(config: NeuralConfig, n_techniques: int) -> Any:
    torch = _torch()
    from transformers import AutoModel

    class TechniqueNet(torch.nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = AutoModel.from_pretrained(config.encoder)
            hidden = self.encoder.config.hidden_size
            self.dropout = torch.nn.Dropout(config.dropout)
            self.token_head = torch.nn.Linear(hidden, 3)
            self.span_head = torch.nn.Linear(3 * hidden, n_techniques)

        def forward(self, ids: Any, mask: Any) -> Any:
            return self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state

    return TechniqueNet()


def span_features(hidden: Any, rows: Any, starts: Any, ends: Any) -> Any:
    """Mean, first and last piece vectors of each span ``[start, end)`` of window ``row``."""
    torch = _torch()
    feats = []
    for r, s, e in zip(rows.tolist(), starts.tolist(), ends.tolist(), strict=True):
        h = hidden[r, s:e]
        feats.append(torch.cat([h.mean(0), h[0], h[-1]]))
    return torch.stack(feats)


def _training_windows(
    gold: list[GoldArticle], size: int, rng: np.random.Generator
) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for a, g in enumerate(gold):
        assert g.pieces is not None
        shift = int(rng.integers(0, size))
        out.extend((a, lo, hi) for lo, hi in windows(len(g.pieces), size, size, shift))
    return out


class TrainingInterrupted(Exception):
    """Raised by :func:`train` when asked to stop early (``stop_after``): a kill simulated in tests."""


def _save_atomically(state: dict[str, Any], path: Path) -> None:
    """``torch.save`` to a temporary file, then rename: a kill while writing leaves the old checkpoint."""
    torch = _torch()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    torch.save(state, tmp)
    os.replace(tmp, path)


def train(
    config: NeuralConfig,
    gold: list[GoldArticle],
    n_techniques: int,
    log: Callable[[str], None] = print,
    checkpoint: Path | None = None,
    every_seconds: float = 300.0,
    stop_after: int | None = None,
) -> Any:
    """Fine-tune on ``gold`` (already prepared) and return the model in eval mode.

    With ``checkpoint``, the whole training state (weights, optimizer, schedule, numpy and torch random
    states, the epoch's windows and their order, the position in it) is written there at most every
    ``every_seconds`` and at the end of each epoch; a later call with the same arguments continues from
    it, and ends with the same weights as a run never interrupted (same thread count assumed). A
    finished checkpoint returns its model at once. ``stop_after`` raises :class:`TrainingInterrupted`
    after that many steps in this call (tests simulate a kill with it).
    """
    torch = _torch()
    torch.manual_seed(config.seed)
    torch.set_num_threads(config.threads)
    rng = np.random.default_rng(config.seed)
    model = build_model(config, n_techniques)
    heads = [p for n, p in model.named_parameters() if not n.startswith("encoder.")]
    no_decay = ("bias", "LayerNorm.weight", "LayerNorm.bias")
    enc_decay = [p for n, p in model.encoder.named_parameters() if not any(k in n for k in no_decay)]
    enc_plain = [p for n, p in model.encoder.named_parameters() if any(k in n for k in no_decay)]
    optimizer = torch.optim.AdamW(
        [
            {"params": enc_decay, "lr": config.lr_encoder, "weight_decay": config.weight_decay},
            {"params": enc_plain, "lr": config.lr_encoder, "weight_decay": 0.0},
            {"params": heads, "lr": config.lr_heads, "weight_decay": 0.0},
        ]
    )
    steps_per_epoch = math.ceil(len(_training_windows(gold, config.window, rng)) / config.batch_size)
    total = steps_per_epoch * config.epochs
    warm = max(1, int(config.warmup * total))

    def schedule(step: int) -> float:
        return step / warm if step < warm else max(0.0, (total - step) / max(1, total - warm))

    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, schedule)
    token_loss = torch.nn.CrossEntropyLoss(
        weight=torch.tensor([config.outside_weight, 1.0, 1.0]), ignore_index=-100
    )
    span_loss = torch.nn.CrossEntropyLoss(weight=_class_weights(config, gold, n_techniques))
    step, epoch, position = 0, 0, 0
    wins: list[tuple[int, int, int]] | None = None
    order: np.ndarray | None = None
    if checkpoint is not None and checkpoint.is_file():
        state = torch.load(checkpoint, weights_only=False)
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        scheduler.load_state_dict(state["scheduler"])
        rng.bit_generator.state = state["numpy_rng"]
        torch.set_rng_state(state["torch_rng"])
        step, epoch, position = state["step"], state["epoch"], state["position"]
        wins, order = state["windows"], state["order"]
        log(f"resuming from {checkpoint}: epoch {epoch + 1}/{config.epochs}, step {step}/{total}")

    def save() -> None:
        assert checkpoint is not None
        _save_atomically(
            {
                "model": model.state_dict(),
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "numpy_rng": rng.bit_generator.state,
                "torch_rng": torch.get_rng_state(),
                "step": step,
                "epoch": epoch,
                "position": position,
                "windows": wins,
                "order": order,
                "total": total,
            },
            checkpoint,
        )
        log(f"checkpoint: epoch {min(epoch + 1, config.epochs)}/{config.epochs}, step {step}/{total}")

    started = last_save = time.monotonic()
    steps_here = 0
    totals = np.zeros(2)
    while epoch < config.epochs:
        if wins is None or order is None:
            wins = _training_windows(gold, config.window, rng)
            order = rng.permutation(len(wins))
            position = 0
        model.train()
        while position < len(order):
            chosen = [wins[i] for i in order[position : position + config.batch_size]]
            ids, mask, labels, spans = _collate(gold, chosen, config.window)
            hidden = model(torch.from_numpy(ids), torch.from_numpy(mask))
            hidden = model.dropout(hidden)
            loss_t = token_loss(model.token_head(hidden).reshape(-1, 3), torch.from_numpy(labels).reshape(-1))
            loss = loss_t
            if len(spans):
                sp = torch.from_numpy(spans)
                logits = model.span_head(span_features(hidden, sp[:, 0], sp[:, 1], sp[:, 2]))
                loss_s = span_loss(logits, sp[:, 3])
                loss = loss + config.span_weight * loss_s
                totals[1] += float(loss_s.detach())
            totals[0] += float(loss_t.detach())
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            steps_here += 1
            position += config.batch_size
            if step % 50 == 0:
                log(
                    f"epoch {epoch + 1} step {step}/{total} token loss {totals[0] / 50:.4f} "
                    f"span loss {totals[1] / 50:.4f} ({time.monotonic() - started:.0f}s)"
                )
                totals[:] = 0
            if position >= len(order):
                epoch, wins, order = epoch + 1, None, None
                if checkpoint is not None:
                    save()
                    last_save = time.monotonic()
                break
            if checkpoint is not None and time.monotonic() - last_save >= every_seconds:
                save()
                last_save = time.monotonic()
            if stop_after is not None and steps_here >= stop_after:
                raise TrainingInterrupted(f"stopped after {steps_here} steps (step {step}/{total})")
        else:  # an epoch with no windows left (resumed exactly at its end)
            epoch, wins, order = epoch + 1, None, None
    model.eval()
    return model


def _class_weights(config: NeuralConfig, gold: list[GoldArticle], n_techniques: int) -> Any:
    """Technique loss weights: (count / mean count) ** -power, so rare techniques weigh more; None for
    power 0 (plain cross-entropy)."""
    if config.class_balance <= 0:
        return None
    torch = _torch()
    counts = np.ones(n_techniques)
    for g in gold:
        for _, _, t in g.tc_pieces:
            counts[t] += 1
    weights = (counts / counts.mean()) ** -config.class_balance
    return torch.tensor(weights / weights.mean(), dtype=torch.float32)


def _collate(
    gold: list[GoldArticle], chosen: list[tuple[int, int, int]], size: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    ids = np.zeros((len(chosen), size + 2), dtype=np.int64)
    mask = np.zeros_like(ids)
    labels = np.full_like(ids, -100)
    spans: list[tuple[int, int, int, int]] = []
    for row, (a, lo, hi) in enumerate(chosen):
        g = gold[a]
        assert g.pieces is not None and g.bio is not None
        w_ids, w_mask = batch(g.pieces, [(lo, hi)], size)
        ids[row, : w_ids.shape[1]] = w_ids[0]
        mask[row, : w_mask.shape[1]] = w_mask[0]
        labels[row, 1 : hi - lo + 1] = g.bio[lo:hi]
        spans.extend((row, i - lo + 1, j - lo + 1, t) for i, j, t in g.tc_pieces if lo <= i and j <= hi)
    width = int(mask.sum(axis=1).max())
    span_arr = np.asarray(spans, dtype=np.int64).reshape(-1, 4)
    return ids[:, :width], mask[:, :width], labels[:, :width], span_arr


def config_dict(config: NeuralConfig) -> dict[str, Any]:
    return asdict(config)


def export_onnx(model: Any, path: Path) -> None:
    """Write the encoder (ids, mask → hidden states) as ONNX, simplified (:mod:`unspin.train.onnx_graph`);
    heads go to numpy separately."""
    torch = _torch()

    class EncoderOnly(torch.nn.Module):  # type: ignore[name-defined]
        def __init__(self) -> None:
            super().__init__()
            self.encoder = model.encoder

        def forward(self, ids: Any, mask: Any) -> Any:
            return self.encoder(input_ids=ids, attention_mask=mask).last_hidden_state

    dummy = (torch.ones(2, 16, dtype=torch.int64), torch.ones(2, 16, dtype=torch.int64))
    torch.onnx.export(
        EncoderOnly().eval(),
        dummy,
        str(path),
        input_names=["input_ids", "attention_mask"],
        output_names=["hidden"],
        dynamic_axes={
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "hidden": {0: "batch", 1: "seq"},
        },
        opset_version=17,
        dynamo=False,
    )
    simplify_file(path)


def head_weights(model: Any) -> dict[str, np.ndarray]:
    return {
        "token_w": model.token_head.weight.detach().numpy().T.copy(),
        "token_b": model.token_head.bias.detach().numpy().copy(),
        "span_w": model.span_head.weight.detach().numpy().T.copy(),
        "span_b": model.span_head.bias.detach().numpy().copy(),
    }


def torch_encoder(model: Any) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
    """Hidden states from the fine-tuned model in torch, for evaluation before export."""
    torch = _torch()

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        with torch.inference_mode():
            return np.asarray(model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy())

    return run


__all__ = [
    "NeuralConfig",
    "Pieces",
    "TrainingInterrupted",
    "export_onnx",
    "head_weights",
    "torch_encoder",
    "train",
]
