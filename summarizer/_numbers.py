"""Find and parse the figures (quantities) written in a news article.

``parse_number(expr)`` reads one whole number expression; ``find_numbers(text)`` scans an article
and returns every figure with its character offsets, so ``text[m.start:m.end] == m.raw`` always.

An expression is, in order (every part but the number itself is optional)::

    [marker] [between] [currency] number [scale] [% | currency] [range] [or more / or so / +]

* number: digits with Western (``1,250,000.5``) or South Asian grouping (``2,50,000``,
  ``1,20,00,000``), a leading minus (``-3.5``, ``minus 4``), number words (``two hundred``,
  ``twenty-five``, ``a dozen``, ``two and a half``), fractions of a scale (``half a million``,
  ``a quarter of a million``), a share of a group in percent (``a quarter`` of citizens -> 25,
  ``two-thirds``), or a vague quantity (``dozens``, ``hundreds of thousands``), whose value is
  ``None``.
* scale: thousand, million, billion, trillion, lakh (10**5), crore (10**7), bn, mn, tn, and the
  glued ``k``/``m`` (``10k``, ``$3.2m``: a glued ``m`` is read as million, never as metres).
* unit: ``"percent"`` or an ISO 4217 currency code, from a sign or code before the number
  (``$``, ``US$``, ``NZ$``, ``€``, ``£``, ``₹``, ``Rs``, ``INR``...) or a code or word after it
  (``USD``, ``euros``, ``rupees``...).
* range: ``3 to 5 billion``, ``between 10 and 12``, ``10-12``, ``10–12``, ``$1-2 million``; a scale
  or unit written only on the upper bound applies to both.  ``X to Y`` is not a range after
  "from" (``rose from 10 to 12`` is a change, not a range).
* marker: about/around/roughly/approximately/nearly/almost/some/an estimated -> comparator
  "about" and ``approximate=True``; more than/over/above -> "more than"; less than/fewer
  than/under/below -> "less than"; at least, up to, at most.  "107 or more" -> "at least".

``find_numbers`` leaves out what is not a figure:

* dates: a month name next to a day or year (``January 13``, ``13 January 2022``, ``Jan. 13``,
  ``August 21, 2015``), ISO and slashed dates (``2021-09-01``, ``9/11``);
* years: a plain four-digit number from 1000 to 2100 (no grouping comma, no marker, currency,
  scale or %) unless a plural noun follows it (``1500 soldiers``); always a year after
  in/since/by/until/from/during/year/a month name, or before ``'s``; year ranges likewise;
* times: ``10:30``, ``3 pm``, ``3 p.m.``, ``15:00 GMT``, ``10 o'clock``; other colon ratios;
* ordinals: ``13th``, and ordinal words, which are never read as numbers;
* ages as descriptors: ``17-year-old``, ``nine-month-old``, ``aged 17``, ``age 17``,
  ``at the age of four``, and an age set off by commas after a name or one person's noun
  (``Thomas Sam, 42,``, ``the princess, 67,``);
* names and identifiers: digits glued to letters or joined to them by a hyphen (``G7``,
  ``MH17``, ``COVID-19``, ``F-16``, ``PG-7VR``, ``13th``, ``1990s``); a plain number right after
  a capitalised word that does not start a sentence (``Boeing 747``, ``Internet Explorer 9``,
  ``Movimento 5 Stelle``) and a capitalised number word mid-sentence (``Formula One``);
  ``No. 5``, ``#1``; hyphen chains that are not ranges (``3-2``, ``747-400``, ``2015-16``),
  dotted or hyphenated strings of three or more groups (``v1.2.3``, ``555-123-4567``) and
  ``+``-prefixed phone numbers;
* the article "a"/"an" is never a number; a lone "one" counts only when a lower-case noun-like
  word follows it and it is not "no one", "the one", "one day" and the like, or in "one of the
  students", "one of the guards": one of a group of people; not "one of the reasons", "one of
  these groups", "not one of").

* year spans and baselines: a four-digit year joined by a dash to another (``over 2000 - 2050``
  is a span of years, never "more than 2,000"), a year before "levels", "prices" and the like
  (``10% of 2000 levels``);
* labels: a plain number right after a noun it names, and the numbers listed with it (``police
  posts 542 and 543``, ``gate 5``, ``route 66``);
* figures of speech: "a" and a scale word glued by a hyphen to a noun (``a billion-year
  contract``, ``a million-dollar question``) describe size; they count nothing.

Known gaps: a name at the start of a sentence (``Windows 7 is``) or a Title Case headline (``Storm Kills 107``)
is misjudged; "several", "a few" and "twice" are not read as figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ._lexicon import POSSESSIVE_PRONOUNS, PRONOUNS, names_a_person

__all__ = ["NumberMatch", "find_numbers", "parse_number"]


@dataclass(frozen=True)
class NumberMatch:
    start: int  # char offset into the scanned text (inclusive)
    end: int  # exclusive; text[start:end] == raw
    raw: str  # the whole expression as written, markers, currency, scale, %, range included
    value: float | None  # numeric value (lower bound for ranges); None for vague quantities
    value_max: float | None  # upper bound for ranges, else None
    unit: str | None  # "percent", an ISO currency code, or None
    approximate: bool  # about/nearly/... or a vague quantity
    comparator: str | None  # "about", "at least", "more than", "less than", "up to", "at most"
    counted_noun: str | None  # the noun the number counts when it directly follows, lower-cased


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_UNIT_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
}
_TEEN_WORDS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}
# Words that multiply what precedes them but, unlike scales, do not close a group of thousands.
_SMALL_MULTIPLIERS = {"hundred": 100, "dozen": 12}
_SCALE_WORDS = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "lakh": 10**5, "lakhs": 10**5, "lac": 10**5, "lacs": 10**5,
    "crore": 10**7, "crores": 10**7,
}
# Scales that may follow digits as a separate word ("1.5 million", "$5 bn", "Rs 2 lakh crore").
_SCALES_AFTER_DIGITS = {
    **_SCALE_WORDS, **_SMALL_MULTIPLIERS,
    "bn": 10**9, "bln": 10**9, "mn": 10**6, "mln": 10**6, "tn": 10**12,
}
# Letters glued to digits that are a scale ("10k", "$3.2m", "$1.5bn").
_GLUED_SCALES = {"k": 10**3, "m": 10**6, "mn": 10**6, "bn": 10**9, "tn": 10**12}
# Short scales that are only unambiguous next to a currency ("$5b", "Rs 500 cr").
_CURRENCY_ONLY_SCALES = {"b": 10**9, "cr": 10**7}
_GLUED_PERCENT = {"pc", "pct"}
# Measurement units glued to digits: the number is a figure and the unit is what it counts.
_GLUED_UNITS = {
    "km", "kg", "mm", "cm", "ft", "mph", "kmh", "kph", "mw", "gw", "kw", "kwh", "mwh", "gwh",
    "mb", "gb", "tb", "ghz", "mhz", "lb", "lbs", "oz", "ml", "ha", "sq",
}

_NUMBER_WORDS = {**_UNIT_WORDS, **_TEEN_WORDS, **_TENS_WORDS}
_NUMBER_WORD_RE = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

# Only common codes: a longer list would read acronyms such as "PHP 7" as money.
_ISO_CODES = [
    "USD", "EUR", "GBP", "INR", "NZD", "AUD", "CAD", "JPY", "CNY", "CHF", "HKD", "SGD", "ZAR",
    "BRL", "RUB", "KRW", "PKR", "BDT", "LKR", "NPR", "AFN", "IRR", "IQD", "SAR", "AED", "QAR",
    "KWD", "TRY", "MXN", "NGN", "KES", "GHS", "EGP", "SEK", "NOK", "DKK", "PLN", "CZK", "HUF",
    "THB", "IDR", "MYR", "VND", "ILS", "UAH",
]
_ISO_RE = "|".join(_ISO_CODES)

# Signs and codes written before the number, longest first so "US$" wins over "$".
_CURRENCY_SIGNS = {
    "US$": "USD", "U.S.$": "USD", "NZ$": "NZD", "AU$": "AUD", "A$": "AUD", "CA$": "CAD",
    "C$": "CAD", "HK$": "HKD", "S$": "SGD", "R$": "BRL", "$": "USD", "€": "EUR", "£": "GBP",
    "¥": "JPY", "₹": "INR", "₩": "KRW", "₽": "RUB", "₦": "NGN", "Rs.": "INR", "Rs": "INR",
}
_CURRENCY_SIGN_RE = "|".join(re.escape(s) for s in sorted(_CURRENCY_SIGNS, key=len, reverse=True))

# Currency words written after the number: (pattern, code), most specific first.
_CURRENCY_WORDS = [
    (r"(?:US|U\.S\.|American)\s+dollars?", "USD"),
    (r"Australian\s+dollars?", "AUD"),
    (r"New\s+Zealand\s+dollars?", "NZD"),
    (r"Canadian\s+dollars?", "CAD"),
    (r"Hong\s+Kong\s+dollars?", "HKD"),
    (r"Singapore\s+dollars?", "SGD"),
    (r"dollars?", "USD"),
    (r"euros?", "EUR"),
    (r"(?:British\s+)?pounds?(?:\s+sterling)?", "GBP"),
    (r"Pakistani\s+rupees?", "PKR"),
    (r"Sri\s+Lankan\s+rupees?", "LKR"),
    (r"Nepalese\s+rupees?", "NPR"),
    (r"(?:Indian\s+)?rupees?", "INR"),
    (r"yen", "JPY"),
    (r"yuan|renminbi", "CNY"),
    (r"Swiss\s+francs?", "CHF"),
    (r"roubles?|rubles?", "RUB"),
]

# "weighed 82 pounds", "a 10-pound baby" are weights, "82 pounds heavier" too; "paid 82 pounds" is money.
_WEIGHT_BEFORE = re.compile(r"\b(?:weigh(?:s|ed|ing|t)?|weighing)\b(?:[^\S\r\n]+[\w,]+){0,2}[^\S\r\n]+$", re.IGNORECASE)
_WEIGHT_AFTER = re.compile(r"[^\S\r\n]+(?:heavier|lighter|overweight|underweight)\b", re.IGNORECASE)


def _weighs(text: str, start: int, end: int) -> bool:
    return _WEIGHT_BEFORE.search(text[max(0, start - 40):start]) is not None or \
        _WEIGHT_AFTER.match(text, end) is not None


# Markers before a number: (named group, pattern, comparator, approximate).
_MODIFIER = r"(?:(?:just|well|slightly)\s+)?"
_MARKERS = [
    ("about", (r"approximately|approx\.|roughly|around|about|nearly|almost|close\s+to|some"
               r"|an\s+estimated|estimated"), "about", True),
    ("at_least", r"at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of", "at least", False),
    ("at_most", r"at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of", "at most", False),
    ("up_to", r"up\s+to|as\s+(?:many|much)\s+as", "up to", False),
    ("more_than", _MODIFIER + r"(?:more\s+than|over|above|in\s+excess\s+of|upwards\s+of)",
     "more than", False),
    ("less_than", _MODIFIER + r"(?:less\s+than|fewer\s+than|under|below)", "less than", False),
]
_MARKER_INFO = {name: (comparator, approx) for name, _, comparator, approx in _MARKERS}

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December"
    "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)

# --------------------------------------------------------------------------------------------
# Regular expressions
# --------------------------------------------------------------------------------------------

# Whitespace inside an expression: spaces, at most one line break (never across paragraphs).
_WS = r"(?:[^\S\r\n]+(?:\r?\n[^\S\r\n]*)?|\r?\n[^\S\r\n]*)"
_END_WORD = r"(?![^\W_])"  # no letter or digit follows

# Digits: Western grouping, South Asian grouping (last group of three, the rest of two), or none.
# The lookahead refuses a partial match of a malformed group such as "1,000,00".
_NUMERAL = re.compile(
    r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,2}(?:,[0-9]{2})+,[0-9]{3}|[0-9]+)(?:\.[0-9]+)?"
    r"(?![0-9]|[.,][0-9])"
)
_LETTERS = re.compile(r"[^\W\d_]+")
_WORD_SEPARATOR = re.compile(_WS + r"|-")
_MINUS = re.compile(r"[-−](?=[0-9])|(?i:minus)" + _WS)
_MARKER = re.compile(
    r"\b(?:" + "|".join(rf"(?P<{name}>(?i:{pattern}))" for name, pattern, _, _ in _MARKERS)
    + r")(?!\w)" + _WS
)
_BETWEEN = re.compile(r"(?i:between)" + _WS)
_AND = re.compile(_WS + r"(?i:and)" + _WS)
_TO = re.compile(r"(?:" + _WS + r"|-)(?i:to)(?:" + _WS + r"|-(?=[^\W\d_]))")
# A glued hyphen only joins digits ("10-12", "$1-2m"); an en dash may be spaced ("10 – 12").
_RANGE_DASH = re.compile(r"-(?=[$€£¥₹]?[0-9])|[^\S\r\n]?–[^\S\r\n]?")
_CURRENCY_PREFIX = re.compile(
    rf"(?P<sign>{_CURRENCY_SIGN_RE})[^\S\r\n]?|(?P<code>{_ISO_RE})(?![A-Za-z])[^\S\r\n]?"
)
_SCALE_AFTER_DIGITS = re.compile(
    _WS + r"(?i:(?P<word>" + "|".join(sorted(_SCALES_AFTER_DIGITS, key=len, reverse=True))
    + r"|cr))" + _END_WORD
)
_PERCENT = re.compile(r"[^\S\r\n]?%|" + _WS + r"(?i:percent|per[^\S\r\n]?cent|pct)" + _END_WORD)
_CURRENCY_SUFFIX = re.compile(
    r"[^\S\r\n]?(?P<sign>€|£)"
    rf"|{_WS}(?P<code>{_ISO_RE})(?![A-Za-z])"
    + "".join(rf"|{_WS}(?P<w{i}>(?i:{pattern})){_END_WORD}"
              for i, (pattern, _) in enumerate(_CURRENCY_WORDS))
)
_POSTFIX = re.compile(
    _WS + r"(?i:or)" + _WS + r"(?i:(?P<more>more)|(?P<so>so)|(?P<fewer>fewer|less))" + _END_WORD
    + r"|(?P<plus>\+|-plus" + _END_WORD + r")(?![0-9])"
)
_FRACTION = re.compile(
    r"(?i:(?:(?P<count>an?|one|two|three)" + _WS + r")?(?P<frac>half|quarters?|thirds?)" + _WS
    + r"(?:of" + _WS + r")?(?:an?" + _WS + r")?"
    r"(?P<scale>million|billion|trillion|thousand|lakh|crore|dozen|hundred))" + _END_WORD
)
# A fraction of a group, read as a share in percent: "a quarter of citizens", "two-thirds".
# "half", "a quarter", "a third" alone are too often something else ("a third time"), so they
# need a following "of" (or to end the text, for parse_number); plural fractions do not.
_SHARE = re.compile(
    r"(?i:(?P<count>two|three|four)(?:-|" + _WS + r")(?P<fracs>thirds|quarters|fifths)" + _END_WORD
    + r"|(?:(?:an?|one)(?:-|" + _WS + r"))?(?P<frac>half|quarter|third|fifth)"
    + r"(?=" + _WS + r"of\b|[^\S\r\n]*\Z))"
)
_SHARE_OF = {"half": Decimal(50), "quarter": Decimal(25), "third": Decimal(100) / 3,
             "fifth": Decimal(20)}
_VAGUE = re.compile(
    r"(?i:(?:tens|hundreds|dozens)" + _WS + r"of" + _WS + r"(?:thousands|millions|billions|lakhs|crores)"
    r"|(?:several|a" + _WS + r"few|many|a" + _WS + r"couple" + _WS + r"of)" + _WS
    + r"(?:dozen|hundred|thousand|million|billion|lakh|crore)"
    r"(?:" + _WS + r"(?:thousand|million|billion))?"
    r"|dozens|scores(?=" + _WS + r"of\b)|hundreds|thousands|millions|billions|trillions"
    r"|lakhs|crores)" + _END_WORD
)

# Where a figure may begin: digits, a minus sign, a currency sign or code, or a starting word.
_START_WORDS = sorted(
    set(_NUMBER_WORDS) | {
        "a", "an", "half", "quarter", "quarters", "minus", "between", "several", "many",
        "dozens", "scores", "hundreds", "thousands", "millions", "billions", "trillions", "tens",
        "lakhs", "crores", "approximately", "approx", "roughly", "around", "about", "nearly",
        "almost", "close", "some", "estimated", "at", "no", "not", "up", "as", "just",
        "well", "slightly", "more", "over", "above", "in", "upwards", "less", "fewer", "under",
        "below", "thousand", "million", "billion",
    },
    key=len, reverse=True,
)
_CANDIDATE = re.compile(
    r"(?<![0-9])[0-9]"
    r"|(?<![\w\-–])[-−](?=[0-9])"
    rf"|(?<![^\W\d_])(?:{_CURRENCY_SIGN_RE})"
    rf"|\b(?:{_ISO_RE})\b"
    rf"|\b(?i:{'|'.join(_START_WORDS)})\b"
)
_NEXT_WORD = re.compile(_WS + r"([^\W\d_][\w'’\-]*)")
_OF = re.compile(_WS + r"(?i:of)(?=\s)")
_ABBREVIATION = re.compile(_WS + r"(?:[A-Z]\.){2,3}(?=\s)")  # "U.S.", "U.K.", "E.U."
_HYPHEN_COMPOUND = re.compile(r"-([^\W\d_]+)")
_PREVIOUS_WORD = re.compile(r"([^\W\d_][\w'’.\-]*)[^\S\r\n]+$")
# A digit token that failed to parse is skipped whole, so "PG-7VR" or "3-2" yield no inner match.
_DIGIT_TOKEN = re.compile(r"[0-9](?:[0-9]|[,.:/\-](?=[0-9]))*[^\W_]*")

# Spans that are never figures, found before scanning.
_NUMBER_OR_WORDS = rf"(?:[0-9]+|(?:{_NUMBER_WORD_RE})(?:[-\s](?:{_NUMBER_WORD_RE}))*)"
_BLOCKED_PATTERNS = [
    # Month-name dates: "January 13", "Jan. 13", "August 21, 2015", "May 5-7", "May 2016".
    re.compile(
        rf"\b(?:{_MONTHS})\b\.?,?[^\S\r\n]+(?:[0-9]{{1,2}}(?:st|nd|rd|th)?"
        r"(?:\s*[-–]\s*[0-9]{1,2}(?:st|nd|rd|th)?)?(?![0-9])(?:,?\s+[0-9]{4}\b)?|[0-9]{4}\b)"
    ),
    # "13 January 2022", "13th of January", "5-7 May".
    re.compile(
        r"(?<![0-9])[0-9]{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-9]{1,2}(?:st|nd|rd|th)?)?"
        rf"\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:,?\s+[0-9]{{4}}\b)?"
    ),
    # Slashed dates and fractions ("9/11", "24/7"), times, ratios and scores ("10:30", "3:1").
    re.compile(r"(?<![0-9])[0-9]+(?:/[0-9]+)+"),
    re.compile(r"(?<![0-9])[0-9]+(?::[0-9]+)+(?:\s*(?i:[ap]\.\s?m\.|[ap]m\b))?"),
    re.compile(r"(?<![0-9.])[0-9]{1,2}(?:\.[0-9]{2})?\s*(?i:[ap]\.\s?m\.|[ap]m\b)"),
    re.compile(r"(?<![0-9])[0-9]{1,4}\s*(?:GMT|UTC)\b|(?<![0-9])[0-9]{1,2}\s+o['’]clock\b"),
    # Versions, dotted dates, ISO dates and phone numbers: three or more groups.
    re.compile(r"(?<![0-9.])[0-9]+(?:\.[0-9]+){2,}|(?<![0-9\-])[0-9]+(?:-[0-9]+){2,}"),
    re.compile(r"\+[0-9][0-9 ()\-]{6,}[0-9]"),
    # Ages as descriptors.
    re.compile(
        rf"(?i:\b{_NUMBER_OR_WORDS}(?:\s*[-–]\s*|\s+)(?:year|month|week|day)s?(?:\s*[-–]\s*|\s+)old\b)"
    ),
    re.compile(
        rf"(?i:\b(?:aged|age|ages)\s+(?:of\s+)?(?:between\s+)?{_NUMBER_OR_WORDS}"
        rf"(?:\s*(?:-|–|to|and)\s*{_NUMBER_OR_WORDS})?)"
    ),
    # Numbered things: "No. 5", "No 10", "#1".
    re.compile(r"(?:\b(?:[Nn]os?\.)|\bNo\b|#)\s?[0-9]+"),
]

# --------------------------------------------------------------------------------------------
# Context word lists
# --------------------------------------------------------------------------------------------

# After these words a four-digit number is a year whatever follows it.
_YEAR_CONTEXT = {
    "in", "since", "by", "until", "till", "from", "during", "year", "circa", "spring", "summer",
    "autumn", "fall", "winter", "before", "after", "through",
} | {m.lower() for m in _MONTHS.split("|")}
# Words that end the search for a counted noun: function words, verbs, adverbs.
_NOT_NOUNS = {
    "a", "an", "the", "and", "or", "but", "nor", "of", "in", "on", "at", "to", "for", "by",
    "with", "from", "as", "into", "onto", "out", "up", "down", "off", "over", "under", "about",
    "after", "before", "during", "since", "until", "than", "per", "via", "against", "between",
    "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "will", "would",
    "can", "could", "may", "might", "shall", "should", "must", "do", "did", "does",
    "that", "which", "who", "whom", "whose", "this", "these", "those", "me", "more", "less", "fewer", "most", "least", "so", "said", "says", "say", "according", "also",
    "just", "only", "not", "no", "yet", "then", "there", "here", "when", "while", "where", "if",
    "because", "each", "apiece", "ago", "earlier", "later", "other", "others", "another",
    "again", "too", "very", "all", "both", "either", "some", "any", "every",
} | PRONOUNS | POSSESSIVE_PRONOUNS
_IRREGULAR_PLURALS = {
    "people", "men", "women", "children", "police", "personnel", "staff", "cattle", "sheep",
    "fish", "deer", "feet", "teeth", "mice", "geese", "crew", "dead", "livestock", "aircraft",
}
# A lone "one" is a pronoun after these words ("no one", "the one", "that one")...
_ONE_PRONOUN_BEFORE = {"no", "the", "any", "every", "each", "this", "that", "which", "such",
                       "last", "next"}
# ...and part of an idiom before these ("one day", "one way or another").
_ONE_IDIOM_AFTER = {"day", "time", "way", "point", "side", "hand", "another", "other",
                    "thing", "morning", "evening", "night"}
# A semicolon is left out: a capitalised word after it is more likely a name than a sentence start.
_SENTENCE_BREAKS = set(".!?:\"“”'‘’([{•|–—")


# --------------------------------------------------------------------------------------------
# Internal parse results
# --------------------------------------------------------------------------------------------

@dataclass
class _Side:
    """One number of an expression (a range has two), with what is written around it."""

    start: int
    end: int
    value: Decimal | None
    kind: str  # "digits", "words", "fraction", "share" or "vague"
    unit: str | None = None
    multiplier: Decimal | None = None  # trailing scale, shared with the lower bound of a range
    approximate: bool = False
    plain_digits: str | None = None  # the numeral when nothing but digits was written
    glued_noun: str | None = None  # "km" in "5km"


@dataclass
class _Expression:
    start: int
    end: int
    sides: list[_Side]
    value: Decimal | None
    value_max: Decimal | None
    unit: str | None
    approximate: bool
    comparator: str | None
    has_marker: bool
    has_postfix: bool

    @property
    def plain(self) -> bool:
        """Nothing but the number itself: no marker, currency, %, scale or postfix."""
        return (not self.has_marker and not self.has_postfix and self.unit is None
                and all(s.multiplier is None and s.kind in ("digits", "words")
                        and not s.glued_noun for s in self.sides))


def _to_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _is_plural(word: str) -> bool:
    word = word.lower()
    if word in _IRREGULAR_PLURALS or word.endswith(("children", "people", "women")):
        return True  # compounds of irregular plurals too: "schoolchildren", "townspeople"
    return len(word) > 2 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))


# --------------------------------------------------------------------------------------------
# The parser
# --------------------------------------------------------------------------------------------

class _Parser:
    """Parses number expressions at given offsets of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.blocked = bytearray(len(text))  # 1 where a date, time, age... was found
        for pattern in _BLOCKED_PATTERNS:
            for m in pattern.finditer(text):
                self.blocked[m.start():m.end()] = b"\x01" * (m.end() - m.start())

    def is_blocked(self, start: int, end: int) -> bool:
        return any(self.blocked[start:end])

    def blocked_until(self, pos: int) -> int:
        while pos < len(self.text) and self.blocked[pos]:
            pos += 1
        return pos

    # ---- whole expressions -------------------------------------------------------------------

    def parse(self, pos: int, allow_to_range: bool = True) -> _Expression | None:
        text, start = self.text, pos
        comparator, approximate = None, False
        marker = _MARKER.match(text, pos)
        if marker:
            comparator, approximate = _MARKER_INFO[marker.lastgroup]
            pos = marker.end()

        between = _BETWEEN.match(text, pos)
        if between:
            lower = self._side(between.end())
            joiner = lower and _AND.match(text, lower.end)
            upper = joiner and self._side(joiner.end())
            joined = upper and self._join_range(lower, upper)
            if not joined:
                return None
            sides = [lower, upper]
        else:
            lower = self._side(pos)
            if lower is None:
                return None
            sides, joined = [lower], None
            dash = _RANGE_DASH.match(text, lower.end) if lower.kind == "digits" else None
            if dash:
                upper = self._side(dash.end(), digits_only=True)
                joined = upper and self._join_range(lower, upper)
                if joined:
                    sides.append(upper)
                elif text[lower.end] == "-":
                    return None  # "3-2", "747-400", "2015-16": a score or code, not a quantity
            to = None if joined or not allow_to_range else _TO.match(text, lower.end)
            if to:
                upper = self._side(to.end())
                joined = upper and self._join_range(lower, upper)
                if joined:
                    sides.append(upper)

        if joined:
            value, value_max, unit = joined
        else:
            value, value_max, unit = lower.value, None, lower.unit
        end = sides[-1].end

        postfix = _POSTFIX.match(text, end) if comparator is None else None
        if postfix:
            end = postfix.end()
            if postfix.group("so"):
                comparator, approximate = "about", True
            elif postfix.group("fewer"):
                comparator = "at most"
            else:
                comparator = "at least"

        return _Expression(
            start=start, end=end, sides=sides, value=value, value_max=value_max, unit=unit,
            approximate=approximate or any(s.approximate for s in sides),
            comparator=comparator, has_marker=marker is not None, has_postfix=postfix is not None,
        )

    @staticmethod
    def _join_range(lower: _Side, upper: _Side) -> tuple[Decimal, Decimal, str | None] | None:
        """(low, high, unit) when the two sides make an increasing range, else None."""
        if lower.value is None or upper.value is None:
            return None
        if lower.unit and upper.unit and lower.unit != upper.unit:
            return None
        low = lower.value
        # "3 to 5 billion": a scale written only on the upper bound applies to both,
        # unless that would break the order ("900 to 1.2 million").
        if lower.multiplier is None and upper.multiplier is not None and lower.kind != "vague":
            scaled = low * upper.multiplier
            if scaled < upper.value:
                low = scaled
        if not low < upper.value:
            return None
        return low, upper.value, lower.unit or upper.unit

    # ---- one number with its currency, scale and unit ------------------------------------------

    def _side(self, pos: int, digits_only: bool = False) -> _Side | None:
        text, start = self.text, pos
        currency = None
        prefix = _CURRENCY_PREFIX.match(text, pos)
        if prefix:
            currency = _CURRENCY_SIGNS.get(prefix.group("sign")) or prefix.group("code")
            pos = prefix.end()
        minus = _MINUS.match(text, pos) if currency is None else None
        if minus:
            pos = minus.end()
        negative = minus is not None

        if digits_only or (negative and minus.group()[0] in "-−"):
            side = self._digits(pos, currency)
        else:
            side = (self._fraction(pos) or self._share(pos) or self._vague(pos)
                    or self._digits(pos, currency) or self._words(pos))
        if side is None or self.is_blocked(pos, side.end):
            return None
        side.start = start
        if negative and side.value is not None:
            side.value = -side.value
            side.plain_digits = None
        if currency:
            side.unit = currency
        if side.kind not in ("vague", "share") and side.unit is None:
            self._read_unit_suffix(side)
        return side

    def _read_unit_suffix(self, side: _Side) -> None:
        percent = _PERCENT.match(self.text, side.end)
        if percent:
            side.unit, side.end = "percent", percent.end()
            return
        suffix = _CURRENCY_SUFFIX.match(self.text, side.end)
        if suffix:
            group = suffix.lastgroup
            if group == "sign":
                side.unit = _CURRENCY_SIGNS[suffix.group("sign")]
            elif group == "code":
                side.unit = suffix.group("code")
            else:
                side.unit = _CURRENCY_WORDS[int(group[1:])][1]
                if side.unit == "GBP" and _weighs(self.text, side.start, suffix.end()):
                    side.unit = None  # "weighed only 82 pounds": a weight, counted as "pounds"
                    return
            side.end = suffix.end()

    def _digits(self, pos: int, currency: str | None) -> _Side | None:
        text = self.text
        numeral = _NUMERAL.match(text, pos)
        if not numeral:
            return None
        side = _Side(start=pos, end=numeral.end(), kind="digits",
                     value=Decimal(numeral.group().replace(",", "")))
        glued = _LETTERS.match(text, side.end)
        if glued:
            suffix = glued.group().lower()
            if suffix in _GLUED_SCALES:
                side.multiplier = Decimal(_GLUED_SCALES[suffix])
            elif currency and suffix in _CURRENCY_ONLY_SCALES:
                side.multiplier = Decimal(_CURRENCY_ONLY_SCALES[suffix])
            elif suffix in _GLUED_PERCENT:
                side.unit = "percent"
            elif suffix in _GLUED_UNITS:
                side.glued_noun = suffix
            else:
                return None  # "7VR", "13th", "1990s", "3D": part of a name, an ordinal or a decade
            side.end = glued.end()
        elif text[side.end:side.end + 1] == "_":
            return None
        else:
            side.multiplier = self._scale_words(side, currency)
            if side.multiplier is None:
                side.plain_digits = numeral.group()
        if side.multiplier is not None:
            side.value *= side.multiplier
        return side

    def _scale_words(self, side: _Side, currency: str | None) -> Decimal | None:
        """Read up to two scale words after digits ("1.5 million", "2 lakh crore")."""
        multiplier = None
        for _ in range(2):
            scale = _SCALE_AFTER_DIGITS.match(self.text, side.end)
            if not scale:
                break
            word = scale.group("word").lower()
            factor = _SCALES_AFTER_DIGITS.get(word)
            if factor is None:
                if not currency:  # "cr" is crore only in a money amount
                    break
                factor = _CURRENCY_ONLY_SCALES[word]
            multiplier = (multiplier or Decimal(1)) * factor
            side.end = scale.end()
        return multiplier

    def _fraction(self, pos: int) -> _Side | None:
        m = _FRACTION.match(self.text, pos)
        if not m:
            return None
        count = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3}[(m.group("count") or "a").lower()]
        frac = m.group("frac").lower().rstrip("s")
        share = {"half": Decimal("0.5"), "quarter": Decimal("0.25"), "third": Decimal(1) / 3}[frac]
        if count > 1 and frac == "half":
            return None  # "two half a million" is not English
        scale_word = m.group("scale").lower()
        scale = Decimal(_SCALE_WORDS.get(scale_word) or _SMALL_MULTIPLIERS[scale_word])
        # A fraction of a scale is a round, conventional figure: treat it as approximate.
        return _Side(start=pos, end=m.end(), value=count * share * scale, kind="fraction",
                     multiplier=scale, approximate=True)

    def _share(self, pos: int) -> _Side | None:
        m = _SHARE.match(self.text, pos)
        if not m:
            return None
        if m.group("fracs"):
            count = {"two": 2, "three": 3, "four": 4}[m.group("count").lower()]
            share = count * _SHARE_OF[m.group("fracs").lower().rstrip("s")]
        else:
            share = _SHARE_OF[m.group("frac").lower()]
        # Shares are conventional round figures ("a quarter of citizens"): approximate.
        return _Side(start=pos, end=m.end(), value=share, kind="share", unit="percent",
                     approximate=True)

    def _vague(self, pos: int) -> _Side | None:
        m = _VAGUE.match(self.text, pos)
        if not m:
            return None
        return _Side(start=pos, end=m.end(), value=None, kind="vague", approximate=True)

    def _words(self, pos: int) -> _Side | None:
        """Number words: "two hundred and five", "twenty-five", "a dozen", "two lakh crore"."""
        text, start = self.text, pos
        tokens: list[tuple[str, int]] = []  # (lower-cased word, end offset)
        while len(tokens) < 16:
            word = _LETTERS.match(text, pos)
            if not word:
                break
            tokens.append((word.group().lower(), word.end()))
            separator = _WORD_SEPARATOR.match(text, word.end())
            if not separator:
                break
            pos = separator.end()

        total, current = Decimal(0), Decimal(0)
        last = None  # kind of the previous token
        best = None  # (end, value, trailing multiplier) of the longest valid prefix
        i = 0
        while i < len(tokens):
            word, word_end = tokens[i]
            following = tokens[i + 1][0] if i + 1 < len(tokens) else None
            multiplier = None
            if word in ("a", "an"):
                if i != 0 or following not in {**_SMALL_MULTIPLIERS, **_SCALE_WORDS}:
                    break  # the article alone is never a number
                current, last = Decimal(1), "article"
                i += 1
                continue
            if word == "and":
                if (last in ("unit", "teen", "tens", "hundred") and following == "a"
                        and i + 2 < len(tokens) and tokens[i + 2][0] == "half"):
                    current += Decimal("0.5")  # "two and a half"
                    word_end, last = tokens[i + 2][1], "half"
                    i += 2
                elif (last == "scale" and best is not None and following == "a"
                        and i + 2 < len(tokens) and tokens[i + 2][0] == "half"):
                    total += best[2] * Decimal("0.5")  # "a million and a half", "million-and-a-half"
                    word_end, last, multiplier = tokens[i + 2][1], "half", best[2]
                    i += 2
                elif last in ("hundred", "scale") and following in _NUMBER_WORDS:
                    last = "and"
                    i += 1
                    continue
                else:
                    break
            elif word == "zero":
                if last is not None:
                    break
                last = "unit"
            elif word in _UNIT_WORDS:
                if last not in (None, "tens", "hundred", "scale", "and"):
                    break
                current += _UNIT_WORDS[word]
                last = "unit"
            elif word in _TEEN_WORDS or word in _TENS_WORDS:
                if last not in (None, "hundred", "scale", "and"):
                    break
                current += _TEEN_WORDS.get(word) or _TENS_WORDS[word]
                last = "teen" if word in _TEEN_WORDS else "tens"
            elif word in _SMALL_MULTIPLIERS:
                if last not in ("unit", "teen", "tens", "article", "half") or current == 0:
                    break
                multiplier = Decimal(_SMALL_MULTIPLIERS[word])
                current *= multiplier
                last = "hundred"
            elif word in _SCALE_WORDS:
                multiplier = Decimal(_SCALE_WORDS[word])
                if last == "scale":  # "lakh crore": scales multiply
                    total *= multiplier
                    multiplier *= best[2]
                elif last in ("unit", "teen", "tens", "hundred", "article", "half") and current:
                    total += current * multiplier
                    current = Decimal(0)
                elif last is None and [t[0] for t in tokens[i + 1:i + 4]] == ["and", "a", "half"]:
                    total += multiplier  # "an additional million-and-a-half": the scale word alone is one
                else:
                    break
                last = "scale"
            else:
                break
            best = (word_end, total + current, multiplier)
            i += 1

        if best is None:
            return None
        end, value, multiplier = best
        return _Side(start=start, end=end, value=value, kind="words", multiplier=multiplier)

    # ---- context for find_numbers ----------------------------------------------------------------

    def previous_word(self, pos: int) -> tuple[str, int] | None:
        """The word just before pos (separated by spaces only) and its start offset."""
        m = _PREVIOUS_WORD.search(self.text[max(0, pos - 80):pos])
        if not m:
            return None
        return m.group(1).rstrip("."), max(0, pos - 80) + m.start(1)

    def starts_sentence(self, pos: int) -> bool:
        """True when only whitespace and a sentence break (or nothing) precede pos."""
        i = pos - 1
        while i >= 0 and self.text[i].isspace():
            if self.text[i] == "\n":
                return True
            i -= 1
        return i < 0 or self.text[i] in _SENTENCE_BREAKS

    def counted_noun(self, expr: _Expression) -> str | None:
        """The noun the figure counts: "2,50,000 residents" -> "residents"."""
        glued = expr.sides[-1].glued_noun
        if glued:
            return glued
        text, pos = self.text, expr.end
        compound = _HYPHEN_COMPOUND.match(text, pos)
        if compound:  # "a 10-point plan"
            return compound.group(1).lower()
        if expr.sides[-1].kind in ("vague", "share"):  # "dozens of rounds", "a quarter of citizens"
            of = _OF.match(text, pos)
            pos = of.end() if of else pos
        words = []
        for _ in range(3):
            abbreviation = _ABBREVIATION.match(text, pos)
            if abbreviation:  # "37 billion U.S. gallons": a modifier, not the counted noun "u"
                pos = abbreviation.end()
                continue
            m = _NEXT_WORD.match(text, pos)
            if not m:
                break
            word = m.group(1).rstrip("'’").lower()
            if (word in _NOT_NOUNS or word in _NUMBER_WORDS or word in _SCALE_WORDS
                    or (word.endswith("ed") and word not in _IRREGULAR_PLURALS)):
                break
            words.append(word)
            pos = m.end()
        # Skip up to two modifiers before a plural noun ("700 asylum seekers" -> "seekers").
        for word in words:
            if _is_plural(word):
                return word
        return words[0] if words else None


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------

