"""ONNX Runtime sessions, one place for their thread settings.

Worker processes set ``UNSPIN_THREADS`` to their share of the cores; a single process uses up to four.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np


def default_threads() -> int:
    """Intra-op threads of a session: ``$UNSPIN_THREADS``, else the cores (at most 4)."""
    return int(os.environ.get("UNSPIN_THREADS", min(4, os.cpu_count() or 1)))


def onnx_session(path: Path, threads: int | None = None) -> Any:
    """An onnxruntime CPU session for the model at ``path`` on ``threads`` intra-op threads."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = default_threads() if threads is None else threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])


def onnx_encoder(path: Path, threads: int | None = None, *, lazy: bool = False) -> Any:
    """An encoder callable ``(input_ids, attention_mask) -> hidden states`` over an onnxruntime session.

    An encoder exported without the mask input (:func:`unspin.train.onnx_graph.drop_attention_mask`)
    reads unpadded windows only; given a padded batch it raises ``ValueError``. ``lazy``: the session
    (and its threads) start at the first call, in the process that makes it.
    """
    state: list[tuple[Any, bool]] = []  # the session and whether it takes a mask, once started

    def start() -> tuple[Any, bool]:
        session = onnx_session(path, threads)
        state.append((session, any(value.name == "attention_mask" for value in session.get_inputs())))
        return state[0]

    if not lazy:
        start()

    def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        session, takes_mask = state[0] if state else start()
        if takes_mask:
            feeds = {"input_ids": ids, "attention_mask": mask}
        elif mask.all():
            feeds = {"input_ids": ids}
        else:
            raise ValueError(f"{path.name} has no attention mask: it reads unpadded windows, one a call")
        return np.asarray(session.run(["hidden"], feeds)[0])

    return run
