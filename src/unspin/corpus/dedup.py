"""Near-duplicate detection: MinHash signatures (datasketch) over word 3-grams, banded for LSH.

Syndicated copies and light rewrites share most word 3-grams. A signature of ``NUM_PERM`` hash
minima estimates the Jaccard similarity of two texts' 3-gram sets; cutting it into ``BANDS`` bands of
``ROWS`` rows makes two texts candidates when any band is identical (probability 0.975 at Jaccard 0.7,
0.47 at 0.5), and a candidate is a near-duplicate when the estimated Jaccard is at least ``THRESHOLD``.
The band keys live in the store (``minhash_bands``), so matches are found across separate runs.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import cache
from typing import Any

import numpy as np

NUM_PERM = 100
BANDS, ROWS = 20, 5
THRESHOLD = 0.7
SHINGLE = 3
_WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    """The MinHash signature of the text's lower-cased word 3-grams (its words, if it has fewer)."""
    from datasketch import MinHash

    words = _WORD.findall(text.lower())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    # CRC-32 (in C) instead of datasketch's default SHA-1 per shingle: 40 % less time per signature, and
    # 32 bits is what the default keeps of SHA-1 anyway. The permutations (seeded, so always the same)
    # are drawn once: drawing them per text cost as much as hashing a whole article.
    template = _template()
    minhash = MinHash(
        num_perm=NUM_PERM,
        seed=1,
        hashfunc=zlib.crc32,
        permutations=template.permutations,
        scheme=template.scheme,
    )
    minhash.update_batch([s.encode("utf-8") for s in shingles])
    return np.asarray(minhash.hashvalues, dtype=np.uint64)


@cache
def _template() -> Any:
    """An empty MinHash of our parameters: its permutations and scheme are every signature's."""
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (the band's number is hashed in, so bands never collide)."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: np.ndarray, b: bytes) -> float:
    """Estimated Jaccard similarity of a signature and a stored one."""
    other = np.frombuffer(b, dtype=np.uint64)
    if other.shape != a.shape:
        return 0.0
    return float(np.count_nonzero(a == other)) / len(a)
