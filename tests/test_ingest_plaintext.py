"""Plain text and web pages saved as text, in the project's own invented examples."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from frontlines.ingest import parse_plain_text, read_sources
from frontlines.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def test_saved_page_structure() -> None:
    [article] = list(read_sources([str(FIXTURES / "saved_page.txt")]))
    assert isinstance(article, Article)
    assert article.title == "Army retakes Tal Hamra from Red Hand militia"
    assert article.source == "The Valley Courier"  # as the dateline spells it
    assert article.published is None
    assert len(article.captions) == 1
    assert "(AFP Photo/Karim Dabo)" in article.caption_texts()[0]
    body = article.text[article.captions[0].end + 2 :]
    assert body.startswith("Kessra, The Valley Courier—Government troops")
    for chrome in ("Skip to content", "Menu", "Share this", "World News Politics", "Online Edition"):
        assert chrome not in article.text


def test_title_suffix_kept_when_not_a_site() -> None:
    found = parse_plain_text(
        "Rebels - and the army - clash in the hills\n\n"
        "Rebels and government forces clashed in the hills above Kessra on Friday, residents said.\n"
    )
    assert found.title == "Rebels - and the army - clash in the hills"
    assert found.source is None


def test_pipe_suffix_is_a_site_and_banner_free_source() -> None:
    found = parse_plain_text(
        "Clashes in the hills | Valley Post\n\n"
        "Rebels and government forces clashed in the hills above Kessra on Friday, residents said.\n"
    )
    assert found.title == "Clashes in the hills"
    assert found.source == "Valley Post"


def test_byline_and_labelled_date_are_read_not_kept() -> None:
    found = parse_plain_text(
        "Protesters rally in Kessra\nBy Ana Bel\nPublished: 12 March 2022\n\n"
        "Several thousand people rallied in central Kessra on Saturday against rising fuel prices.\n"
    )
    assert found.title == "Protesters rally in Kessra"
    assert found.published == date(2022, 3, 12)  # stated by the page, not guessed
    assert found.body == ["Several thousand people rallied in central Kessra on Saturday against rising fuel prices."]


def test_hard_wrapped_first_line_is_not_a_title() -> None:
    found = parse_plain_text(
        "Rebels and government forces clashed in the hills above\n"
        "the town of Kessra on Friday, residents said.\n"
    )
    assert found.title is None
    assert found.body[0].startswith("Rebels and government forces")


def test_single_short_line_is_text_not_title() -> None:
    found = parse_plain_text("Militia fighters attacked a checkpoint near Kessra on Monday\n")
    assert found.title is None
    assert found.body == ["Militia fighters attacked a checkpoint near Kessra on Monday"]


def test_caption_in_the_middle_moves_to_the_top() -> None:
    found = parse_plain_text(
        "Army shells militia positions\n\n"
        "The army shelled Red Hand militia positions near Tal Hamra on Sunday, a spokesman said.\n\n"
        "Smoke over Tal Hamra on Sunday. Photo: Karim Dabo\n\n"
        "No casualties were reported.\n"
    )
    assert found.captions == ["Smoke over Tal Hamra on Sunday. Photo: Karim Dabo"]
    assert found.body == [
        "The army shelled Red Hand militia positions near Tal Hamra on Sunday, a spokesman said.",
        "No casualties were reported.",
    ]


def test_title_words_that_look_like_labels_are_kept() -> None:
    found = parse_plain_text(
        "Datelines from a besieged town\nBy the river, fighting rages\nUpdated: 13 March 2022\n\n"
        "Fighting between the army and the Red Hand militia continued along the river on Sunday.\n"
    )
    assert found.title == "Datelines from a besieged town"
    assert found.published is None  # an update time is not the publication date
    assert found.body[0] == "By the river, fighting rages"