def _to_match(text: str, expr: _Expression, counted_noun: str | None) -> NumberMatch:
    return NumberMatch(
        start=expr.start, end=expr.end, raw=text[expr.start:expr.end],
        value=_to_float(expr.value), value_max=_to_float(expr.value_max), unit=expr.unit,
        approximate=expr.approximate, comparator=expr.comparator, counted_noun=counted_noun,
    )


def parse_number(expr: str) -> NumberMatch | None:
    """Parse one whole expression (e.g. '2,50,000', 'a quarter of a million', '$3bn', '10-12');
    None if not a number expression.

    Offsets refer to ``expr``; surrounding whitespace is allowed but not part of ``raw``.  The
    context rules of ``find_numbers`` (years, names, "one" as a pronoun) do not apply, but dates,
    times and ages are refused.
    """
    parser = _Parser(expr)
    start = len(expr) - len(expr.lstrip())
    parsed = parser.parse(start)
    if parsed is None or parsed.end != len(expr.rstrip()):
        return None
    return _to_match(expr, parsed, parser.counted_noun(parsed))


def find_numbers(text: str) -> list[NumberMatch]:
    """Scan text, return all figure expressions in order with offsets, EXCLUDING non-figures
    (dates, years, times, ordinals, ages, numbers in names; see the module docstring)."""
    parser = _Parser(text)
    matches: list[NumberMatch] = []
    pos = 0
    while candidate := _CANDIDATE.search(text, pos):
        start = candidate.start()
        if parser.blocked[start]:
            pos = parser.blocked_until(start)
            continue
        is_digit = text[start].isdigit()
        expr = None
        if not (is_digit and _glued_to_identifier(text, start)):
            expr = parser.parse(start, allow_to_range=not _follows_word(parser, start, {"from"}) or
                                _ranges_from(text, start))
        if expr is None:
            token = _DIGIT_TOKEN.match(text, start) if is_digit else None
            pos = token.end() if token else candidate.end()
            continue
        pos = expr.end
        noun = parser.counted_noun(expr)
        if matches and _SECOND_GUESS.fullmatch(text, matches[-1].end, start):
            continue  # "thousands if not tens of thousands": one figure; the guess after "if not" is dropped
        if _is_figure(parser, expr, noun):
            matches.append(_to_match(text, expr, noun))
    return matches


