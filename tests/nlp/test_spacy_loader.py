"""spaCy loads without torch, and torch stays importable afterwards (each case in a fresh interpreter)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

HAS_TORCH = importlib.util.find_spec("torch") is not None


def _run(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_spacy_loads_without_torch_and_tokenizes() -> None:
    out = _run(
        "import sys\n"
        "from unspin.nlp.spacy_loader import import_spacy\n"
        "spacy = import_spacy()\n"
        "print('torch' in sys.modules, [t.text for t in spacy.blank('en')('Hi, there.')])\n"
        "print(import_spacy() is spacy)\n"
    )
    assert out.splitlines() == ["False ['Hi', ',', 'there', '.']", "True"]


@pytest.mark.skipif(not HAS_TORCH, reason="torch is not installed (the train extra)")
def test_torch_imports_afterwards_and_is_kept_when_already_there() -> None:
    after = _run(
        "from unspin.nlp.spacy_loader import import_spacy\n"
        "import_spacy()\n"
        "import torch\n"
        "print(torch.zeros(2).sum().item())\n"
    )
    assert after.strip() == "0.0"
    before = _run(
        "import torch, thinc.compat\n"
        "from unspin.nlp.spacy_loader import import_spacy\n"
        "import_spacy()\n"
        "print(thinc.compat.has_torch)\n"
    )
    assert before.strip() == "True"
