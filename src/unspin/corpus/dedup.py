"""Near-duplicate detection: MinHash signatures (datasketch's, computed with numpy) over word 3-grams,
banded for LSH.

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

import numpy as np

NUM_PERM = 100
BANDS, ROWS = 20, 5
THRESHOLD = 0.7
SHINGLE = 3
_WORD = re.compile(r"\w+")


def signature(text: str) -> np.ndarray:
    """The MinHash signature of the text's lower-cased word 3-grams (its words, if it has fewer).

    Bit for bit datasketch's ``MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32)`` (its
    "affine32" scheme; a test holds the two equal), computed here in a few numpy operations: building
    a datasketch MinHash per text cost more than hashing it, and importing datasketch pulls in SciPy
    (about a second on every ``unspin add``). CRC-32 (in C) hashes each shingle: 40 % less time than
    datasketch's default SHA-1, and 32 bits is what that keeps of SHA-1 anyway."""
    words = _WORD.findall(text.lower())
    # Repeated shingles are hashed again rather than set aside: a minimum does not change.
    shingles = zip(*(words[i:] for i in range(SHINGLE)), strict=False) if len(words) > SHINGLE else [words]
    hashed = _fmix32(np.fromiter(map(zlib.crc32, map(str.encode, map(" ".join, shingles))), np.uint32))
    a, b = _permutations()
    # One (NUM_PERM, shingles) array, added to in place (uint32: wrapping around is the modulo 2**32); a
    # second temporary of that size costs more than the arithmetic (fresh pages for every large array).
    permuted = np.multiply.outer(a, hashed)
    np.add(permuted, b[:, np.newaxis], out=permuted)
    return np.asarray(permuted.min(axis=1), dtype=np.uint64)


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The ``NUM_PERM`` affine permutations ``h -> a*h + b (mod 2**32)``, ``a`` odd, drawn as datasketch
    draws them for seed 1 (always the same, so signatures compare across runs and stores)."""
    generator = np.random.RandomState(1)
    a = generator.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch applies to every input hash before permuting."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def band_keys(values: np.ndarray) -> list[int]:
    """One signed 64-bit key per band (the band's number is hashed in, so bands never collide)."""
    keys = []
    raw, width = values.tobytes(), ROWS * values.itemsize
    for band in range(BANDS):
        chunk = raw[band * width : (band + 1) * width]
        digest = hashlib.blake2b(bytes([band]) + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similarity(a: np.ndarray, b: bytes) -> float:
    """Estimated Jaccard similarity of a signature and a stored one."""
    other = np.frombuffer(b, dtype=np.uint64)
    if other.shape != a.shape:
        return 0.0
    return float(np.count_nonzero(a == other)) / len(a)