# "thousands if not tens of thousands", "hundreds or even thousands": the second is the first's upper guess
_SECOND_GUESS = re.compile(r"[^\S\r\n]*,?[^\S\r\n]*(?:if[^\S\r\n]+not|or[^\S\r\n]+even|or[^\S\r\n]+perhaps)[^\S\r\n]+")


def _ranges_from(text: str, pos: int) -> bool:
    """"ranging from 45% to 60%": after a verb of range, "from X to Y" is one figure, a range (after
    any other word it is a change, "rose from 45% to 60%": two figures)."""
    return re.search(r"\b(?:rang(?:e|es|ed|ing)|var(?:y|ies|ied|ying))[^\S\r\n]+from[^\S\r\n]+$",
                     text[max(0, pos - 30):pos], re.IGNORECASE) is not None


# --------------------------------------------------------------------------------------------
# Rules that tell a figure from a date, name or pronoun (find_numbers only)
# --------------------------------------------------------------------------------------------

def _glued_to_identifier(text: str, pos: int) -> bool:
    """Digits glued to letters before them ("G7", "MH17") or joined by a hyphen ("COVID-19")."""
    before = text[pos - 1] if pos else ""
    before2 = text[pos - 2] if pos >= 2 else ""
    if before.isalpha() or before == "_":
        return True
    if before in "-‐" and (before2.isalpha() or before2.isdigit()):
        return True
    if before == "." and not before2.isalnum() and before2 not in ".…":
        return True  # ".0605 square km": a decimal written without its leading zero, not 605 ("...5" is an ellipsis)
    return before in ".," and before2.isalnum()  # the tail of "v1.2" or of a list "1,2"


