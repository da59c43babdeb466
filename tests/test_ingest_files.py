"""Files and folders: each type, bad documents as failures, the batch goes on."""
from __future__ import annotations

import io
import shutil
from datetime import date
from pathlib import Path

import pytest

from frontlines.ingest import IngestLimits, read_sources
from frontlines.records import Article, IngestFailure

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def read_one(path: Path | str, **kwargs) -> Article | IngestFailure:
    results = list(read_sources([str(path)], **kwargs))
    assert len(results) == 1, results
    return results[0]


def test_plain_text_with_title_line() -> None:
    article = read_one(FIXTURES / "plain.txt")
    assert isinstance(article, Article)
    assert article.title == "Clashes near the Kessra dam"
    assert article.text.startswith("Fighting broke out on Tuesday")
    assert "\n\nThe army said it had secured the dam" in article.text
    assert article.captions == [] and article.published is None and article.source is None


def test_plain_text_without_title_keeps_everything() -> None:
    article = read_one(FIXTURES / "untitled.txt")
    assert isinstance(article, Article)
    assert article.title is None
    assert article.text == (FIXTURES / "untitled.txt").read_text().strip()


def test_latin1_file_decodes_as_cp1252() -> None:
    article = read_one(FIXTURES / "latin1.txt")
    assert isinstance(article, Article)
    assert article.title == "Protest in São Ferreira"
    assert "café" in article.text


def test_empty_file_is_a_failure() -> None:
    failure = read_one(FIXTURES / "empty.txt")
    assert isinstance(failure, IngestFailure)
    assert "empty" in failure.reason


def test_whitespace_only_file_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("  \n\n \t\n")
    failure = read_one(path)
    assert isinstance(failure, IngestFailure) and "empty" in failure.reason


def test_too_short_text_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Shots fired.\n")
    failure = read_one(path)
    assert isinstance(failure, IngestFailure)
    assert "too short" in failure.reason
    assert isinstance(read_one(path, limits=IngestLimits(min_text_chars=5)), Article)


def test_binary_with_magic_number_is_a_failure() -> None:
    failure = read_one(FIXTURES / "photo.jpg")
    assert isinstance(failure, IngestFailure)
    assert failure.reason == "binary content (JPEG image)"


def test_binary_garbage_does_not_decode_as_cp1252() -> None:
    failure = read_one(FIXTURES / "garbage.dat")
    assert isinstance(failure, IngestFailure)
    assert "undecodable" in failure.reason or "binary" in failure.reason


def test_nul_bytes_in_a_text_file_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_bytes(b"Clashes in the north\x00\x00\x00 killed two fighters on Monday, officials said.")
    failure = read_one(path)
    assert isinstance(failure, IngestFailure) and "NUL" in failure.reason


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_text("Fighting continued in the valley. " * 2000)
    failure = read_one(path, limits=IngestLimits(max_bytes=10_000))
    assert isinstance(failure, IngestFailure)
    assert "too large" in failure.reason and "10,000" in failure.reason


def test_malformed_html_is_a_failure() -> None:
    failure = read_one(FIXTURES / "malformed.html")
    assert isinstance(failure, IngestFailure)
    assert "no article text" in failure.reason


def test_html_sniffed_in_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "page.saved"
    shutil.copy(FIXTURES / "report.html", path)
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.source == "The Valley Courier"
    assert "<p>" not in article.text


def test_missing_path_is_a_failure() -> None:
    failure = read_one("/no/such/place/report.txt")
    assert isinstance(failure, IngestFailure) and "no such file" in failure.reason


def test_jsonl_bad_lines_are_failures_and_the_rest_goes_on() -> None:
    results = list(read_sources([str(FIXTURES / "docs.jsonl")]))
    articles = [r for r in results if isinstance(r, Article)]
    failures = {r.origin.rsplit(":", 1)[1]: r.reason for r in results if isinstance(r, IngestFailure)}
    assert [a.doc_id for a in articles] == ["d1", "d3"]
    assert set(failures) == {"2", "5", "6"}  # line 4 is blank: skipped, not a failure
    assert "invalid JSON" in failures["2"]
    assert '"text"' in failures["5"]
    assert "JSON object" in failures["6"]
    first = articles[0]
    assert first.title == "Convoy ambushed near Tal Hamra"
    assert first.published == date(2022, 3, 1)
    assert first.source == "Valley Wire" and first.url == "https://wire.example/d1"
    assert first.origin.endswith("docs.jsonl:1")


def test_jsonl_from_stdin() -> None:
    lines = (FIXTURES / "docs.jsonl").read_bytes()
    results = list(read_sources(["-"], stdin=io.BytesIO(lines)))
    assert [r.doc_id for r in results if isinstance(r, Article)] == ["d1", "d3"]
    assert any(isinstance(r, IngestFailure) and r.origin == "<stdin>:2" for r in results)


