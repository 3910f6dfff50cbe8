"""Figures in what reps and buyers say: a day or a time of day (`DATED`), and amounts with their scale and unit, so a
play-back's numbers can be checked against what the buyer said ("$110k a year" is not "$1.1 million")."""

from __future__ import annotations

import re
from itertools import combinations

from text_to_num import text2num

from coach.drills.topics import NUMBERS

# "at 9 days" or "at 3%" is no time of day.
_AMOUNTS = (
    r"per|percent|days?|weeks?|months?|years?|hours?|hrs?|min|minutes?|mins?|k|m|million|thousand|people|units?"
    r"|sites?|stores?|hotels?|plants?"
)
DATED = re.compile(
    r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|mon|tue|tues|wed|weds|thu|thur|thurs"
    r"|fri|next week|\d{1,2}(:\d\d)? ?(am|pm)"
    r"|at (?:[01]?\d|2[0-3]):\d\d|at (?:1[0-2]|0?[1-9])(?![\d%:]|[.,]\d|\s*(?:"
    + _AMOUNTS
    + r")\b))\b"  # not "OEE at 72"
)

_SCALES = {
    "k": 1e3,
    "grand": 1e3,
    "thousand": 1e3,
    "m": 1e6,
    "mm": 1e6,
    "mil": 1e6,
    "million": 1e6,
    "bn": 1e9,
    "billion": 1e9,
}
# (and as texted, joined to the number: "0.6d over benchmark", "<18mo payback", "2wks")
_UNITS = r"%|percent|days?|weeks?|months?|years?|hours?|hrs?|minutes?|mins?|d|mos?|wks?|yrs?"
_WORD_NUMBERS = "|".join(k for k in NUMBERS if not k.isdigit())


def _amount_pattern(words_alone: bool) -> re.Pattern[str]:
    """A figure as said, with its scale and unit: "$1.1 million", "110k", "58 days", "six million", "four hours"; a
    number word only with a scale or a unit, unless `words_alone` ("three systems")."""
    scale, unit = "|".join(_SCALES), _UNITS
    word = _WORD_NUMBERS if words_alone else rf"(?:{_WORD_NUMBERS})(?=[ -]?(?:{_MORE})?(?:{scale}|{unit})\b)"
    return re.compile(
        rf"(?<![\w.])(\d[\d,]*(?:\.\d+)?|{word})(?: ?({scale})\b)?(?!\d)(?!(?!(?:{unit})(?![a-z]))[a-z])"  # not "14th"
        rf"(?:\s*-?\s*(?:{_MORE})?({unit})(?![a-z]))?"
    )


# A word between a number and its unit: "four extra days on every turn" is 4 days.
_MORE = r"(?:extra|more|additional|fewer|working|business|calendar|full|whole) "


_AMOUNT, _ANY_AMOUNT = _amount_pattern(False), _amount_pattern(True)
SAME_AMOUNT = 0.1  # two figures this close are one: "about $1.1m" plays back "$1,080,000"; "$110k" does not
# ...but a figure the buyer never said is vouched for by the scenario's only when it is that figure, rounded at most:
# "DSO up from 41 to 48" is not her target of "under 50".
CLOSE_TO_TRUE = 0.02


