"""Near-duplicate signatures: the same text always gets the same signature, in any run."""

from __future__ import annotations

import re
import zlib

import numpy as np
import pytest
from datasketch import MinHash

from unspin.corpus import dedup

TEXT = (
    "The council voted on Tuesday to close the old bridge which has carried traffic across the river "
    "for ninety years and engineers said the steel was worn"
)


@pytest.mark.parametrize(
    "text",
    [TEXT, "Two words", "", "Zürich’s café reopened — 42 tables, naïve décor; ÉTÉ 2024!", TEXT.upper() * 3],
)
def test_signatures_equal_datasketchs_minhash(text: str) -> None:
    """Our numpy MinHash is datasketch's, bit for bit (stores keep signatures across runs)."""
    words = re.findall(r"\w+", text.lower())
    shingles = {" ".join(words[i : i + dedup.SHINGLE]) for i in range(max(1, len(words) - dedup.SHINGLE + 1))}
    fresh = MinHash(num_perm=dedup.NUM_PERM, seed=1, hashfunc=zlib.crc32, scheme="affine32")
    fresh.update_batch([s.encode("utf-8") for s in shingles])
    assert np.array_equal(dedup.signature(text), np.asarray(fresh.hashvalues, dtype=np.uint64))
    assert np.array_equal(dedup.signature(text), dedup.signature(text))
