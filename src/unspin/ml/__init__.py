"""Model plumbing every learned analyzer shares: model folders, ONNX Runtime sessions, word-piece
encoding, TF-IDF blocks and calibration maps. Inference needs numpy, onnxruntime and ``tokenizers``
only; the fitting helpers import scikit-learn when called (the ``train`` extra).
"""

from __future__ import annotations

from unspin.ml.calibration import (
    Knots,
    calibrate,
    expected_calibration_error,
    isotonic_knots,
    roc_auc,
)
from unspin.ml.encoders import base_tokenizer_file, default_encoder
from unspin.ml.folder import META, ModelFolder
from unspin.ml.onnx import default_threads, onnx_encoder, onnx_session
from unspin.ml.tfidf import (
    TfidfBlock,
    ordered_terms,
    pack_terms,
    sparse_rows,
    unpack_terms,
    word_char_ngrams,
)
from unspin.ml.wordpiece import (
    CLS_ID,
    PAD_ID,
    SEP_ID,
    Pieces,
    batch,
    encode,
    load_tokenizer,
    piece_range,
    windows,
)

__all__ = [
    "CLS_ID",
    "META",
    "PAD_ID",
    "SEP_ID",
    "Knots",
    "ModelFolder",
    "Pieces",
    "TfidfBlock",
    "base_tokenizer_file",
    "batch",
    "calibrate",
    "default_encoder",
    "default_threads",
    "encode",
    "expected_calibration_error",
    "isotonic_knots",
    "load_tokenizer",
    "onnx_encoder",
    "onnx_session",
    "ordered_terms",
    "pack_terms",
    "piece_range",
    "roc_auc",
    "sparse_rows",
    "unpack_terms",
    "windows",
    "word_char_ngrams",
]