def _follows_word(parser: _Parser, pos: int, words: set[str]) -> bool:
    previous = parser.previous_word(pos)
    return previous is not None and previous[0].lower() in words


def _is_figure(parser: _Parser, expr: _Expression, noun: str | None) -> bool:
    return not (_is_pronoun_one(parser, expr, noun) or _is_name(parser, expr)
                or _is_year(parser, expr, noun) or _is_appositive_age(parser, expr)
                or _in_year_range(parser, expr) or _is_baseline_year(parser, expr)
                or _is_label(parser, expr) or _is_figure_of_speech(parser, expr))


def _year_digits(side: _Side) -> bool:
    digits = side.plain_digits
    return bool(digits) and len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2100


def _in_year_range(parser: _Parser, expr: _Expression) -> bool:
    """"over 2000 - 2050", "2010 – 2020": a four-digit number joined by a dash to another is a span
    of years, whatever marker stands before it (never "more than 2,000")."""
    side = expr.sides[-1]
    if side.multiplier is not None or expr.unit is not None or not _year_digits(side):
        return False
    text = parser.text
    after = re.match(r"[^\S\r\n]*[-–—][^\S\r\n]*([0-9]{4})(?![0-9])", text[expr.end:expr.end + 12])
    before = re.search(r"(?<![0-9])([0-9]{4})[^\S\r\n]*[-–—][^\S\r\n]*$", text[max(0, expr.start - 12):expr.start])
    other = after or before
    return other is not None and 1000 <= int(other.group(1)) <= 2100


