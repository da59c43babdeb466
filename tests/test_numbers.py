"""NUMBERS stage: fatalities, injuries and crowd sizes by ACLED's conventions."""
from __future__ import annotations

import pytest

from frontlines.nlp.numbers import (
    EventTexts,
    carries_deaths,
    crowd_size,
    deathless,
    event_fatalities,
    default_lexicon,
    fatalities,
    fatalities_in,
    fatality_mentions,
    injuries_in,
    number_phrases,
    parse_number,
    passive_death_report,
    tokenize,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        # plain counts, active and passive
        ("The raid ended after killing 3.", 3),
        ("Gunmen killed 3 people in the market.", 3),
        ("3 people were killed in the blast.", 3),
        ("The car bomb left 5 dead.", 5),
        ("Officials said 5 dead after the clash.", 5),
        ("1 killed.", 1),
        ("1 fatality.", 1),
        ("2 fatalities.", 2),
        # vague quantities (our conventions: several / a few / some -> 3, dozens -> 12 ...)
        ("The bombings claimed the lives of several FSA fighters.", 3),
        ("Rebels found the bodies of several men who had been executed.", 3),
        ("Videos showed dozens of corpses at the headquarters.", 12),
        ("Air strikes killed a dozen fighters.", 12),
        ("Hundreds were killed in the offensive.", 100),
        ("Tens of villagers died.", 10),
        ("A few soldiers were killed.", 3),
        ("Some civilians were killed.", 3),
        # written numbers
        ("The attackers killed twenty-five people.", 25),
        ("Officials said 1,200 people were killed.", 1200),
        ("Police said one hundred and twenty people died.", 120),
        # singular victims
        ("A gunman killed a man outside the mosque.", 1),
        ("A soldier was killed by a roadside bomb.", 1),
        ("The PDF shot and killed the village administrator at his home.", 1),
        ("The armed suspect was killed.", 1),
        ("A man died of his wounds.", 1),
        # sums and parts
        ("Two soldiers and three civilians were killed.", 5),
        ("Eight women and three men were shot and killed by gunmen.", 11),
        ("Gunmen shot and killed seven men and three women in the bar.", 10),
        ("Militants killed 10 people, including 3 children.", 10),
        ("Both victims were killed in the attack.", 2),
        ("Police killed 2 suspects. Three more people were also killed later.", 5),
        # bounds, ranges and conflicting reports -> the lowest
        ("Troops killed at least 4 militants.", 4),
        ("Between 5 and 8 people were killed.", 5),
        ("Five to eight people were killed.", 5),
        ("Strikes killed up to 10 people.", 10),
        ("The strike killed 5, though other reports said 8 were killed.", 5),
        ("ADF killed at least 2 civilians. 2 fatalities.", 2),
        ("The death toll rose to 12.", 12),
        ("Rioters shot two men dead.", 2),
        ("Four men were shot dead on the road.", 4),
        ("A woman was stabbed to death.", 1),
        ("The clash resulted in the killing of 3 people and several injuries.", 3),
        # zero reports
        ("There were no fatalities.", 0),
        ("No casualties were reported.", 0),
        ("No one was killed in the attack.", 0),
        # injuries and crowds are not deaths
        ("The blast wounded 4 people.", None),
        ("Shelling injured 4, injuring 2 more later.", None),
        ("Troops ambushed the convoy, killing 3 and injuring 4.", 3),
        ("3 killed and 4 people were wounded.", 3),
        ("Several people were injured. 2 militants were killed.", 2),
        ("Around 200 residents marched. [size=around 200]", None),
        ("Students protested. [size=no report]", None),
        ("Casualties unknown.", None),
        ("He was released 2 days ago.", None),
        ("Soldiers killed the men.", None),
        # ACLED's own statement of a coded figure (split evenly over locations)
        ("Killing dozens of fighters. Unclear fatalities coded as 12 and split between 2 locations.", 6),
        ("Unknown fatalities coded as 3.", 3),
    ],
)
def test_fatalities(text: str, expected: int | None) -> None:
    assert fatalities_in(text) == expected


def test_fatality_mentions_give_spans() -> None:
    text = "Rebels killed 3 soldiers near the base."
    (start, end, count), = fatality_mentions(text)
    assert count == 3 and text[start:end] == "3 soldiers"


