from frontlines.nlp.model import shared_nlp
from frontlines.nlp.sentences import paragraph_index, split_sentences
from frontlines.records import Article, Span


def test_sentences_never_cross_paragraphs_and_mark_captions():
    caption = "Fighters raise a flag in Manbij on January 8, 2014 (Reuters)"
    text = caption + "\n\nRebels seized the town. Fighting went on\n\nin Aleppo on Thursday."
    art = Article(text=text, captions=[Span(0, len(caption))])
    sents = split_sentences(shared_nlp()(text), art)
    assert sents[0].section == "caption" and sents[0].text == caption
    assert all(s.section == "body" for s in sents[1:])
    assert all("\n\n" not in s.text for s in sents)
    assert [s.text for s in sents[1:]] == ["Rebels seized the town.", "Fighting went on", "in Aleppo on Thursday."]
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert [s.index for s in sents] == list(range(len(sents)))
    assert paragraph_index(sents, text) == [0, 1, 1, 2]
