"""HTML extraction: trafilatura text and metadata plus captions collected with lxml."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from frontlines.ingest import parse_html, read_sources
from frontlines.ingest.captions import compose_text, is_photo_caption, near_duplicates
from frontlines.records import Article

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def report() -> Article:
    [article] = list(read_sources([str(FIXTURES / "report.html")]))
    assert isinstance(article, Article), article
    return article


def test_metadata_from_meta_tags() -> None:
    article = report()
    assert article.title == "Militia shells market in Kessra"
    assert article.source == "The Valley Courier"
    assert article.published == date(2023, 5, 4)
    assert article.language == "en"


def test_figcaption_kept_once_at_the_top() -> None:
    article = report()
    assert len(article.captions) == 1  # the same photo captioned twice
    assert article.captions[0].start == 0
    caption = article.caption_texts()[0]
    assert caption.startswith("Smoke rises over the central market")
    assert article.section_at(0) == "caption"
    assert article.text[article.captions[0].end :].startswith("\n\nKESSRA, The Valley Courier")


def test_body_without_chrome_headline_or_sidebar() -> None:
    article = report()
    assert "Archive picture of a parade" not in article.text  # caption in a related-stories box
    assert "All rights reserved" not in article.text
    assert "Home" not in article.text.split("\n\n")[1]
    assert "Militia shells market in Kessra\n" not in article.text  # headline is the title
    assert "denied targeting civilians" in article.text
    assert article.text.count("\n\n") >= 4  # one blank line between paragraphs


def test_caption_already_in_body_is_not_repeated() -> None:
    html = """<html><head><title>Clash in Tal Hamra</title></head><body><article>
    <p>Government troops and Red Hand militia fighters clashed in Tal Hamra on Monday, residents said.</p>
    <p>Smoke over Tal Hamra after the clashes. (AFP Photo/Karim Dabo)</p>
    <figure><img src="x.jpg"><figcaption>Smoke over Tal Hamra after the clashes. (AFP Photo/Karim Dabo)</figcaption></figure>
    <p>Three fighters were killed in the fighting, which lasted several hours.</p>
    </article></body></html>"""
    found = parse_html(html, "https://news.example/clash")
    text, spans = compose_text(found.captions, found.body)
    assert spans == []
    assert text.count("Smoke over Tal Hamra") == 1


def test_time_element_and_host_fallbacks() -> None:
    html = """<html><head><title>Shelling near the dam</title></head><body><article>
    <h1>Shelling near the dam</h1><time datetime="2021-11-30">30 Nov</time>
    <p>Artillery fire struck the villages near the Kessra dam overnight, killing one shepherd, local officials said.</p>
    <p>The army blamed the Red Hand militia for the attack; the militia did not respond.</p>
    <img src="a.jpg" alt="A villager stands next to a crater left by an artillery shell near the Kessra dam">
    </article></body></html>"""
    found = parse_html(html, "https://www.valley-post.example/news/1")
    assert found.published == date(2021, 11, 30)
    assert found.source == "valley-post.example"
    assert found.captions == ["A villager stands next to a crater left by an artillery shell near the Kessra dam"]


def test_short_alt_text_is_not_a_caption() -> None:
    html = "<html><body><article><p>" + "Fighting went on in the hills. " * 5 + "</p><img alt='map'></article></body></html>"
    assert parse_html(html).captions == []


def test_photo_credit_patterns() -> None:
    assert is_photo_caption("Fighters in Manbij on January 8, 2014. (Reuters/Nashwan Marzouk)")
    assert is_photo_caption("A destroyed tank near the town (AFP Photo/Karim Dabo)")
    assert is_photo_caption("Soldiers at a checkpoint. Photo: Ana Bel")
    assert is_photo_caption("Residents flee the shelling. REUTERS/Karim Dabo")
    assert is_photo_caption("A funeral in the capital. Getty Images")
    assert not is_photo_caption("Rebels seized the town on Monday, the Observatory said (Reuters).")
    assert not is_photo_caption("")


def test_near_duplicate_captions() -> None:
    a = "Smoke rises over the central market of Kessra after it was shelled on May 3. (Courier Photo/Ana Bel)"
    b = "Smoke rises over the central market in Kessra after it was shelled on May 3. (Courier Photo/Ana Bel)"
    c = "Soldiers stand guard at a checkpoint on the road into Tal Hamra. (AFP Photo/Karim Dabo)"
    assert near_duplicates(a, b)
    assert not near_duplicates(a, c)


def test_lead_photo_in_article_header_and_page_classes() -> None:
    html = """<html><head><link rel="canonical" href="https://valley.example/a/1"></head>
    <body class="single has-related-posts"><header><nav>Home World</nav>
    <figure><figcaption>Site logo banner picture of the valley at dawn, used on every page</figcaption></figure></header>
    <article><header><h1>Army retakes Tal Hamra</h1>
    <figure><img src="lead.jpg"><figcaption>Soldiers at the entrance of Tal Hamra on March 2, 2022. (AFP Photo/Karim Dabo)</figcaption></figure>
    </header>
    <p>Government troops retook the village of Tal Hamra on Wednesday after two days of fighting with the Red Hand militia.</p>
    <p>Seven militia fighters and three soldiers were killed, a military spokesman said.</p>
    </article></body></html>"""
    found = parse_html(html)
    assert found.captions == ["Soldiers at the entrance of Tal Hamra on March 2, 2022. (AFP Photo/Karim Dabo)"]
    assert found.url == "https://valley.example/a/1"
    assert found.source == "valley.example"
    assert found.body[0].startswith("Government troops retook")
    assert len(found.body) == 2


def test_title_suffix_cut_only_when_it_names_the_site() -> None:
    page = """<html><head><meta property="og:site_name" content="Valley Post"><title>{}</title></head>
    <body><article><p>Fighting between the army and the Red Hand militia went on near Kessra on Sunday.</p>
    <p>Two soldiers were wounded.</p></article></body></html>"""
    assert parse_html(page.format("Truce collapses - UN")).title == "Truce collapses - UN"
    assert parse_html(page.format("Truce collapses - Valley Post")).title == "Truce collapses"
    assert parse_html(page.format("Truce collapses | valleypost.com")).title == "Truce collapses"