def test_fatalities_accepts_a_span_like_object() -> None:
    class FakeSpan:
        text = "Four men were shot dead."

    assert fatalities(FakeSpan()) == 4
    assert fatalities("Four men were shot dead.") == 4


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Troops ambushed the convoy, killing 3 and injuring 4.", 4),
        ("3 killed and 4 people were wounded.", 4),
        ("The blast wounded a dozen people.", 12),
        ("No one was injured.", 0),
        ("Gunmen killed 3 people.", None),
    ],
)
def test_injuries(text: str, expected: int | None) -> None:
    assert injuries_in(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Workers protested. [size=no report]", None),
        ("Residents marched. [size=around 200]", 200),
        ("People rallied. [size=between 300 and 1,000]", 300),
        ("People rallied. [size=dozens]", 12),
        ("Around 200 residents marched to the town hall.", 200),
        ("Hundreds of people held a protest in the square.", 100),
        ("A group of people protested.", None),
    ],
)
def test_crowd_size(text: str, expected: int | None) -> None:
    assert crowd_size(text) == expected


@pytest.mark.parametrize(
    "text, value",
    [("twenty-five", 25), ("1,200", 1200), ("three hundred", 300), ("at least 4", 4), ("dozens of", 12),
     ("between 5 and 8", 5), ("a few", 3), ("1.5 million", 1_500_000), ("a hundred", 100)],
)
def test_number_parser(text: str, value: int) -> None:
    num = parse_number(tokenize(text), 0, default_lexicon())
    assert num is not None and num.value == value


@pytest.mark.parametrize(
    "text, expected",
    [
        # years and ages are not counts
        ("On 29 April 2022, 1 NRF member was killed during clashes.", 1),
        ("Troops killed a 7-year-old child in the raid.", 1),
        ("The head of 100 households was shot dead.", 1),
        # lists: "and" sums, a comma sums only inside a list closed by "and"
        ("Three volunteer fighters (VDP) and a councilman were killed.", 4),
        ("As a result of shelling, three civilians were killed.", 3),
        ("Attackers torched a house, killing his wife and three children.", 4),
        ("Gunmen killed a driver and his co-driver.", 2),
        # a short closing sentence that states the total is the report's own sum
        ("One police officer was killed and one was wounded. 1 fatality, 1 injury.", 1),
        ("The attackers killed one person and injured two. There was one fatality.", 1),
        ("A man was killed. In the same street, a man was shot and killed. 2 fatalities.", 2),
        # separate reports add up; restatements ("the five victims", "he") do not
        ("Gunmen killed 5 people. The bodies of the five victims were found later.", 5),
        ("30 soldiers were killed. Additionally, 4 rebels were killed.", 34),
        ("A TLP member stabbed a man in the market. He was killed in the attack.", 1),
        ("A man was beaten by a mob. The man later died at the hospital.", 1),
        # mixed harm and background deaths are not deaths of this event
        ("51 Taliban were killed or wounded in the area.", None),
        ("Residents protested against the killing of a taxi driver.", None),
        ("Rioters blocked roads following the killing of two students.", None),
        ("Relatives gathered to demand justice for the 3 men killed last year.", None),
        # threats and hypotheticals are not reports
        ("The group vowed to kill 10 hostages.", None),
        ("ISIS offered a reward to anyone who beheads one of the leaders.", None),
        ("Gunmen kill 5 in raid on village", 5),
        # the attack that kills is not protest context: "against" alone does not hide it
        ("The PDF conducted mine attacks against a military convoy, killing 12 soldiers.", 12),
        ("Separatists drove over two children, killing both.", 2),
        ("Police opened fire on a civilian, killing him.", 1),
        ("Between 1 to 3 armed men, including their leader, were killed.", 1),
        ("At least seven civilians in different districts of the city were killed.", 7),
    ],
)
def test_fatalities_harder_cases(text: str, expected: int | None) -> None:
    assert fatalities_in(text) == expected


def test_acled_split_statement_rounds_the_first_share_up() -> None:
    assert fatalities_in("Clashes left 40 dead. 40 fatalities split between 6 events.") == 7


@pytest.mark.parametrize(
    "text, expected",
    [
        # news leads restate or break down a toll: the largest single statement stands
        ("Air strikes killed at least 12 civilians. Shelling on two districts left 11 people dead.", 12),
        ("62 Syrian troops killed in strikes\n\nMore than 60 soldiers were killed on Saturday.", 62),
        # an explicit conflict across sentences: the lowest
        ("Gunmen killed 8 villagers. However, police said 5 people were killed.", 5),
        ("At Least 48 Killed and Injured in Mortar Attacks.", None),
    ],
)
def test_fatalities_across_sentences_in_news(text: str, expected: int | None) -> None:
    assert fatalities_in(text) == expected


# ---------------------------------------------------------------- fatality phrases (issue 3 table)


