"""Decoding bytes to text: exact characters (BOM, CRLF, emoji), legacy encodings, refusals."""

from __future__ import annotations

import codecs
import random
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from unspin.errors import InputError
from unspin.ingest import IngestOptions, load, load_bytes, source
from unspin.ingest.text import binary_kind, decode, headline, normalize_charset

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ingest"


# --- exactness ------------------------------------------------------------------------------------------


def test_utf8_bom_is_kept_and_offsets_match_the_file() -> None:
    path = FIXTURES / "bom_crlf.txt"
    raw = path.read_bytes()
    article = load(str(path))
    assert raw.startswith(codecs.BOM_UTF8)
    assert article.text == raw.decode("utf-8")
    assert article.text[0] == "\ufeff"
    # An offset computed on the text reads the same characters as the file does.
    start = article.text.index("“outrageous”")
    assert article.text[start : start + 12] == "“outrageous”"
    assert raw.decode("utf-8")[start : start + 12] == "“outrageous”"
    assert article.span(start, start + 12, "x").text == "“outrageous”"
    assert "🚢" in article.text


def test_crlf_is_kept() -> None:
    article = load(str(FIXTURES / "bom_crlf.txt"))
    assert article.text.count("\r\n") == 4
    assert "\n" not in article.text.replace("\r\n", "")


def test_plain_text_gets_no_metadata_but_its_headline() -> None:
    article = load(str(FIXTURES / "bom_crlf.txt"))
    assert (article.url, article.outlet, article.published, article.language) == (None,) * 4
    assert article.title == "Ferry fares rise again 🚢"  # its first line, before a blank line
    assert article.authors == []


def test_inner_bom_and_emoji_kept() -> None:
    text = "Zero\ufeffwidth 👍🏽 and 🇺🇦 stay.\r\n"
    assert decode(text.encode("utf-8")) == text


def test_cp1252_file() -> None:
    article = load(str(FIXTURES / "cp1252.txt"))
    assert "traversée" in article.text
    assert "4 € de plus" in article.text
    assert "« C’est une décision injuste »" in article.text


def test_utf16_file_with_bom() -> None:
    article = load(str(FIXTURES / "utf16.txt"))
    assert article.text.startswith("\ufeffDer Hafenrat")  # the BOM is kept as U+FEFF, as for UTF-8
    assert "Fährplan" in article.text
    assert "🚢" in article.text


@pytest.mark.parametrize("codec", ["utf-16-be", "utf-32-le", "utf-32-be"])
def test_other_unicode_boms(codec: str) -> None:
    text = "Überfahrt um 5:40 – endlich! 🚢\n"
    bom = {
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
    }
    assert decode(bom[codec] + text.encode(codec)) == "\ufeff" + text


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Городской совет утвердил новое расписание паромов в понедельник вечером.", "koi8-r"),
        ("Городской совет утвердил новое расписание паромов в понедельник вечером.", "cp1251"),
        ("港の議会は月曜日の夜、新しいフェリーの時刻表を承認しました。", "shift_jis"),
        ("Le conseil municipal a voté lundi soir ; les élèves étaient très contents de l'été.", "latin-1"),
        ("Rada miejska zatwierdziła w poniedziałek nowy rozkład promów.", "cp1250"),
    ],
)
def test_legacy_encodings_are_detected(text: str, codec: str) -> None:
    assert decode(text.encode(codec)) == text


UTF8_PROSE = (
    "The ministry’s statement — issued on Monday — said the “temporary” closure of the café near "
    "Łódź would last until spring. Residents called it “a disaster”. "
) * 4


@pytest.mark.parametrize(
    ("damage", "byte", "offset"),
    [
        (lambda b: b[:100] + b"\xff" + b[100:], "0xff", 100),  # a stray byte
        (lambda b: b[:101] + "é".encode("cp1252") + b[101:], "0xe9", 101),  # a cp1252 letter pasted in
        (lambda b: b[:-1] + b"\xe2\x80", "0xe2", None),  # cut off inside a character
    ],
    ids=["stray byte", "cp1252 letter", "truncated"],
)
def test_damaged_utf8_is_refused_not_guessed_as_another_encoding(
    damage: Callable[[bytes], bytes], byte: str, offset: int | None
) -> None:
    data = damage(UTF8_PROSE.encode())
    with pytest.raises(
        InputError, match=f"news.txt is UTF-8 except for invalid byte {byte} at offset"
    ) as caught:
        decode(data, name="news.txt")
    if offset is not None:
        assert f"at offset {offset:,};" in str(caught.value)


def test_declared_charset_is_used() -> None:
    text = "Привет, мир! Новое расписание."
    assert decode(text.encode("cp1251"), declared="windows-1251") == text


def test_declared_utf16_without_bom() -> None:
    text = "Ferry news in UTF-16 without a byte-order mark.\n"
    assert decode(text.encode("utf-16-le"), declared="utf-16le") == text
    # ... but a page that says utf-16 and has no NUL bytes is not UTF-16.
    assert decode(text.encode("utf-8"), declared="utf-16") == text


def test_latin1_label_means_windows_1252() -> None:
    assert normalize_charset("ISO-8859-1") == "cp1252"
    assert normalize_charset("us-ascii") == "cp1252"
    assert normalize_charset("UTF-8") == "utf_8"
    assert normalize_charset("no-such-charset") is None
    assert normalize_charset("unicode_escape") is None  # a Python codec, not a charset
    assert decode("“quoted”".encode("cp1252"), declared="iso-8859-1") == "“quoted”"


