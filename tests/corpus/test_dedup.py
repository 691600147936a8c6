"""Near-duplicate signatures: the same text always gets the same signature, in any run."""

from __future__ import annotations

import zlib

import numpy as np
from datasketch import MinHash

from unspin.corpus import dedup

TEXT = (
    "The council voted on Tuesday to close the old bridge which has carried traffic across the river "
    "for ninety years and engineers said the steel was worn"
)


def test_signatures_drawn_with_the_shared_permutations_equal_a_fresh_minhash() -> None:
    """Drawing the permutations once changes no signature (stores keep signatures across runs)."""
    words = TEXT.lower().split()
    shingles = {" ".join(words[i : i + dedup.SHINGLE]) for i in range(len(words) - dedup.SHINGLE + 1)}
    fresh = MinHash(num_perm=dedup.NUM_PERM, seed=1, hashfunc=zlib.crc32)
    fresh.update_batch([s.encode("utf-8") for s in shingles])
    assert np.array_equal(dedup.signature(TEXT), np.asarray(fresh.hashvalues, dtype=np.uint64))
    assert np.array_equal(dedup.signature(TEXT), dedup.signature(TEXT))