@pytest.mark.parametrize(
    "text, expected",
    [
        # a count of nouns joined by "and" before the death verb
        ("About five soldiers and policemen were killed and ten others were injured.", 5),
        ("A total of 12 soldiers and militiamen were killed.", 12),
        ("Two police officers and a soldier were killed.", 3),  # "and a soldier" is a count: a chain
        ("A policeman and two soldiers were killed.", 3),
        # a wound detail between the violence verb and "and killed"
        ("A man was shot in the head and killed near the market.", 1),
        ("A trader was shot five times and killed by gunmen.", 1),
        ("The driver was stabbed several times and killed.", 1),
        # bodies
        ("A man's body was found on the roadside.", 1),
        ("The man's body was found on the roadside.", None),  # a re-description, no new count
        ("Villagers found the bodies of three men.", 3),
        # ACLED's own statements
        ("2 fatalities split across 6 events; 1 fatality coded for this event.", 1),
        ("Unknown fatalities coded as 3.", 3),
        ("Fatalities coded as 12 and split between 2 locations.", 6),
        # deaths coded with another event are not this event's
        ("Jets struck the base, killing 17 militants (coded separately).", None),
        ("Three civilians were killed (fatalities coded to the Kyiv event).", None),
        ("Militants attacked A and B [coded separately], killing four villagers.", 4),
        ("Troops killed 3 rebels. Jets later killed 17 more (coded separately).", 3),
        # the wounded who die later add to the dead
        ("A wounded man succumbed in hospital.", 1),
        ("Soldiers killed two men and injured a third. The injured man died later.", 3),
        ("Gunmen killed a man. The man was buried on Sunday.", 1),  # a re-mention does not add
        # singular and word numbers
        ("Five people were injured and one person died.", 1),
        ("The attackers killed his wife and two children.", 3),
        ("Militants killed twenty-one villagers.", 21),
        # numbers that are not deaths
        ("A 25-year-old man was killed.", 1),
        ("Police arrested 14 people after 2 people were killed.", 2),
        ("In 2021, 300 people were arrested.", None),
        ("5 houses were burned and 2 people were killed.", 2),
    ],
)
def test_fatality_phrases(text: str, expected: int | None) -> None:
    assert fatalities_in(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Three soldiers were killed.", True),
        ("One person died and two were injured.", True),
        ("The clashes resulted in at least 3 fatalities.", True),
        ("Two civilians were killed by stray bullets.", True),
        ("Police killed 3 suspects.", False),  # a killer is named: an incident of its own
        ("Two civilians were killed by Al Shabaab militants.", False),
        ("Five people were injured.", False),  # no deaths
    ],
)
def test_passive_death_report(text: str, expected: bool) -> None:
    assert passive_death_report(text) is expected


def _slot(sentence: int, text: str, carries: bool = True, date: str = "2022-05-05", deathless: bool = False,
          paragraph: int = 0, confidence: float = 0.5) -> EventTexts:
    return EventTexts(sentence, paragraph, (text,), carries, sentence, date, deathless, confidence, date)


def test_toll_told_after_the_incident_joins_it() -> None:
    sentences = ["On 5 May militants ambushed a convoy near the town.", "Three soldiers were killed.",
                 "Police seized a rifle.", "3 fatalities."]
    events = [_slot(0, sentences[0]), _slot(1, sentences[1]), _slot(2, sentences[2], carries=False)]
    assert event_fatalities(events, sentences, [0, 0, 0, 0]) == [3, 3, 0]


def test_a_later_event_of_the_same_incident_does_not_take_the_toll() -> None:
    sentences = ["Troops clashed with rebels in the hills.", "Aircraft also struck rebel positions.",
                 "One soldier died."]
    events = [_slot(0, sentences[0]), _slot(1, sentences[1])]
    assert event_fatalities(events, sentences, [0, 0, 0]) == [1, 0]


def test_a_separate_incident_takes_the_deaths_told_after_it() -> None:
    sentences = ["Troops clashed with rebels in the hills.", "In a separate incident, a bomb exploded in the market.",
                 "Two people died."]
    events = [_slot(0, sentences[0]), _slot(1, sentences[1])]
    assert event_fatalities(events, sentences, [0, 0, 0]) == [0, 2]
    # a new date is a new incident too
    events = [_slot(0, sentences[0]), _slot(1, "A bomb exploded in the market.", date="2022-05-06")]
    assert event_fatalities(events, sentences, [0, 0, 0]) == [0, 2]


def test_deaths_in_another_paragraph_stay_there() -> None:
    sentences = ["Troops clashed with rebels.", "Two people died."]
    assert event_fatalities([_slot(0, sentences[0])], sentences, [0, 1]) == [0]


def test_a_killer_named_after_the_incident_is_its_own_event() -> None:
    sentences = ["Gunmen attacked a village.", "Later, police killed 2 suspects."]
    events = [_slot(0, sentences[0]), _slot(1, "police killed 2 suspects")]
    assert event_fatalities(events, sentences, [0, 0]) == [0, 2]