# Nouns a year names a baseline of ("10% of 2000 levels", "below 1990 prices").
_BASELINE_NOUNS = {"level", "levels", "price", "prices", "figure", "figures", "rate", "rates", "value", "values"}


def _is_baseline_year(parser: _Parser, expr: _Expression) -> bool:
    """"cut to 10% of 2000 levels": a four-digit year before "levels", "prices" ... is the year."""
    if not expr.plain or len(expr.sides) > 1 or not _year_digits(expr.sides[0]):
        return False
    following = _NEXT_WORD.match(parser.text, expr.end)
    return following is not None and following.group(1).lower() in _BASELINE_NOUNS


# Nouns a number labels rather than counts ("police posts 542 and 543", "gate 5", "route 66").
_LABEL_NOUNS = {
    "post", "posts", "gate", "gates", "room", "rooms", "route", "routes", "article", "articles", "section",
    "sections", "chapter", "chapters", "page", "pages", "flight", "flights", "platform", "platforms", "ward",
    "wards", "block", "blocks", "sector", "sectors", "phase", "stage", "number", "numbers", "line", "lines",
    "seat", "seats", "zone", "zones", "district", "districts", "highway", "road", "unit", "units", "lot",
    "lots", "pier", "piers", "terminal", "terminals", "hall", "level", "floor", "bus", "train", "channel",
    "item", "items", "exit", "junction", "checkpoint", "checkpoints", "camp", "camps", "category", "grade",
    "class", "volume", "episode", "season", "resolution", "amendment", "clause", "paragraph", "rule",
}


