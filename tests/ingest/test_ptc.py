"""PTC folder and label-file I/O: byte-faithful article text, strict label parsing, exact round trips.

All fixtures are invented here and written into ``tmp_path``; no corpus text is copied into the repo.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from unspin.article import Article
from unspin.errors import InputError
from unspin.ingest.ptc import (
    SpanRow,
    check_offsets,
    read_articles,
    read_rows,
    read_template,
    techniques_list,
    write_rows,
)

SHARED_PTC = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ptc"


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --- techniques --------------------------------------------------------------------------------------


def test_techniques_list_has_the_14_task_classes() -> None:
    names = techniques_list()
    assert len(names) == 14
    assert len(set(names)) == 14
    assert "Loaded_Language" in names
    # The merged classes keep their commas: that is how they are spelled in the label files.
    assert "Bandwagon,Reductio_ad_hitlerum" in names
    assert "Whataboutism,Straw_Men,Red_Herring" in names
    assert all("\t" not in n and " " not in n for n in names)


@pytest.mark.shared_data
def test_techniques_list_matches_the_corpus_file() -> None:
    path = SHARED_PTC / "techniques.txt"
    if not path.is_file():
        pytest.skip("../shared/data/ptc is not available")
    listed = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert sorted(listed) == sorted(techniques_list())


# --- articles ----------------------------------------------------------------------------------------


def test_read_articles_keeps_bom_emoji_and_line_ends_so_offsets_index_the_text(tmp_path: Path) -> None:
    text = "\ufeffA headline 🙂\n\nThey said\ufeff “traitors” 🇺🇸 again.\r\nLast line"
    write_bytes(tmp_path / "article7.txt", text.encode("utf-8"))
    [article] = read_articles(tmp_path)
    assert article.text == text
    assert article.text[0] == "\ufeff"
    assert article.source_id == "7"
    # Offsets computed on the string written to the file index the string read back exactly.
    for phrase in ("headline", "“traitors”", "again.\r\n", "Last line", "\ufeff"):
        start = text.rindex(phrase)
        assert article.text[start : start + len(phrase)] == phrase
    assert article.text.index("traitors") == text.index("traitors")
    assert "\r\n" in article.text  # no newline translation


def test_read_articles_sorts_by_numeric_id_and_ignores_other_files(tmp_path: Path) -> None:
    for article_id in ("10", "2", "1", "0003"):
        write_bytes(tmp_path / f"article{article_id}.txt", f"text {article_id}".encode())
    write_bytes(tmp_path / "README.txt", b"not an article")
    write_bytes(tmp_path / "article1.task-si.labels", b"1\t0\t1\n")
    articles = read_articles(tmp_path)
    assert [a.source_id for a in articles] == ["1", "2", "0003", "10"]
    assert [a.text for a in articles] == ["text 1", "text 2", "text 0003", "text 10"]


def test_read_articles_rejects_an_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no article"):
        read_articles(tmp_path)


def test_read_articles_rejects_a_folder_without_articles(tmp_path: Path) -> None:
    write_bytes(tmp_path / "notes.txt", b"hello")
    with pytest.raises(InputError, match="no article"):
        read_articles(tmp_path)


def test_read_articles_rejects_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a folder"):
        read_articles(tmp_path / "nope")


def test_read_articles_rejects_a_non_numeric_id(tmp_path: Path) -> None:
    write_bytes(tmp_path / "articleABC.txt", b"text")
    with pytest.raises(InputError, match=r"articleABC\.txt"):
        read_articles(tmp_path)


def test_read_articles_names_an_undecodable_file(tmp_path: Path) -> None:
    write_bytes(tmp_path / "article1.txt", b"fine")
    write_bytes(tmp_path / "article2.txt", b"caf\xe9 latin-1")
    with pytest.raises(InputError, match=r"article2\.txt.*UTF-8") as info:
        read_articles(tmp_path)
    assert "\n" not in str(info.value)


# --- label files -------------------------------------------------------------------------------------

SI_ROWS = [SpanRow("111", 0, 5), SpanRow("111", 3, 9), SpanRow("222", 10, 10), SpanRow("111", 0, 5)]
TC_ROWS = [
    SpanRow("111", 0, 5, "Doubt"),
    SpanRow("111", 0, 5, "Loaded_Language"),
    SpanRow("222", 7, 30, "Name_Calling,Labeling"),
    SpanRow("222", 1, 2, "Made_Up_Label"),
]


@pytest.mark.parametrize(("task", "rows"), [("si", SI_ROWS), ("tc", TC_ROWS)])
def test_write_then_read_round_trips_in_order(tmp_path: Path, task: str, rows: list[SpanRow]) -> None:
    path = tmp_path / f"out.{task}.labels"
    write_rows(rows, path, task)
    assert read_rows(path, task) == rows
    data = path.read_bytes()
    assert b"\r" not in data and data.endswith(b"\n")
    assert data.count(b"\n") == len(rows)


def test_write_rows_formats_match_the_official_layout() -> None:
    stream = io.StringIO()
    write_rows([SpanRow("1", 2, 3, "Doubt")], stream, "tc")
    write_rows([SpanRow("1", 2, 3, "Doubt")], stream, "si")  # SI ignores the technique
    assert stream.getvalue() == "1\tDoubt\t2\t3\n1\t2\t3\n"


def test_write_rows_str_path(tmp_path: Path) -> None:
    path = tmp_path / "x.labels"
    write_rows(SI_ROWS, str(path), "si")
    assert read_rows(path, "si") == SI_ROWS


def test_write_rows_rejects_bad_input(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no technique"):
        write_rows([SpanRow("1", 0, 1)], io.StringIO(), "tc")
    with pytest.raises(ValueError, match="task"):
        write_rows([], io.StringIO(), "flc")
    with pytest.raises(ValueError, match="tab"):
        write_rows([SpanRow("1\t2", 0, 1)], io.StringIO(), "si")
    with pytest.raises(InputError, match="cannot write"):
        write_rows(SI_ROWS, tmp_path / "missing" / "x.labels", "si")


def test_read_rows_from_a_folder_reads_all_label_files_sorted(tmp_path: Path) -> None:
    write_bytes(tmp_path / "article2.task-si.labels", b"2\t4\t8\n")
    write_bytes(tmp_path / "article1.task-si.labels", b"1\t0\t3\n1\t5\t6\n")
    write_bytes(tmp_path / "article3.task-si.labels", b"")  # articles without spans have empty files
    write_bytes(tmp_path / "notes.txt", b"not a label file")
    assert read_rows(tmp_path, "si") == [SpanRow("1", 0, 3), SpanRow("1", 5, 6), SpanRow("2", 4, 8)]


def test_read_rows_skips_blank_lines_and_tolerates_crlf_and_bom(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "a.labels", "\ufeff1\tDoubt\t0\t3\r\n\r\n  \n1\tSlogans\t4\t9\n\n".encode())
    assert read_rows(path, "tc") == [SpanRow("1", 0, 3, "Doubt"), SpanRow("1", 4, 9, "Slogans")]


def test_read_rows_rejects_a_folder_without_label_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no \*\.labels"):
        read_rows(tmp_path, "si")
    with pytest.raises(InputError, match="no such"):
        read_rows(tmp_path / "missing.labels", "si")


def test_read_rows_rejects_an_unknown_task(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="task"):
        read_rows(tmp_path, "span")


@pytest.mark.parametrize(
    ("task", "line", "problem"),
    [
        ("si", "1\t0", "expected 3 .*found 2"),
        ("si", "1\tDoubt\t0\t4", "expected 3 .*found 4"),
        ("tc", "1\t0\t4", "expected 4 .*found 3"),
        ("si", "1 0 4", "expected 3 .*found 1"),
        ("si", "1\t0\t4.5", "end offset .* not an integer"),
        ("si", "1\tx\t4", "start offset .* not an integer"),
        ("si", "1\t\t4", "start offset .* not an integer"),
        ("tc", "1\tDoubt\t1_0\t40", "start offset .* not an integer"),
        ("si", "1\t9\t4", "start 9 is after end 4"),
        ("tc", "1\tDoubt\t-3\t4", "start offset -3 is negative"),
        ("si", "1\t0\t-4", "end offset -4 is negative"),
        ("tc", "1\t\t0\t4", "empty technique"),
        ("si", "\t0\t4", "empty article id"),
    ],
)
def test_malformed_lines_name_file_and_line(tmp_path: Path, task: str, line: str, problem: str) -> None:
    good = "1\t0\t2" if task == "si" else "1\tDoubt\t0\t2"
    path = write_bytes(tmp_path / "bad.labels", f"{good}\n\n{line}\n{good}\n".encode())
    with pytest.raises(InputError, match=problem) as info:
        read_rows(path, task)
    message = str(info.value)
    assert "bad.labels:3:" in message
    assert "\n" not in message


def test_read_rows_names_an_undecodable_label_file(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "bin.labels", b"1\t0\t\xff\n")
    with pytest.raises(InputError, match=r"bin\.labels.*UTF-8"):
        read_rows(path, "si")


# --- templates ---------------------------------------------------------------------------------------


def test_read_template_keeps_order_and_duplicates(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "template.out", b"9\t?\t5\t8\n1\t?\t0\t3\n9\t?\t5\t8\n")
    rows = read_template(path)
    assert rows == [SpanRow("9", 5, 8, "?"), SpanRow("1", 0, 3, "?"), SpanRow("9", 5, 8, "?")]
    out = io.StringIO()
    write_rows(rows, out, "tc")
    assert out.getvalue() == path.read_text()


def test_read_template_accepts_a_full_tc_file_and_ignores_its_techniques(tmp_path: Path) -> None:
    path = tmp_path / "gold.labels"
    write_rows(TC_ROWS, path, "tc")
    rows = read_template(path)
    assert [(r.article_id, r.start, r.end) for r in rows] == [(r.article_id, r.start, r.end) for r in TC_ROWS]
    assert {r.technique for r in rows} == {"?"}


def test_read_template_rejects_si_rows(tmp_path: Path) -> None:
    path = write_bytes(tmp_path / "si.labels", b"1\t0\t3\n")
    with pytest.raises(InputError, match=r"si\.labels:1:"):
        read_template(path)


# --- offsets -----------------------------------------------------------------------------------------


def test_check_offsets() -> None:
    articles = {"1": Article("0123456789", source_id="1"), "2": Article("", source_id="2")}
    check_offsets([SpanRow("1", 0, 10), SpanRow("1", 3, 3), SpanRow("2", 0, 0)], articles)
    check_offsets([], articles)
    with pytest.raises(InputError, match=r"1 \[5, 11\) is outside .*length 10"):
        check_offsets([SpanRow("1", 5, 11)], articles)
    with pytest.raises(InputError, match=r"3 \[0, 1\) names an unknown article.*and 1 more"):
        check_offsets([SpanRow("3", 0, 1), SpanRow("1", 0, 1), SpanRow("2", 0, 1)], articles)
    with pytest.raises(InputError, match="outside"):
        check_offsets([SpanRow("1", 4, 2)], articles)  # rows built in code are not validated otherwise


def test_offsets_from_label_files_index_bom_and_emoji_text(tmp_path: Path) -> None:
    text = "\ufeffTitle\n\n🙂🙂 Wicked\ufeff elites 🇺🇸 lie."
    write_bytes(tmp_path / "articles" / "article42.txt", text.encode("utf-8"))
    start = text.index("Wicked")
    end = text.index(" lie")
    write_bytes(
        tmp_path / "labels" / "article42.labels", f"42\tName_Calling,Labeling\t{start}\t{end}\n".encode()
    )
    [article] = read_articles(tmp_path / "articles")
    [row] = read_rows(tmp_path / "labels", "tc")
    check_offsets([row], {article.source_id or "": article})
    assert article.text[row.start : row.end] == "Wicked\ufeff elites 🇺🇸"
