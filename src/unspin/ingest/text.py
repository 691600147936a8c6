"""Bytes to text, keeping every character exactly as received.

Annotation offsets are code-point indices into the decoded text, and gold labels (PTC) are computed against
the file as stored, so decoding must never normalise: a leading U+FEFF stays (plain ``utf-8``, never
``utf-8-sig``; likewise for UTF-16/32, whose byte-order mark decodes to a U+FEFF that we keep), CRLF stays,
nothing is replaced. Anything we cannot decode faithfully is refused with an :class:`InputError` rather than
decoded lossily.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from unspin.errors import InputError

# Signatures of binary formats people are likely to feed us by mistake, named in the error message.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"PK\x03\x04", "ZIP archive, e.g. DOCX or EPUB"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip"),
    (b"BZh91AY&SY", "bzip2"),
    (b"\xfd7zXZ\x00", "xz"),
    (b"(\xb5/\xfd", "zstd"),
    (b"7z\xbc\xaf'\x1c", "7-Zip archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "OLE document, e.g. DOC or XLS"),
    (b"{\\rtf", "RTF"),
    (b"SQLite format 3\x00", "SQLite database"),
)

# Byte-order marks, longest first: the UTF-32-LE mark starts with the UTF-16-LE one. Each codec is the
# explicit-endian one, which decodes the mark to U+FEFF instead of swallowing it.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Labels that mean windows-1252 on the web (WHATWG Encoding Standard): servers say "iso-8859-1" and send
# curly quotes in 0x80-0x9F, which latin-1 would turn into C1 control characters.
_WINDOWS_1252_ALIASES = frozenset({"latin_1", "iso8859_1", "ascii"})
# Not charsets, though Python's codec registry has them: they would rewrite the text while "decoding".
_NOT_CHARSETS = frozenset({"idna", "punycode", "raw_unicode_escape", "unicode_escape", "undefined", "utf_7"})
_UNICODE_WITHOUT_BOM = ("utf_16", "utf_32")

# --- detection (charset-normalizer) ---
_NOT_DETECTED = ("utf_8", "utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be", "utf_7")
_CHAOS_MAX = 0.2  # charset-normalizer's own cut-off: above this the guess is noise
_CHAOS_SLACK = 0.1  # candidates this close to the best one count as ties ...
_COHERENCE_SLACK = 0.1
_DETECT_SAMPLE = 200_000
# ... broken by how common the encoding is: a cp1252 text often scores the same as cp1250 or cp1257, and
# guessing the rarer one garbles every accented letter.
_PRIOR = (
    "cp1252", "cp1251", "cp932", "shift_jis", "gb18030", "big5", "cp949", "euc_kr", "euc_jp", "cp1250",
    "iso8859_15", "koi8_r", "cp1256", "cp1253", "cp1254", "cp1255", "cp1257", "iso8859_2", "koi8_u", "cp874",
)  # fmt: skip
# A non-ASCII character between two Latin, Greek or Cyrillic letters (scripts that separate words by
# spaces): typical of a wrong codepage. Apostrophes, soft hyphens and middle dots are normal there, and
# letters are filtered out by category afterwards.
_LETTER = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u052f"
_ODD_IN_WORD = re.compile(f"(?<=[{_LETTER}])([^\\x00-\\x7f\u2019\u02bc\u00ad\u00b7])(?=[{_LETTER}])")

# --- damaged UTF-8 ---
# Well-formed multi-byte UTF-8 sequences (RFC 3629). In a text that is UTF-8 but for a stray byte, almost
# every non-ASCII byte sits in one (at least 90% in each PTC dev article with a byte inserted); in real
# single-byte text almost none do (1% of a cp1251 Russian text, 2% in KOI8-R, 0% in cp1252 or
# iso8859-2), so half is a safe line between "damaged UTF-8" and "another encoding".
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_DAMAGED_UTF8_SHARE = 0.5

_ANY_MAGIC = tuple(magic for magic, _ in _MAGIC)

# --- binary check ---
# C0 and C1 control characters other than tab, the line breaks, form feed and escape (ANSI colours).
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")
_CONTROL_SAMPLE = 65_536
_CONTROL_RATIO = 0.02


def binary_kind(data: bytes) -> str | None:
    """Name the binary format ``data`` starts with, or None if it has no known signature."""
    if not data.startswith(_ANY_MAGIC):  # one C call for the usual case: no signature at all
        return None
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    return None


def normalize_charset(label: str | None) -> str | None:
    """The Python codec name for a declared charset, or None if Python does not know it."""
    if not label:
        return None
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    name = info.name.replace("-", "_")
    if name in _NOT_CHARSETS or not getattr(info, "_is_text_encoding", True):
        return None
    return "cp1252" if name in _WINDOWS_1252_ALIASES else name


def decode(data: bytes, *, declared: str | None = None, name: str = "input") -> str:
    """Decode ``data`` without changing a character, or raise :class:`InputError`.

    Order: a byte-order mark; strict UTF-8 (when it succeeds it is almost never wrong); the ``declared``
    charset (from HTTP or ``<meta charset>``); charset-normalizer's guess when it is confident.
    ``name`` (a path, a URL, "stdin") is used in error messages.
    """
    if not data:
        raise InputError(_empty(name))
    kind = binary_kind(data)
    if kind:
        raise InputError(f"{name} looks like binary data ({kind}), not text")
    codec = normalize_charset(declared)
    # A UTF-16/32 declaration without a BOM is believed only if there are NUL bytes: pages often declare
    # utf-16 in <meta> and are UTF-8, which would "decode" as UTF-16 into CJK gibberish.
    wide = codec is not None and codec.startswith(_UNICODE_WITHOUT_BOM)
    text = _decode_bom(data)
    if text is None and codec and wide and b"\x00" in data:
        text = _try(data, codec)
    if text is None:
        if b"\x00" in data:
            raise InputError(f"{name} looks like binary data (it contains NUL bytes), not text")
        text = _try(data, "utf-8")
    if text is None and codec and not wide:
        text = _try(data, codec)
    if text is None:
        _refuse_damaged_utf8(data, name)
        text = _detect(data)
    if text is None:
        raise InputError(
            f"cannot detect the text encoding of {name}: it is not UTF-8 and no other encoding fits; "
            "convert it to UTF-8"
        )
    if _looks_binary(text):
        raise InputError(f"{name} looks like binary data (many control characters), not text")
    if not text.replace("\ufeff", "").strip():
        raise InputError(_empty(name))
    return text


# A headline: one line of at most this many characters and words, with a letter, not ending a sentence.
HEADLINE_MAX_CHARS = 200
HEADLINE_MAX_WORDS = 30
_BLANK_LINE = re.compile(r"[ \t\ufeff]*\r?\n[ \t]*\r?\n")


def headline(text: str) -> str | None:
    """The title of a plain-text article: its first line, if that line is a short headline.

    The rule (README, "Inputs"): the first non-blank line is a title when it has at most
    HEADLINE_MAX_CHARS characters and HEADLINE_MAX_WORDS words, holds a letter, does not end with a
    full stop (or a comma, colon or semicolon: those run on), and is followed by a blank line. The text
    itself is not changed, so every offset still indexes it; None when the first line is body text.
    """
    body = text.lstrip("\ufeff \t\r\n")
    m = _BLANK_LINE.search(body)
    if m is None:
        return None
    line = body[: m.start()].strip()
    if not line or "\n" in line or len(line) > HEADLINE_MAX_CHARS or len(line.split()) > HEADLINE_MAX_WORDS:
        return None
    if line[-1] in ".,:;" or not any(ch.isalpha() for ch in line):
        return None
    return line


def _refuse_damaged_utf8(data: bytes, name: str) -> None:
    """Raise :class:`InputError` if ``data`` is UTF-8 except for a few bytes.

    Guessing another encoding for such a text (cp1251, typically) would turn every curly quote and
    accented letter into two wrong characters; refusing, with the first bad byte named, lets the user
    fix the file.
    """
    high = sum(1 for byte in data if byte >= 0x80)
    in_sequences = sum(len(m.group()) for m in _UTF8_SEQUENCE.finditer(data))
    if high and in_sequences >= _DAMAGED_UTF8_SHARE * high:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name} is UTF-8 except for invalid byte 0x{data[exc.start]:02x} at offset {exc.start:,}; "
                "fix or remove it (the text is not guessed as another encoding)"
            ) from None


def _empty(name: str) -> str:
    return "empty input" if name == "input" else f"empty input: {name}"


def _try(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_bom(data: bytes) -> str | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _try(data, codec)
    return None


def _detect(data: bytes) -> str | None:
    """charset-normalizer's guess, corrected when it cannot tell similar encodings apart.

    Among the near-equal candidates, prefer the one whose decoding has the fewest odd symbols inside words
    (Polish "zatwierdzi³a" read as cp1252 instead of cp1250), then the more common encoding.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(data, threshold=_CHAOS_MAX, cp_exclusion=list(_NOT_DETECTED))
    best = matches.best()
    if best is None or best.chaos > _CHAOS_MAX:
        return None
    candidates: dict[str, None] = {}  # ordered set, in the detector's order
    for match in matches:
        if match.chaos <= best.chaos + _CHAOS_SLACK and match.coherence >= best.coherence - _COHERENCE_SLACK:
            candidates.update(dict.fromkeys(match.could_be_from_charset or [match.encoding]))
    sample = data[:_DETECT_SAMPLE]

    def rank(codec: str) -> tuple[int, int]:
        return _odd_in_words(sample.decode(codec, errors="ignore")), _prior(codec)

    for codec in [*sorted(candidates, key=rank), best.encoding]:
        text = _try(data, codec)
        if text is not None:
            return text
    return None


def _prior(codec: str) -> int:
    return _PRIOR.index(codec) if codec in _PRIOR else len(_PRIOR)


def _odd_in_words(text: str) -> int:
    """How many non-ASCII symbols sit between two letters: rare in real text, typical of a wrong codepage."""
    return sum(
        1 for m in _ODD_IN_WORD.finditer(text) if not unicodedata.category(m.group(1)).startswith(("L", "M"))
    )


def _looks_binary(text: str) -> bool:
    """Many control characters (other than tab, newlines, form feed, escape) mean this is not prose."""
    sample = text[:_CONTROL_SAMPLE]
    return len(_CONTROLS.findall(sample)) > _CONTROL_RATIO * len(sample)