def _is_label(parser: _Parser, expr: _Expression) -> bool:
    """"police posts 542 and 543", "gate 5": a plain number right after a noun it names, and the
    numbers listed with it, are identifiers, not counts."""
    if not expr.plain or len(expr.sides) > 1 or expr.sides[0].plain_digits is None:
        return False
    text = parser.text
    before = text[max(0, expr.start - 60):expr.start]
    listed = re.search(r"([^\W\d_]+)[^\S\r\n]+[0-9]+(?:[^\S\r\n]*,[^\S\r\n]*[0-9]+)*"
                       r"[^\S\r\n]*(?:,|\band\b|\bor\b)[^\S\r\n]*$", before)
    previous = parser.previous_word(expr.start)
    word = listed.group(1) if listed else previous[0] if previous else ""
    if word.lower() in _DIALLING_VERBS and parser.counted_noun(expr) is None:
        return True  # "phoned 911", "dial 999": a number called, not a count ("called 30 witnesses" is)
    return word.lower() in _LABEL_NOUNS


_DIALLING_VERBS = {"call", "calls", "called", "calling", "dial", "dials", "dialed", "dialled", "dialing", "dialling",
                   "phone", "phones", "phoned", "phoning", "text", "texts", "texted", "texting"}


def _is_figure_of_speech(parser: _Parser, expr: _Expression) -> bool:
    """"a billion-year contract", "a million-dollar question": "a" and a scale word glued by a hyphen
    to a noun make an adjective of size, no quantity the article counts (documented rule)."""
    side = expr.sides[0]
    if len(expr.sides) > 1 or side.kind != "words" or side.multiplier is None:
        return False
    if not re.match(r"(?i:an?)\b", parser.text[expr.start:expr.end]):
        return False
    return re.match(r"-[^\W\d_]", parser.text[expr.end:expr.end + 2]) is not None


