"""Tests for summarizer._numbers: parsing number expressions and finding figures in news text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer._numbers import NumberMatch, find_numbers, parse_number

# --------------------------------------------------------------------------------------------
# parse_number: expression -> (value, value_max, unit, approximate, comparator)
# --------------------------------------------------------------------------------------------

PARSE_CASES = [
    # grouping: Western and South Asian (lakh = 10**5, crore = 10**7)
    ("250,000", 250000, None, None, False, None),
    ("1,250,000.5", 1250000.5, None, None, False, None),
    ("2,50,000", 250000, None, None, False, None),
    ("1,20,00,000", 12000000, None, None, False, None),
    ("12,34,567.89", 1234567.89, None, None, False, None),
    ("8000", 8000, None, None, False, None),
    ("0.05", 0.05, None, None, False, None),
    ("-3.5", -3.5, None, None, False, None),
    ("minus 4", -4, None, None, False, None),
    # scales
    ("1.5 million", 1500000, None, None, False, None),
    ("10k", 10000, None, None, False, None),
    ("3.2m", 3200000, None, None, False, None),
    ("4 billion", 4e9, None, None, False, None),
    ("2 trillion", 2e12, None, None, False, None),
    ("5 lakh", 500000, None, None, False, None),
    ("3 lakhs", 300000, None, None, False, None),
    ("7 crores", 70000000, None, None, False, None),
    # number words
    ("two hundred", 200, None, None, False, None),
    ("twenty-five", 25, None, None, False, None),
    ("one hundred and five", 105, None, None, False, None),
    ("eleven", 11, None, None, False, None),
    ("three", 3, None, None, False, None),
    ("a dozen", 12, None, None, False, None),
    ("a hundred", 100, None, None, False, None),
    ("a thousand", 1000, None, None, False, None),
    ("five million", 5e6, None, None, False, None),
    ("two and a half million", 2500000, None, None, False, None),
    ("a quarter of a million", 250000, None, None, True, None),
    ("half a million", 500000, None, None, True, None),
    ("three quarters of a billion", 7.5e8, None, None, True, None),
    # vague quantities
    ("dozens", None, None, None, True, None),
    ("hundreds", None, None, None, True, None),
    ("thousands", None, None, None, True, None),
    ("hundreds of thousands", None, None, None, True, None),
    ("tens of thousands", None, None, None, True, None),
    # percentages and shares
    ("40%", 40, None, "percent", False, None),
    ("12.5 %", 12.5, None, "percent", False, None),
    ("40 percent", 40, None, "percent", False, None),
    ("40 per cent", 40, None, "percent", False, None),
    ("forty percent", 40, None, "percent", False, None),
    ("a quarter", 25, None, "percent", True, None),
    ("two-thirds", pytest.approx(66.6667, rel=1e-4), None, "percent", True, None),
    # currencies
    ("Rs 2 crore", 20000000, None, "INR", False, None),
    ("Rs. 10 lakh crore", 1e13, None, "INR", False, None),
    ("₹5 lakh", 500000, None, "INR", False, None),
    ("INR 3,500", 3500, None, "INR", False, None),
    ("$1.5bn", 1.5e9, None, "USD", False, None),
    ("$3bn", 3e9, None, "USD", False, None),
    ("€3m", 3e6, None, "EUR", False, None),
    ("£200", 200, None, "GBP", False, None),
    ("¥500", 500, None, "JPY", False, None),
    ("US$20,000", 20000, None, "USD", False, None),
    ("NZ$26 million", 26e6, None, "NZD", False, None),
    ("A$4.5m", 4.5e6, None, "AUD", False, None),
    ("C$300", 300, None, "CAD", False, None),
    ("USD 5 million", 5e6, None, "USD", False, None),
    ("5 million euros", 5e6, None, "EUR", False, None),
    ("422,000 euros", 422000, None, "EUR", False, None),
    ("200 pounds", 200, None, "GBP", False, None),
    ("300 rupees", 300, None, "INR", False, None),
    ("10 US dollars", 10, None, "USD", False, None),
    ("1.2bn GBP", 1.2e9, None, "GBP", False, None),
    # ranges
    ("about 3 to 5 billion", 3e9, 5e9, None, True, "about"),
    ("between 10 and 12", 10, 12, None, False, None),
    ("10-12", 10, 12, None, False, None),
    ("10–12", 10, 12, None, False, None),
    ("$1-2 million", 1e6, 2e6, "USD", False, None),
    ("10-12%", 10, 12, "percent", False, None),
    ("between $10 and $12 million", 10e6, 12e6, "USD", False, None),
    ("three to five", 3, 5, None, False, None),
    ("900 to 1.2 million", 900, 1.2e6, None, False, None),
    # markers and comparators
    ("more than 900", 900, None, None, False, "more than"),
    ("over 700", 700, None, None, False, "more than"),
    ("above 5%", 5, None, "percent", False, "more than"),
    ("at least 107", 107, None, None, False, "at least"),
    ("107 or more", 107, None, None, False, "at least"),
    ("nearly 40%", 40, None, "percent", True, "about"),
    ("almost 2,000", 2000, None, None, True, "about"),
    ("about 80", 80, None, None, True, "about"),
    ("around 1,000", 1000, None, None, True, "about"),
    ("roughly 3.5 million", 3.5e6, None, None, True, "about"),
    ("approximately 250", 250, None, None, True, "about"),
    ("some 300", 300, None, None, True, "about"),
    ("up to 1,000", 1000, None, None, False, "up to"),
    ("as many as 300", 300, None, None, False, "up to"),
    ("at most 5", 5, None, None, False, "at most"),
    ("less than 1%", 1, None, "percent", False, "less than"),
    ("fewer than 20", 20, None, None, False, "less than"),
    ("under 18", 18, None, None, False, "less than"),
    ("below 3 percent", 3, None, "percent", False, "less than"),
    ("more than a thousand", 1000, None, None, False, "more than"),
    ("about a dozen", 12, None, None, True, "about"),
]


def _approx(expected):
    """Compare floats loosely; None and ready-made pytest.approx values pass through."""
    return pytest.approx(expected) if isinstance(expected, (int, float)) else expected


@pytest.mark.parametrize("expr, value, value_max, unit, approximate, comparator", PARSE_CASES)
def test_parse_number(expr, value, value_max, unit, approximate, comparator):
    m = parse_number(expr)
    assert m is not None, expr
    assert (m.start, m.end, m.raw) == (0, len(expr), expr)
    assert m.value == _approx(value)
    assert m.value_max == _approx(value_max)
    assert (m.unit, m.approximate, m.comparator) == (unit, approximate, comparator)


@pytest.mark.parametrize("expr", [
    "", "a", "an", "the", "one of", "G7", "MH17", "COVID-19", "9/11", "2021-09-01", "13th",
    "3 pm", "3 p.m.", "10:30", "January 13", "13 January 2022", "17-year-old", "v1.2.3",
    "1,2,3", "1,000,00", "3-2", "some", "over", "a few", "3 apples",
])
def test_parse_number_rejects_non_numbers(expr):
    assert parse_number(expr) is None


def test_parse_number_offsets_ignore_surrounding_space():
    m = parse_number("  $1.5bn ")
    assert (m.start, m.end, m.raw, m.value, m.unit) == (2, 8, "$1.5bn", 1.5e9, "USD")


def test_parse_number_glued_unit_is_the_counted_noun():
    m = parse_number("5km")
    assert (m.value, m.unit, m.counted_noun) == (5, None, "km")


# --------------------------------------------------------------------------------------------
# find_numbers: figures in context, with what they count
# --------------------------------------------------------------------------------------------

def _figures(text: str) -> list[tuple]:
    return [(m.raw, m.value, m.value_max, m.unit, m.comparator, m.counted_noun)
            for m in find_numbers(text)]


FIND_CASES = [
    ("Estimating 2,50,000 residents stuck in Panjshir, Saleh said.",
     [("2,50,000", 250000, None, None, None, "residents")]),
    ("At least 107 killed in Mecca crane collapse",
     [("At least 107", 107, None, None, "at least", None)]),
    ("The crane fell, killing 107 or more and wounding 238.",
     [("107 or more", 107, None, None, "at least", None), ("238", 238, None, None, None, None)]),
    ("Fishermen rescued over 700 asylum seekers.",
     [("over 700", 700, None, None, "more than", "seekers")]),
    ("South Korea evacuated about 80 people after at least one shell landed.",
     [("about 80", 80, None, None, "about", "people"),
      ("at least one", 1, None, None, "at least", "shell")]),
    ("The South retaliated by firing dozens of rounds of artillery.",
     [("dozens", None, None, None, None, "rounds")]),
    ("at an estimated cost of NZ$26 million, although",
     [("NZ$26 million", 26e6, None, "NZD", None, None)]),
    ("only a quarter of citizens favoured it; the year before it was forty percent.",
     [("a quarter", 25, None, "percent", None, "citizens"),
      ("forty percent", 40, None, "percent", None, None)]),
    ("the schools must pay over 422,000 euros in arrears",
     [("over 422,000 euros", 422000, None, "EUR", "more than", None)]),
    ("The petition now has more than 11,000 signatures.",
     [("more than 11,000", 11000, None, None, "more than", "signatures")]),
    ("3 PG-7VR tandem charge projectiles can be seen",
     [("3", 3, None, None, None, "pg-7vr")]),
    ("The deal is worth Rs 2,500 crore (US$300m).",
     [("Rs 2,500 crore", 2.5e10, None, "INR", None, None),
      ("US$300m", 3e8, None, "USD", None, None)]),
    ("Analysts expect about 3 to 5 billion in losses.",  # a preposition: no counted noun
     [("about 3 to 5 billion", 3e9, 5e9, None, "about", None)]),
    ("Between 10 and 12 people died and 10–12 more were hurt.",
     [("Between 10 and 12", 10, 12, None, None, "people"), ("10–12", 10, 12, None, None, None)]),
    # "one of the guards" counts one guard (issue 13); "No one" and "the new one" count nothing
    ("He fired one shell. No one was hurt; one of the guards said the new one was fine.",
     [("one", 1, None, None, None, "shell"), ("one", 1, None, None, None, None)]),
    ("The 2015 election drew 1500 voters.",
     [("1500", 1500, None, None, None, "voters")]),
    ("Prices rose from 10 to 12 percent.",  # a change, not a range
     [("10", 10, None, None, None, None), ("12 percent", 12, None, "percent", None, None)]),
    ("a 10-point plan", [("10", 10, None, None, None, "point")]),
    ("Estimates of the damage ranged from 30% to 45% of all homes.",  # a range after "ranging from"
     [("30% to 45%", 30, 45, "percent", None, None)]),
    ("The 2000 km cable and a 1500 megawatt plant", [("2000", 2000, None, None, None, "km"),
                                                     ("1500", 1500, None, None, None, "megawatt")]),
    ("An estimated two-to-three hundred people came.",  # a range written with hyphens
     [("An estimated two-to-three hundred", 200, 300, None, "about", "people")]),
    ("A million and a half people signed, and a million-and-a-half more said maybe.",
     [("A million and a half", 1.5e6, None, None, None, "people"),
      ("a million-and-a-half", 1.5e6, None, None, None, None)]),
    ("An additional million-and-a-half joined.", [("million-and-a-half", 1.5e6, None, None, None, None)]),
    ("The raids killed hundreds if not thousands of villagers.",  # one figure, its upper guess after "if not"
     [("hundreds", None, None, None, None, None)]),
]


@pytest.mark.parametrize("text, expected", FIND_CASES)
def test_find_numbers_in_context(text, expected):
    assert _figures(text) == expected


@pytest.mark.parametrize("text", [
    # dates
    "Zakharova had said in a briefing on January 13.",
    "The vote is on 13 January 2022 and again on Jan. 13.",
    "Friday, August 21, 2015",
    "The first referendum is to be held from November 20 to December 11.",
    "The report dated 2021-09-01 recalled 9/11.",
    # years
    "In 2014 the tax system changed.",
    "The request was advanced by the Municipality in 2010.",
    "arrears for the period from 2004 to 2009",
    "Since 2001, until 1999, by 2030, during 1945.",
    "The 1990s were calm, and 2015's budget was small.",
    "2015 was a hot year; the 2015 election was close.",
    # times
    "The meeting started at 10:30 and ended at 3 pm, not 3 p.m. or 15:00 GMT.",
    # ordinals
    "He finished 13th, for the first time, ahead of the 2nd and 21st.",
    # ages as descriptors
    "A 17-year-old boy, aged 17, and a nine-month-old child.",
    "Gloria developed eczema at the age of four months.",
    "Thomas Sam, 42, and his wife Manju Sam, 36, are on trial.",
    "Last Friday the princess, 67, announced her bid; another brother, 22, was charged.",
    "The court sentenced Mark Doyle, now 31, on Friday.",
    # a year after "the" before a plural noun; a house number; a decimal with no leading zero
    "Ahead of the 2024 elections the party split.",
    "A spokesman for 10 Downing Street said so.",
    "It covers .0605 square km of forest.",
    # names and identifiers
    "The G7 summit discussed MH17, F-16 jets and COVID-19.",
    "the PG-7VR rounds",
    "He flew a Boeing 747 and used Internet Explorer 9 on Windows 7.",
    "deputies of Movimento 5 Stelle (M5S)",
    "He won Formula One; No. 5 and #1 were close.",
    "Install v1.2.3 or call 555-123-4567 or +1 202 555 0100.",
    "The Boeing 747-400 won 3-2 in the 2015-16 season.",
    # words that are not numbers
    "A weapons expert, who tweets as Calibre Obscura, said a tweet showed an image.",
    "No one knows; one of them said that the new one would be unique.",
])
def test_find_numbers_excludes_non_figures(text):
    assert find_numbers(text) == []


PARAGRAPHS = [
    # In the style of the project's seed articles (Indian and Russian news sites).
    ("Earlier in September, the residents of Panjshir valley appealed to the United Nations for "
     "humanitarian aid. Estimating 2,50,000 residents stuck in Panjshir, Saleh said that genocide "
     "may occur. The government has set aside Rs 2 crore, and ₹5 lakh more was pledged on "
     "January 13. Nearly 40% of the displaced are children; at least 107 schools have closed."),
    ("\"#Afghanistan Curious hardware today. 3 PG-7VR tandem charge projectiles can be seen, which "
     "is unusual (I magnified 2). These are only made in Russia,\" the tweet stated. In 2021 the "
     "G7 pledged $1.5bn, about 3 to 5 billion less than the UN's 10-12 billion appeal."),
    ("Six shells hit the area near posts 542 and 543 on August 20, 2015, at 4:30 p.m. The South "
     "evacuated about 80 people and fired dozens of rounds. A 17-year-old soldier, aged 17, was "
     "among more than 900 troops; up to 1,000 more, or a quarter of a million dollars' worth of "
     "gear, may follow within 48 hours. Between 10 and 12 vehicles and two hundred\nsoldiers left."),
    ("The fund, worth €3m (£2.6m or US$20,000,000), grew 12.5 per cent to 1,20,00,000 rupees "
     "in FY2022-23, version 2.0.1 of the report says; COVID-19 cut it by -3.5 per cent."),
]


@pytest.mark.parametrize("text", PARAGRAPHS)
def test_offsets_point_at_raw_text(text):
    matches = find_numbers(text)
    assert matches
    for m in matches:
        assert text[m.start:m.end] == m.raw
    for a, b in itertools.pairwise(matches):
        assert a.end <= b.start


def test_paragraph_figures():
    values = {m.raw: (m.value, m.value_max, m.unit) for m in find_numbers(PARAGRAPHS[0])}
    assert values == {
        "2,50,000": (250000, None, None),
        "Rs 2 crore": (2e7, None, "INR"),
        "₹5 lakh": (5e5, None, "INR"),
        "Nearly 40%": (40, None, "percent"),
        "at least 107": (107, None, None),
    }
    raws = [m.raw for m in find_numbers(PARAGRAPHS[1])]
    assert raws == ["3", "2", "$1.5bn", "about 3 to 5 billion", "10-12 billion"]
    # The date, the time, both ages, the numbers in names and the label numbers ("posts 542 and
    # 543") are left out.
    raws = [m.raw for m in find_numbers(PARAGRAPHS[2])]
    assert raws == ["Six", "about 80", "dozens", "more than 900", "up to 1,000",
                    "a quarter of a million dollars", "48", "Between 10 and 12", "two hundred"]
    raws = [m.raw for m in find_numbers(PARAGRAPHS[3])]
    assert raws == ["€3m", "£2.6m", "US$20,000,000", "12.5 per cent", "1,20,00,000 rupees",
                    "-3.5 per cent"]


def test_match_is_a_frozen_dataclass():
    m = find_numbers("about 80 people")[0]
    assert isinstance(m, NumberMatch)
    with pytest.raises(AttributeError):
        m.value = 1  # type: ignore[misc]


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------

def western_grouping(n: int) -> str:
    """1234567 -> '1,234,567'"""
    digits, groups = str(n), []
    while len(digits) > 3:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return ",".join([digits, *groups])


def indian_grouping(n: int) -> str:
    """1234567 -> '12,34,567': the last group has three digits, the others two."""
    digits = str(n)
    if len(digits) <= 3:
        return digits
    head, groups = digits[:-3], [digits[-3:]]
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *groups])


def test_formatters():
    assert western_grouping(1250000) == "1,250,000"
    assert indian_grouping(12000000) == "1,20,00,000"
    assert indian_grouping(250000) == "2,50,000"
    assert indian_grouping(999) == western_grouping(999) == "999"


FORMATTERS = st.sampled_from([western_grouping, indian_grouping])
AMOUNTS = st.integers(min_value=0, max_value=10**15)


@given(n=AMOUNTS, fmt=FORMATTERS)
def test_grouped_integers_round_trip(n, fmt):
    m = parse_number(fmt(n))
    assert m is not None and m.value == float(n) and m.raw == fmt(n)


@given(n=AMOUNTS, cents=st.integers(min_value=0, max_value=99), fmt=FORMATTERS)
def test_grouped_decimals_round_trip(n, cents, fmt):
    written = f"{fmt(n)}.{cents:02d}"
    m = parse_number(written)
    assert m is not None and m.value == float(f"{n}.{cents:02d}")


@given(n=AMOUNTS, fmt=FORMATTERS)
def test_grouped_numbers_are_found_in_a_sentence(n, fmt):
    written = fmt(n)
    text = f"Officials said {written} people were affected."
    (m,) = find_numbers(text)
    assert (m.raw, m.value, m.counted_noun) == (written, float(n), "people")


TRICKY_TOKENS = [
    "about", "over", "more than", "at least", "up to", "between", "and", "to", "or more", "a",
    "one", "two hundred", "a quarter of a", "million", "bn", "lakh", "crore", "dozens", "per cent",
    "%", "$", "US$", "NZ$", "Rs.", "₹", "€", "-", "–", "+", "1", "10", "2,50,000", "1,000",
    "2015", "1.5", "3m", "G7", "PG-7VR", "Boeing", "747", "January", "13", "13th", "10:30", "pm",
    "year-old", "aged", "No.", "#", "9/11", ",", ".", "\n", "people", "of", "from", "in",
]
TRICKY_TEXT = st.lists(
    st.tuples(st.sampled_from(TRICKY_TOKENS), st.sampled_from(["", " ", "  ", "-", "\n", ", "])),
    max_size=25,
).map(lambda parts: "".join(token + sep for token, sep in parts))


def _check_spans(text: str) -> None:
    matches = find_numbers(text)
    for m in matches:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start:m.end] == m.raw
    for a, b in itertools.pairwise(matches):
        assert a.end <= b.start


@settings(max_examples=300)
@given(text=TRICKY_TEXT)
def test_spans_never_overlap_on_number_like_text(text):
    _check_spans(text)


@settings(max_examples=300)
@given(text=st.text(max_size=200))
def test_spans_never_overlap_on_arbitrary_text(text):
    _check_spans(text)


# --- issue 13: counts, money, percentages and measurements only ----------------------------------
def _raws(text: str) -> list[str]:
    return [m.raw for m in find_numbers(text)]


def test_a_dash_between_two_years_is_a_span_of_years_not_a_count():
    assert _raws("Emissions will fall over 2000 - 2050 under the plan.") == []
    assert _raws("The survey covered 1990 – 2010 in every district.") == []
    assert _raws("Over 2000 people marched through the centre.") == ["Over 2000"]


def test_a_year_before_levels_is_a_baseline_year():
    assert _raws("They promised to cut emissions to 10% of 2000 levels by 2030.") == ["10%"]
    assert _raws("Emissions returned to 1990 levels within a decade.") == ["a decade"] or \
        "1990" not in _raws("Emissions returned to 1990 levels within a decade.")


def test_numbers_that_label_are_not_figures():
    assert _raws("Crowds gathered near police posts 542 and 543 on the border.") == []
    assert "5" not in _raws("Passengers waited at gate 5 for three hours.")
    assert _raws("The Boeing 707 landed safely.") == []
    assert _raws("Officials counted 300 posts along the frontier.") == ["300"]


def test_a_scale_glued_to_a_noun_is_a_figure_of_speech():
    # "a billion-year contract" counts nothing: documented as no figure (neither 1,000,000,000 years
    # nor a billion of anything)
    assert _raws("It signed a billion-year contract with the firm.") == []
    assert _raws("A billion people watched the final.") == ["A billion"]


def test_south_asian_grouping_reads_as_written():
    (match,) = find_numbers("Saleh said 2,50,000 residents were stuck in the valley.")
    assert match.value == 250_000 and match.counted_noun == "residents"


def test_a_number_set_off_after_a_group_noun_is_still_a_count():
    # an age is set off after one person ("the princess, 67,"); after people it counts them
    assert [m.raw for m in find_numbers("the greatest number of women, 102, and people of colour")] == ["102"]


@pytest.mark.parametrize("text, expected", [
    ("The child weighed only 82 pounds when she was found.", [("82", None)]),
    ("The baby, weighing 7 pounds, was born at home.", [("7", None)]),
    ("She is now 20 pounds heavier than last year.", [("20", None)]),
    ("He paid 82 pounds for a ticket to the final.", [("82 pounds", "GBP")]),
])
def test_pounds_after_a_weighing_verb_are_a_weight_not_money(text, expected):
    assert [(m.raw, m.unit) for m in find_numbers(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("She escaped from the house and phoned 911 from a neighbour's phone.", []),
    ("Witnesses dialled 999 at once.", []),
    ("The court called 30 witnesses in two weeks.", ["30", "two"]),
])
def test_a_number_dialled_is_no_figure_but_a_count_after_call_is(text, expected):
    assert [m.raw for m in find_numbers(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("Thousands if not tens of thousands of people marched.", ["Thousands"]),
    ("The repairs could take months, or perhaps 2 years, the engineers said.", ["2"]),
    ("Some 3 buildings burned and, the mayor said, if not 40 homes were damaged.", ["Some 3", "40"]),
])
def test_a_second_guess_is_dropped_only_right_after_the_first(text, expected):
    assert [m.raw for m in find_numbers(text)] == expected


@pytest.mark.parametrize("text, expected", [
    ("The 1500 soldiers crossed the border at dawn.", ["1500"]),
    ("Turnout in the 2018 elections was low.", []),
    ("A spokesman for 10 Downing Street said so.", []),
    ("The 9 Supreme Court justices heard the case.", ["9"]),
])
def test_years_and_addresses_against_counts(text, expected):
    assert [m.raw for m in find_numbers(text)] == expected


def test_a_number_after_an_ellipsis_is_read_but_not_one_after_a_bare_decimal_point():
    assert [m.raw for m in find_numbers("The road was closed and...5 people died in the crash.")] == ["5"]
    assert [m.raw for m in find_numbers("The plot covers .0605 square km of land.")] == []


def test_an_abbreviation_before_the_counted_noun_is_a_modifier():
    (figure,) = find_numbers("The toilets use about 37 billion U.S. gallons of water a day.")
    assert figure.counted_noun == "gallons"