# A share in words plays back as a percentage: "a fifth of the models" is "~20% coverage".
SHARES = {"half": 50.0, "third": 33.3, "quarter": 25.0, "fifth": 20.0, "tenth": 10.0}
_SHARE = re.compile(r"\b(?:a|one|about a|roughly a)? ?(half|third|quarter|fifth|tenth)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# A day of a month is a date, not an amount: "before the quarter closes on June 30", "by 14 March", "the 9/30 renewal".
_MONTH_DAY = re.compile(
    rf"\b(?:{MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b"
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"  # "before the 9/30 renewal"
)


def amounts(text: str, words_alone: bool = False) -> list[tuple[float, str]]:
    """The figures of `text` as values with their unit ("" when none is said), times of day, dates and years aside:
    "$110k a year" is (110,000, ""), "$1.1 million" (1,100,000, ""), "58 days" (58, "day"), "four hours" (4, "hour")."""
    found = []
    pattern = _ANY_AMOUNT if words_alone else _AMOUNT
    dateless = _MONTH_DAY.sub(" ", _YEAR.sub(" ", DATED.sub(" ", _in_digits(text.lower()))))
    for number, scale, unit in pattern.findall(dateless):
        value = float(NUMBERS.get(number, number.replace(",", "")))
        unit = _UNIT_NAMES.get(unit, unit)
        found.append((value * _SCALES.get(scale, 1.0), unit.rstrip("s") if unit != "%" else unit))
    return found


_UNIT_NAMES = {
    "percent": "%",
    "hrs": "hour",
    "hr": "hour",
    "mins": "minute",
    "min": "minute",
    "d": "day",
    "mo": "month",
    "mos": "month",
    "wk": "week",
    "wks": "week",
    "yr": "year",
    "yrs": "year",
}


def _in_digits(text: str) -> str:
    """`text` with its numbers of several words written in digits (text2num): "three hundred grand" is "300 grand",
    "twenty-two thousand" is "22000", "a dozen" is "12"; "$30 million" and single number words stay as they are."""
    text = _A_SCALE.sub(lambda m: f"{_PART.get(m.group(1) or '', '1')} {m.group(2)}", text)
    return _DOZEN.sub(lambda m: "6" if m.group(1) else "12", _NUMBER_WORDS.sub(_as_digits, text))


_DOZEN = re.compile(r"\b(half )?(?:a|one) dozen\b")  # "about a dozen incidents" is 12; "half a dozen" 6
# "about a million dollars" is 1 million, "a quarter of a million" 0.25 million, "half a million" 0.5.
_A_SCALE = re.compile(r"\b(?:(?:a |one )?(quarter|half|third) (?:of )?)?a (million|thousand|billion|grand)\b")
_PART = {"quarter": "0.25", "half": "0.5", "third": "0.33"}


def _as_digits(match: re.Match[str]) -> str:
    try:
        return str(text2num(match.group(0).replace("-", " "), "en"))
    except ValueError:  # "five one" is no number text2num reads: left as said
        return match.group(0)


_UNITS_10 = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
_TENS = "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORD = rf"(?:{_UNITS_10}|{_TENS})"
# Two or more number words, the first no scale ("three hundred", "twenty-two thousand", "two hundred and fifty").
_NUMBER_WORDS = re.compile(
    rf"\b{_WORD}(?:(?:[ -](?:{_WORD}|hundred|thousand|million|billion)"
    rf"|(?:(?<=hundred)|(?<=thousand)|(?<=million)|(?<=billion))\s+and\s+{_WORD})\b)+(?!-)"
)


# A figure the buyer turns down is not one of theirs: "We pay at 60 days, not 30."
_REJECTED = re.compile(r"\b(?:not|rather than|instead of)\s+\$?\d[\d,.]*(?:\s*(?:k|m|%|days?|percent))?", re.IGNORECASE)


def all_known(played: str, said: str, true_text: str = "") -> bool:
    """Is every figure of the play-back one the buyer said (`said`) or that is true of the buyer (`true_text`, the
    scenario as written), give or take a tenth, and in the same unit when both say one ("DSO around 45 days" is not
    the "45-minute" session)? Any number word counts ("three systems" plays back as "3 billing systems"), but a
    figure with a unit is vouched for by a bare number only if the buyer said it ("DSO 41 to 58" plays back as "58
    days"), not by the scenario's "in front of all three" ("about three days")."""
    said, true_text = (
        _A_SPAN.sub(r"1 \1", _AND_A_HALF.sub(r"1.5 \1", _REJECTED.sub(" ", t))) for t in (said, true_text)
    )
    played = _REJECTED.sub(" ", played)  # "payment at 60 days rather than 30" tells back 60, as the buyer did
    played = _AND_A_HALF.sub(r"1.5 \1", played)  # "about a day and a half over benchmark" is 1.5 days
    played = _FOR_A_SPAN.sub(r"\g<1>1 \2", played)
    told, true = _heard(said), _heard(true_text)
    played = _BARE_M.sub(lambda m: m.group(1) + (" months" if _months(m.group(1), told + true) else "m"), played)
    gaps = {float(g.replace(",", "")) for found in _GAP.findall(played) for g in found if g}
    return all(
        any(_same(p, h) and (u == v or not u or not v and h != 1) for h, v in told)
        or any(_same(p, h, CLOSE_TO_TRUE) and (u == v or not u) for h, v in true)
        or p in gaps
        and any(_same(p, abs(a - b), CLOSE_TO_TRUE) for (a, _), (b, _) in combinations(told, 2))
        for p, u in amounts(played)
    )


# A figure worked out as the gap between two the buyer said: "agency at $38 an hour against $22 for your own people"
# plays back as "a $16 an hour premium", "DSO 41 to 58" as "DSO up 17 days to 58".
_GAP = re.compile(
    r"(?<![\d.,])[$£€]?(\d[\d,]*(?:\.\d+)?)\b(?:\s+[\w-]+){0,3}?\s+(?:premium|difference|gap|markup|more than|extra)\b"
    r"|\b(?:up|down|rose|fell|risen|fallen|jumped|dropped|grew|increased|decreased|climbed)(?: by)? [$£€]?"
    r"(\d[\d,]*(?:\.\d+)?)\b",
    re.IGNORECASE,
)


# A span of one unit played back: "broke for about a day" is a figure to check against the "six days" the buyer said;
# whatever the buyer said of "a day" or "a week" counts as one ("reports arrive a day late").
_FOR_A_SPAN = re.compile(
    r"(\b(?:for|about|around|roughly|only|just|under|within) (?:about |around |roughly |only |just )?)an? "
    r"(day|week|month|hour|year)\b",
    re.IGNORECASE,
)
_A_SPAN = re.compile(r"\ban? (day|week|month|hour|year)\b", re.IGNORECASE)
_AND_A_HALF = re.compile(r"\ban? (day|week|month|hour|year) and a half\b", re.IGNORECASE)
# "18m payback" with no currency sign: 18 months where the buyer gave 18 months, else 18 million.
_BARE_M = re.compile(r"(?<![$£€\d.,])\b(\d{1,2}) ?m\b", re.IGNORECASE)


def _heard(text: str) -> list[tuple[float, str]]:
    """The figures of what was said or is true, number words alone included, shares as percentages."""
    return amounts(text, words_alone=True) + [(SHARES[w], "%") for w in _SHARE.findall(text.lower())]


def _months(number: str, heard: list[tuple[float, str]]) -> bool:
    return (float(number), "month") in heard


def _same(one: float, other: float, within: float = SAME_AMOUNT) -> bool:
    return abs(one - other) <= within * max(one, other)