def _is_pronoun_one(parser: _Parser, expr: _Expression, noun: str | None) -> bool:
    """A lone "one" that is not followed by a lower-case noun ("no one", "one of", "the one")."""
    if not expr.plain or len(expr.sides) > 1:
        return False
    if parser.text[expr.start:expr.end].lower() != "one":
        return False
    following = _NEXT_WORD.match(parser.text, expr.end)
    group = re.match(r"\s+of\s+(?:the|these|those|his|her|their|its|our|my|your)\s+([a-z]+)", parser.text[expr.end:])
    if group and names_a_person(group.group(1)) and not _follows_word(parser, expr.start, {"not"}):
        return False  # "one of the students" counts a person; "one of the reasons", "not one of" do not
    if not following or not following.group(1).islower() or noun is None:
        return True
    if following.group(1) in _ONE_IDIOM_AFTER:
        return True
    return _follows_word(parser, expr.start, _ONE_PRONOUN_BEFORE)


def _is_name(parser: _Parser, expr: _Expression) -> bool:
    """"Boeing 747", "Internet Explorer 9", "Formula One": a number that is part of a name."""
    if not expr.plain:
        return False
    first = parser.text[expr.start]
    if first.isalpha() and first.isupper() and not parser.starts_sentence(expr.start):
        return True  # a capitalised number word mid-sentence
    if _ADDRESS.match(parser.text, expr.end):
        return True  # "10 Downing Street": a house number
    previous = parser.previous_word(expr.start)
    if previous is None:
        return False
    word, word_start = previous
    return word[0].isupper() and not parser.starts_sentence(word_start)