# --- refusals -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   ", b" \r\n\t\n", "\ufeff \n".encode()])
def test_empty_or_whitespace(data: bytes) -> None:
    with pytest.raises(InputError, match="empty input"):
        decode(data)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"\n\n")
    with pytest.raises(InputError, match=r"empty input: .*empty\.txt"):
        load(str(path))


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "gzip"),
        (b"\x7fELF\x02\x01\x01", "ELF"),
    ],
)
def test_binary_magic(data: bytes, kind: str) -> None:
    assert binary_kind(data) is not None
    with pytest.raises(InputError, match=rf"looks like binary data \({kind}"):
        decode(data + b"more bytes")


def test_random_bytes_with_nuls(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytes(rng.randrange(256) for _ in range(4096)) + b"\x00\x00"
    path = tmp_path / "blob.dat"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"blob\.dat looks like binary data"):
        load(str(path))


def test_many_control_characters() -> None:
    with pytest.raises(InputError, match="binary data"):
        decode(b"text\x01\x02\x03\x04with\x05\x06\x07\x08controls\x0e\x0f")


def test_a_stray_control_character_is_fine() -> None:
    text = "An ordinary paragraph with one stray \x07 bell character in a long enough line of prose.\n"
    assert decode(text.encode()) == text


def test_undecodable() -> None:
    # Random high bytes: not UTF-8, and gibberish in every single- or multi-byte encoding.
    rng = random.Random(3)
    data = bytes(rng.randrange(0x80, 0x100) for _ in range(3000))
    with pytest.raises(InputError, match="cannot detect the text encoding of input"):
        decode(data)


def test_too_large_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(InputError, match=r"larger than the 1,000-byte limit"):
        load(str(path), IngestOptions(max_bytes=1000))
    assert load(str(path), IngestOptions(max_bytes=5000)).text.startswith("word word")


def test_too_large_bytes() -> None:
    with pytest.raises(InputError, match="limit"):
        load_bytes(b"x" * 11, options=IngestOptions(max_bytes=10))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nope.txt"
    with pytest.raises(InputError, match=r"no such file: .*nope\.txt"):
        load(str(path))


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load(str(tmp_path))


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("classified")
    path.chmod(0)
    try:
        if not _can_read(path):
            with pytest.raises(InputError, match=r"cannot read .*secret\.txt: permission denied"):
                load(str(path))

        # Root reads anything, so also simulate the refusal.
        def refuse(*args: object, **kwargs: object) -> None:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(source, "open", refuse, raising=False)
        with pytest.raises(InputError, match=r"cannot read .*secret\.txt: permission denied"):
            load(str(path))
    finally:
        path.chmod(0o600)


def _can_read(path: Path) -> bool:
    try:
        path.read_bytes()
    except PermissionError:
        return False
    return True


# --- properties -----------------------------------------------------------------------------------------

# Any text a person could write: every printable character, plus the ones that tend to get "cleaned up"
# (BOM, CRLF, lone CR, zero-width space, emoji with skin-tone modifiers and flags).
_PIECES = st.one_of(
    st.characters(blacklist_categories=("Cs", "Cc")),
    st.sampled_from(["\ufeff", "\r\n", "\r", "\n", "\t", "👍🏽", "🇺🇦", "é", "e\u0301", "\u200b"]),
)
_TEXT = st.lists(_PIECES, min_size=1, max_size=60).map("".join)


@given(_TEXT)
def test_utf8_round_trips_exactly(text: str) -> None:
    data = text.encode("utf-8")
    assume(text.replace("\ufeff", "").strip() and binary_kind(data) is None)
    assert decode(data) == text
    assert load_bytes(data, kind="text").text == text


@given(_TEXT)
def test_bom_prefixed_utf8_round_trips_exactly(text: str) -> None:
    text = "\ufeff" + text
    assume(text.replace("\ufeff", "").strip())
    assert decode(text.encode("utf-8")) == text


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "Heroic defenders repel raid on Port Sarel\n\nPORT SAREL — At least 14 ...",
            "Heroic defenders repel raid on Port Sarel",
        ),
        ("\ufeffFloods close the ring road\r\n\r\nThe river rose overnight.", "Floods close the ring road"),
        ("  Why did the dam fail?\n \nEngineers say ...", "Why did the dam fail?"),
        ("The river rose overnight.\n\nRoads were closed.", None),  # a sentence, not a headline
        ("Floods close the ring road\nThe river rose overnight.", None),  # no blank line after it
        ("Officials said:\n\nthe road is closed.", None),
        ("2026\n\nThe river rose.", None),
        ("Just one line with no blank line after it", None),
        (" ".join(["word"] * 31) + "\n\nBody.", None),
    ],
)
def test_a_short_first_line_before_a_blank_line_is_the_headline(text: str, title: str | None) -> None:
    assert headline(text) == title


def test_plain_text_gets_its_headline_as_title_and_keeps_every_offset(tmp_path: Path) -> None:
    text = "Floods close the ring road\n\nThe river rose overnight."
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode("utf-8"))
    article = load(str(path))
    assert article.title == "Floods close the ring road"
    assert article.text == text
    assert load_bytes(b"The river rose.\n\nRoads closed.", kind="text").title is None
