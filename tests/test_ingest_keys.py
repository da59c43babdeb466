"""Content keys: identical articles are stored once."""
from __future__ import annotations

from frontlines.ingest import article_key, near_duplicate_key
from frontlines.records import Article, Span

TEXT = "Red Hand militia fighters ambushed an army convoy near Tal Hamra on Monday.\n\nThree soldiers died."


def test_article_key_is_stable_across_whitespace() -> None:
    a = Article(text=TEXT)
    b = Article(text="  Red Hand militia  fighters ambushed an army convoy\nnear Tal Hamra on Monday. Three soldiers died.\n")
    assert article_key(a) == article_key(b)
    assert len(article_key(a)) == 64 and int(article_key(a), 16) >= 0


def test_article_key_uses_nfkc_and_keeps_case() -> None:
    assert article_key("ﬁghters") == article_key("fighters")  # ligature folded by NFKC
    assert article_key("Al-Nusra") != article_key("al-nusra")


def test_article_key_differs_for_different_text() -> None:
    assert article_key(Article(text=TEXT)) != article_key(Article(text=TEXT.replace("Three", "Four")))


def test_article_key_ignores_metadata() -> None:
    assert article_key(Article(text=TEXT, title="A")) == article_key(Article(text=TEXT, title="B", url="u"))


def test_near_duplicate_key_ignores_captions_case_and_quotes() -> None:
    caption = "A burnt truck on the road. (AFP Photo/Karim Dabo)"
    with_caption = Article(text=f"{caption}\n\n{TEXT}", captions=[Span(0, len(caption))])
    plain = Article(text=TEXT.upper().replace("MONDAY.", "“MONDAY”."))
    assert near_duplicate_key(with_caption) == near_duplicate_key(plain)
    assert article_key(with_caption) != article_key(plain)
    assert near_duplicate_key(Article(text=TEXT)) != near_duplicate_key(Article(text=TEXT + " More."))