def test_jsonl_oversized_line_is_one_failure(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    long_text = "Shelling hit the town again. " * 500
    path.write_text(
        '{"id": "a", "text": "%s"}\n{"id": "b", "text": "Militia fighters attacked a checkpoint near Kessra."}\n'
        % long_text
    )
    results = list(read_sources([str(path)], limits=IngestLimits(max_bytes=2_000)))
    assert isinstance(results[0], IngestFailure) and "too large" in results[0].reason
    assert isinstance(results[1], Article) and results[1].doc_id == "b"


def test_csv_with_notes_column() -> None:
    results = list(read_sources([str(FIXTURES / "reports.csv")]))
    articles = [r for r in results if isinstance(r, Article)]
    failures = [r for r in results if isinstance(r, IngestFailure)]
    assert [a.doc_id for a in articles] == ["VAL1", "VAL2"]
    assert articles[0].published == date(2022, 3, 2)
    assert articles[1].published == date(2023, 5, 4)  # "04 May 2023"
    assert articles[0].source == "The Valley Courier"
    assert articles[0].text.startswith("On 2 March 2022, the army retook")
    assert len(failures) == 1 and failures[0].origin.endswith("reports.csv:4")


def test_csv_without_text_column_is_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("a,b\n1,2\n")
    failure = read_one(path)
    assert isinstance(failure, IngestFailure) and "no text column" in failure.reason


def test_csv_multiline_text_and_origin_line(tmp_path: Path) -> None:
    path = tmp_path / "multi.csv"
    path.write_text(
        'id,text\nx1,"Clashes broke out in Kessra on Monday.\nTwo fighters were killed, residents said."\n'
        'x2,"Police dispersed a protest in Tal Hamra on Friday with tear gas and batons."\n'
    )
    results = list(read_sources([str(path)]))
    assert [r.doc_id for r in results] == ["x1", "x2"]
    assert "\nTwo fighters" in results[0].text
    assert results[1].origin.endswith("multi.csv:4")


def test_folder_with_corrupt_files_ingests_the_rest(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(FIXTURES / "plain.txt", folder / "plain.txt")
    shutil.copy(FIXTURES / "report.html", folder / "sub" / "report.html")
    shutil.copy(FIXTURES / "photo.jpg", folder / "corrupt.txt")  # binary with a text name
    (folder / "sub" / "empty.md").write_text("")
    (folder / ".hidden.txt").write_text("Hidden notes that must not be read by the ingest stage at all.")
    (folder / ".git").mkdir()
    (folder / ".git" / "notes.txt").write_text("Hidden folder contents that must not be read at all either.")

    results = list(read_sources([str(folder)]))
    origins = [Path(r.origin).name for r in results]
    assert origins == ["corrupt.txt", "plain.txt", "empty.md", "report.html"]  # sorted, recursive
    kinds = {Path(r.origin).name: type(r).__name__ for r in results}
    assert kinds == {"corrupt.txt": "IngestFailure", "plain.txt": "Article",
                     "empty.md": "IngestFailure", "report.html": "Article"}


def test_many_inputs_mixed_with_failures() -> None:
    inputs = [str(FIXTURES / "plain.txt"), "/missing.txt", "ftp://example.org/x", str(FIXTURES / "feed.atom")]
    results = list(read_sources(inputs))
    assert [type(r).__name__ for r in results] == ["Article", "IngestFailure", "IngestFailure", "Article"]


@pytest.mark.parametrize("name", ["report.html", "saved_page.txt", "plain.txt", "feed.atom"])
def test_caption_spans_point_at_caption_paragraphs(name: str) -> None:
    for article in read_sources([str(FIXTURES / name)]):
        assert isinstance(article, Article)
        for span in article.captions:
            assert article.text[span.start : span.end].strip() == article.text[span.start : span.end]
            assert article.text[span.end : span.end + 2] in ("\n\n", "")


def test_jsonl_character_references_are_decoded(tmp_path: Path) -> None:
    """Scraped headlines carry HTML character references; a name with "&#8217;" in it
    would never be found in the gazetteer. A bare "&" is text."""
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "h1", "title": "Tom &amp; Jerry", '
                    '"text": "Clashes in Dar&#8217;a and Reef Dimashq; AT&T &madeup; &#x2019;"}\n')
    article = read_one(path)
    assert isinstance(article, Article)
    assert article.text == "Clashes in Dar\u2019a and Reef Dimashq; AT&T &madeup; \u2019"
    assert article.title == "Tom & Jerry"


def test_plain_text_character_references_are_decoded(tmp_path: Path) -> None:
    path = tmp_path / "page.txt"
    path.write_text("Shelling hit Ma&#8217;arrat al-Nu&#8217;man on Monday, killing three people.")
    article = read_one(path)
    assert isinstance(article, Article)
    assert "Ma\u2019arrat al-Nu\u2019man" in article.text and "&#" not in article.text