def test_stated_total_wins_over_the_parts() -> None:
    sentences = ["Gunmen shot and killed a man in the market.", "Two bystanders were killed by stray bullets.",
                 "3 fatalities."]
    events = [_slot(0, sentences[0])]
    assert event_fatalities(events, sentences, [0, 0, 0]) == [3]


def test_peaceful_protest_has_no_deaths() -> None:
    sentences = ["Residents protested after police shot and killed a man."]
    events = [_slot(0, sentences[0], carries=False, deathless=True)]
    assert event_fatalities(events, sentences, [0]) == [0]
    assert deathless("Peaceful protest") and not deathless("Excessive force against protesters")
    assert carries_deaths("Battles", "Armed clash") and not carries_deaths("Protests", "Peaceful protest")
    assert carries_deaths("Protests", "Excessive force against protesters")


def test_the_toll_goes_to_the_most_confident_event_of_the_incident() -> None:
    sentences = ["Rebels attacked the base and troops fought them back.", "Two soldiers were killed."]
    events = [_slot(0, "Rebels attacked the base", confidence=0.5), _slot(0, "troops fought them back", confidence=0.8)]
    assert event_fatalities(events, sentences, [0, 0]) == [0, 2]


@pytest.mark.parametrize(
    "later, expected",
    [
        ("Activists said 12 people were killed.", 8),  # a restatement: the lead's toll stands
        ("Another 2 died later in hospital.", 10),  # more deaths add
        ("Other sources said 5 people were killed.", 5),  # conflicting reports: the lowest
        ("The war has claimed more than 300,000 lives.", 8),
    ],
)
def test_reports_after_a_stated_toll(later: str, expected: int) -> None:
    sentences = ["On 5 May jets killed 8 people in the market.", later]
    assert event_fatalities([_slot(0, sentences[0])], sentences, [0, 0]) == [expected]


def test_reports_far_from_the_incident_or_dated_otherwise_stay_out() -> None:
    filler = ["The town lies on the main road.", "Residents fled.", "Shops closed.", "Schools shut."]
    sentences = ["Jets struck the market.", *filler, "Two people were killed."]
    assert event_fatalities([_slot(0, sentences[0])], sentences, [0] * 6) == [0]
    sentences = ["Jets struck the market.", *filler, "2 fatalities."]  # a stated total joins however far
    assert event_fatalities([_slot(0, sentences[0])], sentences, [0] * 6) == [2]
    sentences = ["Jets struck the market.", "Two people were killed on 9 May."]
    dates = ["2022-05-05", "2022-05-09"]
    assert event_fatalities([_slot(0, sentences[0])], sentences, [0, 0], sentence_dates=dates) == [0]
    sentences = ["Jets struck the market.", "A wounded man succumbed on 9 May."]  # deaths of wounds join
    assert event_fatalities([_slot(0, sentences[0])], sentences, [0, 0], sentence_dates=dates) == [1]
    sentences = ["Jets struck the market.", "The war has killed 300,000 people since 2011."]
    assert event_fatalities([_slot(0, sentences[0])], sentences, [0, 0]) == [0]


def test_a_follow_up_that_names_the_incident_as_killer() -> None:
    assert passive_death_report("The attack killed 12 junta soldiers.")
    assert passive_death_report("Al Shabaab claimed killing three soldiers.")
    assert not passive_death_report("Police killed 12 suspects.")


def test_among_the_dead() -> None:
    assert fatalities_in("Four children are among the 28 dead.") == 28
    assert fatalities_in("Militants killed 10 people, among them 3 children.") == 10


def test_a_casualty_clause_is_read_in_its_whole_sentence() -> None:
    sentences = ["On 5 May tribal militias clashed in the district.",
                 "The army sustained 1 fatality and 5 militiamen were killed."]
    events = [_slot(0, sentences[0]), _slot(1, "5 militiamen were killed.")]
    assert event_fatalities(events, sentences, [0, 0])[0] == 6


@pytest.mark.parametrize("text, value", [
    ("militants killed twenty-five villagers", 25), ("between 5 and 8 soldiers died", 5),
    ("at least 3 people were killed", 3), ("dozens of protesters were injured", 12),
    ("a dozen soldiers", 12), ("no one was hurt", 0), ("1.5 million people fled", 1_500_000),
    ("tens of thousands marched", 10_000), ("a hundred fighters", 100), ("both guards", 2),
])
def test_every_kind_of_number_phrase_still_opens_where_it_starts(text, value):
    lex = default_lexicon()
    toks = tokenize(text)
    assert [n.value for n in number_phrases(toks, lex)][:1] == [value]
    assert not lex.may_open_number("villagers") and lex.may_open_number("twenty-five")