# "10 Downing Street", "221 Baker Street": a number before a street name is an address. (Not "Court":
# "9 Supreme Court justices" counts justices.)
_ADDRESS = re.compile(r"[^\S\r\n]+(?:[A-Z][\w'’\-]*[^\S\r\n]+){1,3}(?:Street|St\.|Road|Avenue|Ave\.|Lane|Square|"
                      r"Place|Boulevard|Drive|Terrace|Way)\b")


def _is_year(parser: _Parser, expr: _Expression, noun: str | None) -> bool:
    if not expr.plain:
        return False
    for side in expr.sides:
        digits = side.plain_digits
        if not (digits and len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2100):
            return False
    if re.match(r"['’]s\b", parser.text[expr.end:expr.end + 3]):
        return True
    if _follows_word(parser, expr.start, _YEAR_CONTEXT):
        return True
    if noun in _MEASURES:
        return False  # "the 2000 km long pipeline", "a 1000 megawatt cable": a measurement
    # "1500 soldiers" and "the 1500 soldiers" count; "the 2015 election", "the 2020 Olympics" and "the
    # 2018 elections" (a plural event) are years.
    following = _NEXT_WORD.match(parser.text, expr.end)
    counts = bool(noun and _is_plural(noun) and following and following.group(1).islower())
    if _follows_word(parser, expr.start, {"the"}):
        return not counts or noun.lower() in _EVENT_NOUNS
    return not counts


# Plural nouns a year names the edition of ("the 2018 elections", "the 2019 protests").
_EVENT_NOUNS = {"elections", "games", "olympics", "championships", "protests", "riots", "floods", "fires",
                "attacks", "bombings", "talks", "negotiations", "midterms", "primaries", "hearings", "celebrations",
                "awards", "finals", "playoffs", "polls", "wildfires", "earthquakes", "storms", "events"}


# Units of measurement written as words after the number: a four-digit number before one is no year.
_MEASURES = _GLUED_UNITS | {form for word in (
    "kilometre", "kilometer", "metre", "meter", "mile", "foot", "yard", "tonne", "ton", "hectare", "acre",
    "litre", "liter", "gallon", "barrel", "watt", "kilowatt", "megawatt", "gigawatt", "volt", "kilogram",
    "gram", "pound", "square", "cubic",
) for form in (word, word + "s")} | {"feet"}


def _is_appositive_age(parser: _Parser, expr: _Expression) -> bool:
    """"Thomas Sam, 42, and his wife", "Fields, now 22, was": an age set off by commas or brackets after a name."""
    if not expr.plain or len(expr.sides) > 1 or expr.sides[0].plain_digits is None:
        return False
    if not 1 <= expr.value <= 120:
        return False
    text = parser.text
    before = text[max(0, expr.start - 40):expr.start]
    after = text[expr.end:expr.end + 3]
    after_name = re.search(r"[A-Z][^\W\d_]*(?:,[^\S\r\n]+(?:now[^\S\r\n]+)?|[^\S\r\n]?\()$", before)
    # "the princess, 67, announced", "another brother, 22, was": after one person named by a noun
    after_person = re.search(r"\b([a-z]+)(?:,[^\S\r\n]+|[^\S\r\n]?\()$", before)
    if after_person and not after_name:
        noun = after_person.group(1)
        after_name = names_a_person(noun) and not _is_plural(noun) and noun not in ("people", "staff")
    return bool(after_name) and re.match(r"[^\S\r\n]*[,)]", after) is not None
