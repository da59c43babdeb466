"""The founding example: an Asharq Al-Awsat page saved as plain text (../shared/seeds)."""
from __future__ import annotations

from pathlib import Path

import pytest

from frontlines.ingest import read_sources
from frontlines.records import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEED = SHARED / "seeds" / "asharq-2014-01-aleppo.txt"

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not SEED.parent.is_dir(), reason=f"seed data absent: {SEED.parent} not found"),
]


@pytest.fixture(scope="module")
def article() -> Article:
    results = list(read_sources([str(SEED)]))
    assert len(results) == 1
    assert isinstance(results[0], Article), results[0]
    return results[0]


def test_title_has_site_suffix_stripped(article: Article) -> None:
    assert article.title == "Syria: Rebels drive ISIS out of Aleppo"


def test_source_is_the_outlet(article: Article) -> None:
    assert article.source == "Asharq Al-Awsat"


def test_no_date_is_guessed(article: Article) -> None:
    assert article.published is None


def test_near_identical_captions_kept_once(article: Article) -> None:
    assert len(article.captions) == 1
    caption = article.caption_texts()[0]
    assert "Manbij" in caption and "January 8, 2014" in caption
    assert article.captions[0].start == 0
    assert article.text.count("Free Syrian Army fighters erect") == 1


def test_body_follows_caption_without_page_chrome(article: Article) -> None:
    caption_end = article.captions[0].end
    assert article.text[caption_end : caption_end + 2] == "\n\n"
    body = article.text[caption_end + 2 :]
    assert body.startswith("Beirut, Asharq Al-Awsat")
    assert "Select Page" not in article.text
    assert "Middle-east Arab News Opinion" not in article.text
    assert "English Archive" not in article.text
    assert body.rstrip().endswith("concentrate their efforts against Bashar Al-Assad.")
    assert article.section_at(article.text.index("Beirut")) == "body"
