"""Read the figures of a text: counts, percentages, money, ranges, bounds, years and dates.

`read_figures(text)` is pure: it returns `Figure`s whose `start`/`end` index `text`. It expects
text already normalised by `citecheck.text.normalize` (dashes as "-", no-break and thin spaces as
plain spaces), which is how the matcher calls it; raw text mostly works too.

What a figure stands for (`low`..`high`) follows from how it is written:

- the last digit written sets the precision: "2.6 million" is 2.55-2.65 million, "$975m" is
  974.5-975.5 million, "117" and "2,640,000" are exact;
- a hedge ("about", "some", "roughly") widens a figure to its rounding, at least 3% and at most 15%
  either way: "about 1,900" is 1,843-1,957, "about 3 million" 2.55-3.45 million; "nearly"/"almost"
  reach 10% down only, "just over" 10% up only;
- "more than 5" is 5..inf and "up to 5" is 0..5 (`bound`); "80,000-120,000" is a range;
- "hundreds of" is a loose lower bound (`vague`); "two-thirds" is 66.67% give or take two points,
  "one in five" 20% give or take 1.5.

`Figure.tolerance` keeps the written precision alone (50,000 for "about 2.6 million"), for comparing.

Kinds: count (with `unit` "" or a unit of measure: "km", "day", "MW"), percent (`unit` "%"), points
(percentage points, `unit` "pp"), money (`unit` a currency code), date (years, months, days; `value`
is YYYYMMDD with 0 for a part not given) and ordinal. Labels are not figures: "COVID-19", "H1N1",
"Article 25", "page 4", phone numbers, times, versions and reference markers "[3]".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, fields
from itertools import compress, islice, repeat, starmap
from operator import attrgetter, gt, itemgetter, sub

from citecheck.figures import starts as S
from citecheck.figures.after import WORD_AFTER_RE, NoSuffixWords
from citecheck.figures import units as U
from citecheck.figures.before import EndingPhrases, closing, closing_of_chunk, last_chunks
from citecheck.figures import words as W
from citecheck.figures.table import FigureTable
from citecheck.model import Figure

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
# Month names must be capitalised: "may" and "march" are also ordinary words.
# Only an abbreviation takes a dot: "Oct. 29", but "on 21 October." ends a sentence. Datelines and
# headings write months in capitals too ("30 JUN 2018"); a date pattern still needs a day or a year.
_MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December"]
_MONTH_ABBREVIATIONS = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
_MONTH = ("(?P<month>" + W.trie_pattern(_MONTH_NAMES + [m.upper() for m in _MONTH_NAMES]) + r"\b|"
          + W.trie_pattern(_MONTH_ABBREVIATIONS + [m.upper() for m in _MONTH_ABBREVIATIONS]) + r"\b\.?)")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>1[0-9]\d\d|20\d\d)\b(?![,.]\d)"
# Words after which a month alone is a date ("in October", "since May"; "you may" is not).
_MONTH_LEADS = ("in", "In", "since", "Since", "by", "until", "till", "through", "from", "during", "last", "this", "next",
                "early", "late", "mid", "Early", "Late", "Last", "This", "Next")
# Speed: a pattern that opens with a lookahead on its first character is tried only where that character
# stands, instead of at every position of the text (months start with a capital; days with a digit).
_AT_MONTH = "(?=[JFMASOND])"
ISO_DATE_RE = re.compile(r"(?=\d)(?<![\d.,/-])(?P<year>1[5-9]\d\d|20\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d-])")
DATE_RES = [
    re.compile(rf"{_AT_MONTH}\b{_MONTH}\s+{_DAY}(?![,.]?\d{{3}})(?:,?\s+{_YEAR})?"),  # October 29, 2018 / Oct. 29
    re.compile(rf"(?=\d)\b{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"),  # 29 October 2018
    re.compile(rf"{_AT_MONTH}\b{_MONTH},?\s+(?:of\s+)?{_YEAR}"),  # February 2017
    ISO_DATE_RE,  # 2017-02-13
    # A month alone after a word that makes it one ("in October", "since May"): a date without a year.
    re.compile(_AT_MONTH + "(?:" + "|".join(rf"(?<=\b{w} )" for w in _MONTH_LEADS) + r"|(?<=\bmid-))" + _MONTH
               + r"(?![ \t]*\d)"),
]
# Day spans and lists of days under one month (and one year): "September 3-17, 2024", "between September 3
# and 17, 2024", "March 6-7 and 13-14, 2018", "12 to 18 April 2015", "28 February to 3 March 2019".
def _month_group(name: str) -> str:
    return _MONTH.replace("?P<month>", f"?P<{name}>")


_SPAN_JOIN = r"\s*(?:-|to|through|thru|until|till)\s*"
_DAYS = r"[0-3]?\d(?:st|nd|rd|th)?"
_DAY_ITEM = rf"{_DAYS}(?:{_SPAN_JOIN}{_DAYS})?"
_DAY_LIST_JOIN = r"(?:,\s*(?:and\s+)?|\s+(?:and|&)\s+)"
LIST_AND_RE = re.compile(r"\band\b|&")
DAY_ITEM_RE = re.compile(rf"(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?(?:{_SPAN_JOIN}(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?)?")
DATE_SPAN_RES = [
    # March 6-7 and 13-14, 2018 / September 3 and 17, 2024 / September 3-17
    re.compile(rf"{_AT_MONTH}\b{_MONTH}\s+(?P<days>{_DAY_ITEM}(?:{_DAY_LIST_JOIN}{_DAY_ITEM})*)\b(?![,.]?\d{{3}})"
               rf"(?:,?\s+{_YEAR})?"),
    # 12 to 18 April 2015 / 6-7 and 13-14 March 2018
    re.compile(rf"(?=\d)(?<![\d.,/-])\b(?P<days>{_DAY_ITEM}(?:{_DAY_LIST_JOIN}{_DAY_ITEM})*)\s+(?:of\s+)?{_MONTH}"
               rf"(?:,?\s+{_YEAR})?"),
    # 28 February to 3 March 2019
    re.compile(rf"(?=\d)(?<![\d.,/-])\b(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+{_month_group('m1')}{_SPAN_JOIN}"
               rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\s+{_month_group('m2')}(?:,?\s+{_YEAR})?"),
    # February 28 to March 3, 2019
    re.compile(rf"{_AT_MONTH}\b{_month_group('m1')}\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?{_SPAN_JOIN}{_month_group('m2')}\s+"
               rf"(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?\b(?![,.]?\d{{3}})(?:,?\s+{_YEAR})?"),
]
FISCAL_YEAR_RE = re.compile(r"(?=[FCQH])\b(?:FY|CY|Q[1-4]|H[12])\s?(?P<y>(?:1[5-9]|20)\d\d)\b")
DECADE_RE = re.compile(r"(?=[12])(?<![\w.,$€£])(?P<y>1[0-9]\d0|20\d0)'?s\b")

# Thousands grouped with commas or spaces ("80,000", "80 000"; "12 345,67" has a decimal comma).
# A number starts after a non-word character, or right after a currency code ("USD975m", "Rs500").
_NUMBER_START = r"(?:(?<![\w.,])|(?<=\bUSD|\bEUR|\bGBP|\bJPY|\bCNY|\bRMB|\bINR|\bCAD|\bAUD|\bCHF|\bNZD|\bHKD)|(?<=\bRs))"
NUMBER_RE = re.compile(
    r"(?=[\d.])(?:" + _NUMBER_START
    + r"(?:\d{1,3}(?:,\d{3})+(?![\d])|\d{1,3}(?: \d{3})+(?:,\d{1,2}(?!\d))?(?!\d|[,.]\d)|\d+)(?:\.\d+)?(?![\d])"
    r"|(?<![\w.,])\.\d+(?![\d]))"
)
MAX_DIGITS = 24  # longer runs of digits are codes or noise, not figures
GLUED_RE = re.compile(r"[A-Za-z]+")
ORDINAL_RE = re.compile(r"(?:st|nd|rd|th)")
PERCENT_RE = re.compile(r"\s?(?:%|per\s?cent\b|pct\b|percentage(?!\s*points?)\b)", re.I)
POINTS_RE = re.compile(r"\s?(?:percentage[\s-]points?|pct\.?\s+points?|pp\b|p\.p\.|%\s?points?\b|%-points?\b)", re.I)
# After "m": the word that says "metres" ("100m hurdles", "2.5m tall"), not "million".
METRE_CONTEXT = frozenset("""tall high long wide deep above below away sprint sprints hurdles freestyle backstroke
breaststroke butterfly medley relay race dash run event final record title world depth altitude elevation
radius distance square cubic x by individual medal metres meters""".split())
SPACED_M_RE = re.compile(r" m\b(?!\.)")
COUNT_NOUN_RE = re.compile(r"\s+(?P<w>[a-z][a-z'-]*)")
_NOT_PLURAL = frozenset("""was has is as its this his us yes various plus across always towards afterwards whereas
besides unless perhaps thus news series species gas bus famous previous serious less this cross process status
analysis basis crisis campus census virus bonus focus consensus chaos lens ones others does goes says gets
makes takes shows sees marks means remains seems comes brings begins becomes gives keeps leaves looks needs plays
puts runs sets starts stays turns uses wants works lets ends features sells opens follows""".split())
_PEOPLE = frozenset("people men women children staff personnel police cattle youth kids troops".split())

YEAR_HEDGE_RE = re.compile(r"\b(?:c\.|ca\.|circa)\s*$", re.I)
# Hedges and bounds before a figure; each is `EndingPhrases` (before.py), searched once the last word before
# the figure is one of QUALIFIER_LAST_WORDS or its last character one of QUALIFIER_SYMBOLS.
_HEDGE_PHRASES = (
    r"about|around|roughly|approximately|approx\.?|some|circa|ca\.|c\.|an\s+estimated|estimated|est\.|"
    r"nearly|almost|close\s+to|just\s+(?:over|under|below|above|shy\s+of)|slightly\s+(?:more|less|fewer|over|"
    r"under|above|below)(?:\s+than)?|a\s+little\s+(?:more\s+than|less\s+than|over|under)|more\s+or\s+less|"
    r"in\s+the\s+region\s+of|on\s+the\s+order\s+of|something\s+like|upward\s+of"
)
BELOW_HEDGES = ("nearly", "almost", "just under", "just below", "just shy", "slightly less", "slightly fewer",
                "slightly under", "slightly below", "a little less", "a little under")
ABOVE_HEDGES = ("just over", "just above", "slightly more", "slightly over", "slightly above", "a little more",
                "a little over")
_MIN_PHRASES = (
    r"more\s+than|over|at\s+least|exceeding|exceeded|exceeds|upwards\s+of|in\s+excess\s+of|above|"
    r"greater\s+than|higher\s+than|larger\s+than|no\s+(?:fewer|less)\s+than|not\s+(?:fewer|less)\s+than|"
    r"a\s+minimum\s+of|well\s+over|well\s+above|north\s+of|at\s+a\s+minimum"
)
_MAX_PHRASES = (
    r"less\s+than|under|up\s+to|at\s+most|fewer\s+than|below|no\s+more\s+than|not\s+more\s+than|"
    r"as\s+many\s+as|a\s+maximum\s+of|as\s+much\s+as|as\s+high\s+as|not\s+exceeding|lower\s+than|"
    r"smaller\s+than|no\s+greater\s+than|well\s+under|well\s+below|a\s+max(?:imum)?\s+of|at\s+a\s+maximum"
)
MIN_SUFFIX_RE = re.compile(r"(?:\+(?!\d)|-plus\b|\s+or\s+(?:more|greater|higher|above|over)\b|\s+and\s+(?:over|above|up)\b)")
MAX_SUFFIX_RE = re.compile(r"\s+or\s+(?:less|fewer|under|below|lower)\b")
HEDGE_SUFFIX_RE = re.compile(r"\s+or\s+so\b|\s+odd\b|-odd\b|\s+or\s+thereabouts\b")

# A number right after one of these is a label, not a quantity: "Article 25", "page 4", "No. 5",
# "pp. 12-15". The whole label (with a range or list of numbers) is blocked.
_LABEL_WORDS = (
    r"article|articles|section|sections|chapter|chapters|part|parts|page|pages|p\.|pp\.|no\.|nos\.|number|nr\.|"
    r"figure|figures|fig\.|figs\.|table|tables|appendix|annex|vol\.|volume|issue|resolution|rule|rules|amendment|"
    r"title|route|highway|interstate|flight|room|suite|box|ext\.|version|v\.|episode|season|level|grade|phase|"
    r"stage|class|type|category|act|paragraph|para\.|clause|item|step|lot|unit|apartment|apt\.|floor|"
    r"platform|gate|channel|district|ward|precinct|exit|bus|line|lines|track|verse|psalm|op\.|opus|ref\.|refs\.|"
    r"id|code|model|mark|mk\.?|proposition|prop\.|bill|game|pier|terminal|row|seat|block|plot|building|bldg\.|"
    r"locus|chromosome|patent|docket|case\s+no\.|ch\.|sec\.|art\.|eq\.|equation|lemma|theorem|study|trial|"
    r"protocol|cohort|wave|round|heat|lane|hole|pt\.|rev\.|revision|release|batch|serial|"
    r"award|series|cluster|group|arm|zone|sector|region|camp|site|area"
)
# A label's number may be a range or a list: "pp. 12-15", "Articles 3 and 4".
LABEL_JOIN_RE = re.compile(r"\s*(?:-|to|and|&|,)\s*$", re.I)
LABEL_NOT_AFTER_RE = re.compile(r"[\d,]*\s?(?:%|percent|per\s+cent|million|billion|thousand)", re.I)
# Words that name a rank with a small number even in lower case: "phase 3", "type 2", "stage 4".
_SMALL_NUMBER_LABELS = frozenset("phase stage type category grade level tier class part".split())
# Words after which a number names a thing ("Camp 14", "Group 3") only when capitalised.
_CAPITAL_ONLY_LABELS = frozenset("study trial protocol cohort wave round heat lane hole award series cluster group "
                                 "arm zone sector region camp site area game bill row block plot building "
                                 "terminal pier release batch serial line lines stage phase grade level class "
                                 "type category unit item step lot gate floor exit track bus channel district "
                                 "ward precinct room suite box title rule rules act part parts number code model "
                                 "mark id".split())
# Prefixes that keep a year a year even when glued with a hyphen: "mid-2019", "post-2008".
YEAR_PREFIX_RE = re.compile(r"\b(?:mid|pre|post|late|early|end|fiscal|FY|Q[1-4]|H[12]|CY|since|by|until)-?$", re.I)
STRONG_YEAR_CUE_RE = re.compile(
    r"\b(?:in|since|until|till|by|during|before|after|circa|ca\.|c\.|early|late|mid|year|fiscal|spring|summer|"
    r"autumn|fall|winter|the|throughout)\W*$", re.I)
PHONE_RE = re.compile(
    r"(?=[+(\d])(?<![\w.])(?:(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?![\w])"
    r"|\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}(?![\w]))"
)
URL_RE = re.compile(r"(?:https?://|www\.)\S+")
EMAIL_RE = re.compile(r"(?=[\w.+-])(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")
DOMAIN_RE = re.compile(r"\.(?:com|org|net|gov|edu)\b(?:/\S*)?")
DOMAIN_NAME_RE = re.compile(r"(?<![\w.-])[\w-]+(?:\.[\w-]+)*$")
TIME_RE = re.compile(
    r"(?=\d)(?<![\d.])(?:\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?(?![\d])"
    r"|\d{1,2}(?:\.\d{2})?\s?(?:[ap]\.m\.(?!\w)|[ap]m\b)|\d{1,2}\s?o'clock\b)",
    re.I,
)
REF_RE = re.compile(r"\[\s?\d+(?:\s?[,;\u2013-]\s?\d+)*\s?\]|\[\s?(?:citation|note|n)\s?\d*\s?\]")
VERSION_RE = re.compile(r"(?=[\dvV])(?<![\w.])(?:v?\d+(?:\.\d+){2,}(?![\w])|[vV]\d+(?:\.\d+)*\b)")
# 1/3, 24/7, 12/25/2019: digits around a slash are a ratio or a date we do not read ...
SLASH_RE = re.compile(r"(?=\d)(?<![\w/.])\d+(?:\.\d+)?/\d+(?:/\d+)?(?![\w/])")
# ... except a simple fraction before "of": "1/3 of patients".
DIGIT_FRACTION_RE = re.compile(r"(?=\d)(?<![\w/.])(?P<n>[1-9])/(?P<d>[2-9]|1[0-2])(?=\s+of\b)")
# Fractions that are numbers, not shares: "2 1/2", "1/4 inch", "2½", "⅓ cup". Normalised text spells a
# vulgar fraction with a fraction slash (NFKC: "2½" is "21⁄2"), so the digit before "⁄" is the numerator.
VULGAR = {"½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5), "⅗": (3, 5),
          "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8), "⅞": (7, 8), "⅐": (1, 7),
          "⅑": (1, 9), "⅒": (1, 10)}
NUMBER_FRACTION_RE = re.compile(
    r"(?<![\w/.,⁄])(?:(?P<whole>\d{1,6}) ?)?(?:(?P<v>[" + "".join(VULGAR) + r"])"
    r"|(?P<n>\d)⁄(?P<d>\d{1,2})(?!\d))"
    r"|(?<![\w/.,])(?:(?P<mwhole>\d{1,6}) )?(?P<mn>[1-9]\d?)/(?P<md>[2-9]|[1-6]\d)(?![\w/]|[.,]\d)")
VULGAR_RE = re.compile("[" + "".join(VULGAR) + "]")
FRACTION_START_RE = re.compile(r"(?=[\d" + "".join(VULGAR) + r"])(?<![\w/.,⁄])(?:\d{1,6} ?)?(?:[" + "".join(VULGAR) + r"]|\d⁄|\d{1,2}/)")
# Codes made of digits and letters or hyphens: "2019-nCoV", "A-10", "ISO 9001".
NAME_RE = re.compile(r"\b\d+-?(?:nCoV|CoV)\b|\bISO\s?\d+\b|\b(?:COVID|Covid|covid)-?\d+\b", re.I)
RANGE_JOIN_RE = re.compile(r"^\s*(?:-|\u2013|\u2014|to|and|through|thru|until|till)\s*$", re.I)
CHANGE_BEFORE_FROM_RE = re.compile(
    r"\b(?:rose|rise[sn]?|rising|increas\w*|grew|grow\w*|fell|fall\w*|drop\w*|declin\w*|climb\w*|jump\w*|"
    r"surg\w*|soar\w*|plung\w*|plummet\w*|decreas\w*|reduc\w*|cut|cuts|cutting|rais\w*|went|gone|going|up|down|"
    r"doubl\w*|tripl\w*|shr[ai]nk\w*|expand\w*|slid\w*|sank|sunk|dipp\w*|dip|chang\w*|mov\w*|boost\w*|"
    r"lower\w*|hik\w*|improv\w*|widen\w*|narrow\w*|swell\w*|swollen|ballooned|tumbled?|leapt|leaped|"
    r"slumped?|spiked?|grown|shift\w*|revis\w*|adjust\w*|upgrad\w*|downgrad\w*|extend\w*|shorten\w*)"
    r"(?:\s+[\w,$€£%.]+){0,3}\s+from\s*$",
    re.I,
)
CHANGE_BEFORE_RE = re.compile(
    r"\b(?:rose|fell|increased|decreased|dropped|declined|grew|jumped|climbed|slipped|up|down)\s*$", re.I)
FRACTION_AFTER_RE = re.compile(r"-(?:thirds?|quarters?|fifths?|halves)\b", re.I)
SCALE_END_RE = re.compile(r"(thousand|million|billion|trillion)s?$")
AND_A_HALF_RE = re.compile(r"\s+and\s+a\s+half\b(?:\s+(?P<w>thousand|million|billion|trillion)\b)?", re.I)
ZERO_NAME_BEFORE_RE = re.compile(r"\b(?:ground|patient|year|day|hour|point|absolute|net)\s+$", re.I)
ZERO_NAME_AFTER_RE = re.compile(r"\s+(?:tolerance|sum|hour|gravity|waste|day)\b", re.I)
# "minus 5 degrees", "negative thirty-seven degrees": a negative figure; not "five minus three" (arithmetic),
# "HIV-negative 500 patients" or "tested negative 3 times".
MINUS_WORD_RE = re.compile(r"(?:\b[Mm]inus|(?<![-\w])(?<!tested )(?<!test )[Nn]egative)\s+$")
NUMBER_BEFORE_RE = re.compile(rf"(?:\d|\b(?:{W.trie_pattern([*W.UNITS, *W.TENS])}))\W*$", re.I)
# "-15", "−3%": a minus sign glued to the digits, after a space, an opening bracket or the start of the text;
# not the hyphen of a range ("5-10", "2019-20") or of a name ("COVID-19").
MINUS_SIGN_BEFORE = frozenset(" \n\t([{:=;/")
BETWEEN_RE = re.compile(r"\bbetween\s*$", re.I)
# "between the ages of sixteen and twenty-four": a few words may stand between "between" and the range.
BETWEEN_FAR_RE = re.compile(r"\bbetween\s+(?:[a-z]+\s+){0,3}$")
FROM_RE = re.compile(r"\bfrom\s*$", re.I)


@dataclass(slots=True)
class _Atom:
    """A figure being read; frozen into a Figure once ranges are joined. (Slots: thousands are made per page.)"""

    start: int
    end: int
    raw: float
    scale: float = 1.0
    decimals: int = 0
    trailing_zeros: int = 0
    kind: str = "count"
    unit: str = ""
    approx: bool = False
    below: bool = False
    above: bool = False
    bound: str = ""
    vague: tuple[float, float] | None = None
    words: bool = False  # written in words: "six", "a dozen"
    weak: bool = False  # "one": a figure only in a range, or with a unit
    tol: float | None = None  # a tolerance fixed by the form: "one in five" is 19-21%
    range_with: "_Atom | None" = None
    # Where a unit of measure written after the figure ends. The unit's word stays outside the figure's
    # span ("20 km" is the figure "20" with unit "km"), so the matcher still sees it as a word.
    unit_end: int = 0
    # The last chunk of text before `chunk_at` (whole: a space stands before it, or the text's start), as
    # the label test split it off; -1: none.
    chunk_before: str = ""
    chunk_at: int = -1
    plain: bool = False  # read by _plain_atom, which knows that _qualify would leave it as it is

    @property
    def tail(self) -> int:
        """Where the figure and its unit end."""
        return max(self.end, self.unit_end)

    @property
    def value(self) -> float:
        return self.raw * self.scale


_start_of = attrgetter("start")  # (a sort key of C: a lambda is called in Python for each figure)


class _Mask:
    """Character spans already taken by a figure or a label, for fast overlap checks."""

    def __init__(self, n: int) -> None:
        self.m = bytearray(n + 1)

    def add(self, s: int, e: int) -> None:
        if e > s:
            self.m[s:e] = b"\x01" * (e - s)

    def free(self, s: int, e: int) -> bool:
        return self.m.find(1, s, max(s + 1, e)) < 0


# ------------------------------------------------------------------------------------------ figures

# Figure has slots (model.py): its fields are set through the slots' own setters, which a frozen class's
# __setattr__ does not guard (dataclasses.replace gathers and re-checks them, slower).


def _draft_of(cls: type) -> type | None:
    """A plain class with the slots of `cls` (a frozen dataclass with slots), in their order, whose objects
    may be given the class `cls` once filled (`obj.__class__ = cls`: CPython allows it between classes of
    one layout), or None if `cls` has other slots or a layout the swap refuses. Speed: its slots are set
    with plain assignments, which the interpreter does in place, where a frozen class's own setters are
    called one by one (a Figure took 2.5 us to fill so, 1 us so)."""
    names = tuple(f.name for f in fields(cls))
    if getattr(cls, "__slots__", None) != names or cls.__bases__ != (object,):
        return None
    draft = type(f"_{cls.__name__}Draft", (), {"__slots__": names})
    probe = object.__new__(draft)
    for k, name in enumerate(names):
        setattr(probe, name, k)
    try:
        probe.__class__ = cls
    except TypeError:
        return None
    return draft if all(getattr(probe, name) == k for k, name in enumerate(names)) else None


def _slot_filler_positional(cls: type) -> Callable[..., object]:
    """`cls(*values)` with every field given in order, built faster: a function made once, as dataclasses makes
    __init__, with positional parameters (a call with 18 keywords took half as long again: figures are made by
    the hundred thousand), filling a draft of the class (`_draft_of`) where it can, else setting each slot
    through its own setter (a frozen dataclass's __init__ goes through object.__setattr__ for each field)."""
    draft = _draft_of(cls)
    env: dict = {"_new": object.__new__, "_cls": cls, "_draft": draft}
    names = [f.name for f in fields(cls)]
    for k, name in enumerate(names):
        env[f"_set{k}"] = vars(cls)[name].__set__
    if draft is not None:
        body = "".join(f"    _made.{name} = {name}\n" for name in names) + "    _made.__class__ = _cls\n"
        made = "_new(_draft)"
    else:
        body = "".join(f"    _set{k}(_made, {name})\n" for k, name in enumerate(names))
        made = "_new(_cls)"
    exec(f"def make({', '.join(names)}):\n    _made = {made}\n{body}    return _made\n", env)
    return env["make"]


# (text, start, end, kind, value, low, high, unit, is_range, bound, approx, vague, high_value, tolerance,
# anchored, anchor, span, side): checked at import, so that a field added to Figure fails here.
_FIGURE_ORDER = ("text", "start", "end", "kind", "value", "low", "high", "unit", "is_range", "bound", "approx",
                 "vague", "high_value", "tolerance", "anchored", "anchor", "span", "side")
if _FIGURE_ORDER != tuple(f.name for f in fields(Figure)):  # (not an assert: python -O drops those)
    raise ImportError("_freeze must give every field of Figure, in order: update _FIGURE_ORDER")
_figure_in_order = _slot_filler_positional(Figure)




# Memory: a long text is read in pieces of about PIECE_CHARS, each with CONTEXT_CHARS of the text on
# either side to read from, so the reader's working state (its atoms, masks and the lower-case copy;
# about as much again as the figures it returns) is bounded by a piece, not by the page: a page near
# the size cap held 400 MB of it at once. Every decision of the reader looks a few hundred characters
# around a figure at most, so a figure read in its piece is the figure read in the whole text (the
# oracle, bench/figures_oracle.py, compares both; tests/test_figures.py too).
PIECE_CHARS = 1_000_000
CONTEXT_CHARS = 4_000


def read_figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order of position."""
    if len(text) <= PIECE_CHARS + 2 * CONTEXT_CHARS:
        return _read_all(text)
    return list(iter_figures(text))


def read_table(text: str, bounds: Iterable[tuple[int, int]]) -> FigureTable:
    """The figures that start in each piece (start, end) of `bounds` (some of piece_bounds(text), in order),
    in a FigureTable of `text`: FigureTable(text, chain.from_iterable(read_piece(text, a, b) for a, b in
    bounds)), made faster. Speed: the reader's rows go into the table's columns as they are (extend_rows),
    where a Figure was built for each, then taken apart again field by field (a page holds a hundred thousand)."""
    table = FigureTable(text)
    for start, end in bounds:
        table.extend_rows(read_piece_rows(text, start, end))
    return table


def iter_figures(text: str) -> Iterator[Figure]:
    """read_figures(text), one figure at a time: a caller that stores figures more compactly
    (figures/table.py) never holds more than a piece's worth of Figure objects."""
    for start, end in piece_bounds(text):
        yield from read_piece(text, start, end)


def piece_bounds(text: str, piece_chars: int | None = None) -> list[tuple[int, int]]:
    """The pieces (start, end) the text is read in, in order, covering it: one for a text that is not long.
    `piece_chars`: the size of a piece (PIECE_CHARS if None), say to cut a text into as many pieces as processes."""
    size = PIECE_CHARS if piece_chars is None else piece_chars
    if len(text) <= size + 2 * CONTEXT_CHARS:
        return [(0, len(text))]
    out, start = [], 0
    while start < len(text):
        end = _piece_end(text, start, size)
        out.append((start, end))
        start = end
    return out


def read_piece(text: str, start: int, end: int) -> Iterator[Figure]:
    """The figures that start in text[start:end], one of piece_bounds(text), in order, read in the piece and
    CONTEXT_CHARS around it: pieces can be read apart (by several processes) and give what the whole gives."""
    return starmap(_figure_in_order, read_piece_rows(text, start, end))


def read_piece_rows(text: str, start: int, end: int) -> list[tuple]:
    """read_piece(text, start, end) as rows: each figure's fields in the order of Figure's, in a tuple."""
    if start == 0 and end == len(text):
        return _read_rows(text)
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    rows = _read_rows(text[lo:hi])
    if not lo:
        return [r for r in rows if start <= r[1] < end]
    return [(r[0], r[1] + lo, r[2] + lo, *r[3:]) for r in rows if start <= r[1] + lo < end]


def _piece_end(text: str, start: int, piece_chars: int | None = None) -> int:
    """Where the piece from `start` ends: after a line break near `piece_chars` (PIECE_CHARS) on, else a space,
    else there."""
    size = PIECE_CHARS if piece_chars is None else piece_chars
    goal = start + size
    if goal >= len(text):
        return len(text)
    for sep in ("\n\n", "\n", " "):
        k = text.rfind(sep, goal - size // 4, goal)
        if k >= 0:
            return k + len(sep)
    return goal


def _read_all(text: str) -> list[Figure]:
    """read_figures on the whole of `text` at once."""
    return list(starmap(_figure_in_order, _read_rows(text)))


# Speed: the reader carries each figure as a row, a tuple of the fields of Figure in their order (_FIGURE_ORDER;
# R_START etc. name the places it reads), and makes Figures only for those who ask for them (read_figures):
# a tuple costs a tenth of a Figure to build, and a FigureTable takes rows into its columns whole (extend_rows).
R_TEXT, R_START, R_END, R_KIND, R_VALUE, R_LOW, R_HIGH, R_UNIT, R_IS_RANGE = range(9)
R_SPAN, R_SIDE = 16, 17
_row_start = itemgetter(R_START)


def _read_rows(text: str) -> list[tuple]:
    """The figures of the whole of `text` at once, as rows, in order of position."""
    mask = _Mask(len(text))
    lower = text.lower()
    for m in DOMAIN_RE.finditer(text):
        d = DOMAIN_NAME_RE.search(text, max(0, m.start() - 80), m.start())
        mask.add(d.start() if d else m.start(), m.end())
    # Speed: the patterns that need digits are tried only where they may start (pattern_starts).
    where = pattern_starts(text, lower)
    for rx in (URL_RE, PHONE_RE, TIME_RE, REF_RE, VERSION_RE, SLASH_RE, EMAIL_RE, NAME_RE):
        if rx not in where:
            continue
        for m in rx.finditer(text) if rx is REF_RE else S.matches_at(rx, text, where[rx]):
            if rx is SLASH_RE and (DIGIT_FRACTION_RE.match(text, m.start()) or _fraction_at_slash(text, m.start())):
                continue
            mask.add(*m.span())
    figures: list[tuple] = []
    for fig in _read_dates(text, mask, where):
        figures.append(fig)
        mask.add(fig[R_START], fig[R_END])
    atoms = _read_atoms(text, lower, mask, where)
    for a in _share_list_units(text, _join_ranges(text, atoms)):
        if a.weak and a.range_with is None and not a.unit and a.kind == "count":
            continue
        figures.append(_freeze(text, a))
    figures.sort(key=_row_start)
    return _mark_sides(text, _mark_spans(text, figures, lower))


class PatternPlaces:
    """Pattern -> sorted places (what `pattern_starts` gives), looked up by the pattern's identity. Speed: a
    compiled pattern hashes its whole program at each lookup of a dict keyed by it, uncached (9 us for a date
    pattern): a short text (a claim) spent most of its reading on the few dozen lookups of a plain dict. The
    patterns are the module's own, alive as long as it is, so their ids stay theirs."""

    __slots__ = ("_places", "_patterns")

    def __init__(self, *items: tuple[re.Pattern, list[int]]) -> None:
        self._places: dict[int, list[int]] = {id(rx): places for rx, places in items}
        self._patterns: dict[int, re.Pattern] = {id(rx): rx for rx, _ in items}

    def __setitem__(self, rx: re.Pattern, places: list[int]) -> None:
        self._places[id(rx)] = places
        self._patterns[id(rx)] = rx

    def __getitem__(self, rx: re.Pattern) -> list[int]:
        return self._places[id(rx)]

    def __contains__(self, rx: re.Pattern) -> bool:
        return id(rx) in self._places

    def get(self, rx: re.Pattern, default: list[int] | None = None) -> list[int] | None:
        return self._places.get(id(rx), default)

    def items(self) -> Iterator[tuple[re.Pattern, list[int]]]:
        return ((self._patterns[k], places) for k, places in self._places.items())


def pattern_starts(text: str, lower: str) -> PatternPlaces:
    """Speed: for each pattern that needs digits (and URL_RE, EMAIL_RE), the sorted places where it may
    start in `text`, found from one scan for runs of digits (starts.py); the reader tries each pattern
    only there (`starts.matches_at`) instead of passing over the whole text once per pattern. A pattern
    left out finds nothing in `text` (REF_RE is cheap and runs whole). A run is kept for a pattern only
    where the characters right after its digits fit it."""
    runs = S.DigitRuns(text)
    day = runs.followed_by("snrt", space=True, longest=2)  # a day, then a space or an ordinal's letters
    where = PatternPlaces(
        (URL_RE, S.merged(S.find_all(text, "http"), S.find_all(text, "www."))),
        # "555-1234" at a digit: three digits, then a space, "." or "-"; "+44 ...", "(020) ..." at the sign.
        (PHONE_RE, runs.with_lead(runs.followed_by(".-", space=True, shortest=3, longest=3), "+(", 1)),
        # "12:30", "9.30pm", "9 am", "10 o'clock": one or two digits, then ":", ".", a space or a/p/o.
        (TIME_RE, runs.followed_by(":.aApPoO", space=True, longest=2)),
        (REF_RE, []),
        # "1.2.3" at a digit; "v2" at the v.
        (VERSION_RE, runs.with_lead(runs.followed_by("."), "vV", 1)),
        # "3/4", "1.5/2".
        (SLASH_RE, runs.followed_by("./")),
        (ISO_DATE_RE, runs.followed_by("-", shortest=4, longest=4)),  # "2017-02-13"
        (FISCAL_YEAR_RE, runs.with_lead([], "FCQH", 3)),  # "FY 2019", "Q3 2020": at the letters
        (DECADE_RE, runs.followed_by("'s", shortest=4, longest=4)),  # "1990s", "1990's"
        (NUMBER_RE, runs.with_lead(runs.starts, ".", 1)),  # ".5" at the dot
        (DIGIT_FRACTION_RE, runs.followed_by("/", longest=1)),  # "1/3 of"
        # Dates that open with a day of one or two digits, then a space, an ordinal's letters ("3rd"), or
        # what joins days ("3-17", "3 to 17", "3, 10"): "29 October 2018", "12 to 18 April", "28 February to".
        (DATE_RES[1], day),
        (DATE_SPAN_RES[1], runs.followed_by("snrt-,u", space=True, longest=2)),
        (DATE_SPAN_RES[2], day),
    )
    if "@" in text:
        where[EMAIL_RE] = _email_starts(text)
    if "cov" in lower or "iso" in lower:
        # "2019-nCoV" at a digit; "ISO 9001", "COVID-19" at the word.
        words = S.find_words(lower, ("iso", "covid")) if S.plain_case(text, lower) else \
            [m.start() for m in ISO_COVID_RE.finditer(text)]
        where[NAME_RE] = S.merged(runs.followed_by("-nNcC"), words)
    if "/" in text or "⁄" in text or any(c in text for c in VULGAR):
        # "2 1/2", "2½", "21⁄2", "1/4": digits, then a space, a slash or a vulgar fraction; or the fraction alone.
        vulgar = [m.start() for m in VULGAR_RE.finditer(text)]
        digits = runs.followed_by(" /⁄" + "".join(VULGAR))
        where[FRACTION_START_RE] = S.merged(digits, vulgar) if vulgar else digits
    return where


# Where NAME_RE's words start ("ISO 9001", "COVID-19"), in its own case rules.
ISO_COVID_RE = re.compile(r"(?=[ic])(?:iso|covid)", re.I)


def _email_starts(text: str) -> list[int]:
    """Where EMAIL_RE may match: at the start of the run of [\\w.+-] before each "@" (the pattern
    opens with a lookbehind that makes it start nowhere else)."""
    out = []
    floor = 0  # a run before an "@" never reaches back past the "@" before it
    i = text.find("@")
    while i >= 0:
        j = i
        while j > floor and (text[j - 1].isalnum() or text[j - 1] in "_.+-"):
            j -= 1
        if j < i:
            out.append(j)
        floor = i + 1
        i = text.find("@", i + 1)
    return out


# ------------------------------------------------------------------------------------------ spans

CALENDAR_UNITS = frozenset({"year", "decade", "century", "month", "week", "day"})
SINCE_BEFORE_RE = re.compile(r"\b(?:since|ever\s+since)\s+(?:(?:early|late|mid|the\s+(?:start|end|beginning)"
                             r"\s+of)[\s-]+)?$", re.I)
DURATION_BEFORE_RE = re.compile(
    r"\b(?:in|for|over|within|during|after|spanning|lasting|than)\s+(?:(?:the|a)\s+)?"
    r"(?:(?:past|last|previous|preceding|next|first|coming)\s+)?(?:(?:more|less|fewer)\s+than\s+)?$", re.I)
LATER_AFTER_RE = re.compile(r"\s+(?:later|earlier|afterwards?|on|before|after\s+(?:that|this|the))\b", re.I)
AGO_AFTER_RE = re.compile(r"\s+ago\b", re.I)
# "a decade later", "over the past decade", "for a century": a length of time named by one word.
ONE_PERIOD_RE = re.compile(r"(?=[aotAOT])\b(?:(?P<a>an?|one)|(?P<the>the)\s+(?:past|last|previous|preceding|next|coming))\s+"
                           r"(?P<w>decade|century)\b", re.I)


def _mark_spans(text: str, figures: list[tuple], lower: str | None = None) -> list[tuple]:
    """Which figures are spans of time, and of which sort (`Figure.span`); adds 'a decade', 'the past
    century' when they name a length of time ("a decade later", "in a decade", "over the past decade").
    `lower`: text.lower(), if the caller has it."""
    out = []
    # Speed: an ASCII text without "since" (in any case) holds no window that may (_may_hold_since).
    since = not text.isascii() or "since" in (text.lower() if lower is None else lower)
    for f in figures:
        span = ""
        kind = f[R_KIND]
        if since and kind == "date" and not f[R_IS_RANGE] and _may_hold_since(text, max(0, f[R_START] - 40), f[R_START]) \
                and SINCE_BEFORE_RE.search(text, max(0, f[R_START] - 40), f[R_START]):
            span = "since"
        elif kind == "count" and f[R_UNIT] in CALENDAR_UNITS and not f[R_IS_RANGE]:
            tail = _unit_tail(text, f[R_END])
            if AGO_AFTER_RE.match(text, tail):
                span = "ago"
            elif LATER_AFTER_RE.match(text, tail):
                span = "later"
            elif DURATION_BEFORE_RE.search(text, max(0, f[R_START] - 40), f[R_START]):
                span = "duration"
        out.append((*f[:R_SPAN], span, *f[R_SPAN + 1:]) if span else f)
    if "decade" in text or "century" in text:
        taken = [(f[R_START], f[R_END]) for f in figures]
        for m in ONE_PERIOD_RE.finditer(text):
            s, e = m.span()
            if any(a < e and s < b for a, b in taken):
                continue
            after = LATER_AFTER_RE.match(text, e) or AGO_AFTER_RE.match(text, e)
            duration = m.group("the") or DURATION_BEFORE_RE.search(text, max(0, s - 40), s)
            if not (after or duration):
                continue  # "a decade of growth": a span only where the words count time
            span = "duration" if not after else "ago" if AGO_AFTER_RE.match(text, e) else "later"
            out.append((text[s:e], s, e, "count", 1.0, 1.0, 1.0, m.group("w").lower(), False, "", False, False, None,
                        0.0, None, "", span, ""))
        out.sort(key=_row_start)
    return out


def _may_hold_since(text: str, lo: int, hi: int) -> bool:
    """Speed: may SINCE_BEFORE_RE match in text[lo:hi]? Not when the window is ASCII and holds no "since"
    in any case (outside ASCII, letters such as "ſ" match under re.I: the pattern decides)."""
    window = text[lo:hi]
    return not window.isascii() or "since" in window.lower()


def _unit_tail(text: str, end: int) -> int:
    """Where the unit word after a figure ends: "six years| later"."""
    m = U.match_measure_word(text, end)
    return m.end() if m else end


# "down from 25% in 2022", "compared with 25% in 2022": the reference side of a comparison.
FROM_SIDE_RE = re.compile(
    r"(?:\b(?:compared\s+(?:with|to)|versus|vs\.?|relative\s+to|as\s+against)\s*$)", re.I)
TO_SIDE_RE = re.compile(
    r"\b(?:rose|risen|rising|increas\w*|grew|grown|fell|fallen|drop\w*|declin\w*|climb\w*|jump\w*|surg\w*|"
    r"soar\w*|plung\w*|decreas\w*|reduc\w*|cut|rais\w*|went|doubl\w*|tripl\w*|shr[ai]nk\w*|slid\w*|sank|"
    r"dipp\w*|lower\w*|boost\w*|hik\w*|down)(?:\s+[\w,$€£%.]+){0,3}?\s+to\s*$", re.I)
# What may stand between a figure and the date that goes with it: "25% in 2022", "25% (2022)".
DATE_OF_FIGURE_RE = re.compile(r"^\s*(?:,\s*)?(?:\(\s*|(?:in|as\s+of|at\s+the\s+end\s+of|by|during|for|"
                               r"on|over)\s+(?:the\s+)?(?:same\s+\w+\s+(?:of|in)\s+)?)$", re.I)


_SIDE_LAST_CHARACTERS = frozenset("mMhHoOsS.")
_TO_ALONE_RE = re.compile(r"\s*to\s*")


def _mark_sides(text: str, figures: list[tuple]) -> list[tuple]:
    """Which side of a comparison a figure stands on (`Figure.side`): 'from' for the reference value
    ("down from 25% in 2022", "rose from 80,000 to 120,000", "compared with 25%"), 'to' for the value
    reached ("rose to 30%", "from 80,000 to 120,000"). A date right after a sided figure ("in 2022")
    takes its side: it dates that value, not the claim."""
    out: list[tuple] = []
    prev_side, prev = "", None
    for f in figures:
        side = ""
        kind = f[R_KIND]
        if kind != "date" or f[R_IS_RANGE] or not prev_side:
            s = f[R_START]
            # Speed: the window before the figure is read only when its last character (spaces aside) may
            # end "from", "with", "to" or "vs." (lower() makes no other character one of these); that
            # character is looked at first, past one space (past more, the window is cut to find it).
            last_char = text[s - 1:s] if s else ""
            if last_char.isspace():
                last_char = text[s - 2:s - 1] if s >= 2 else ""
                if last_char.isspace():
                    last_char = text[max(0, s - 60):s].rstrip()[-1:]
            if last_char in _SIDE_LAST_CHARACTERS:
                lo = max(0, s - 60)
                before = text[lo:s]
                last = before.rstrip()[-5:].lower()
                # (Each of these patterns runs to the end of the window over at most five chunks of it.)
                if (last.endswith("from") and CHANGE_BEFORE_FROM_RE.search(before, last_chunks(before, 5))) or \
                        (last.endswith(("with", "to", "versus", "vs", "vs.", "against"))
                         and FROM_SIDE_RE.search(before, last_chunks(before, 2))):
                    side = "from"
                elif last.endswith(" to") and TO_SIDE_RE.search(before, last_chunks(before, 5)):
                    side = "to"
            if not side and prev_side == "from" and prev is not None and _TO_ALONE_RE.fullmatch(text, prev[R_END], s):
                side = "to"
        if not side and prev_side and kind == "date" and prev is not None and prev[R_KIND] != "date" \
                and DATE_OF_FIGURE_RE.match(text[prev[R_END]:f[R_START]]):
            side = prev_side
        if side:
            f = (*f[:R_SIDE], side)
        out.append(f)
        prev_side, prev = side, f
    return out


# ------------------------------------------------------------------------------------------ dates

def _date_figure(text: str, start: int, end: int, y: int, m: int = 0, d: int = 0) -> tuple:
    code = y * 10000 + m * 100 + d
    return (text[start:end], start, end, "date", code, code, code, "", False, "", False, False, None, 0.0, None, "",
            "", "")


def _span_figure(text: str, start: int, end: int, lo: int, hi: int) -> tuple:
    return (text[start:end], start, end, "date", lo, lo, hi, "", True, "", False, False, hi, 0.0, None, "", "", "")


def _month_number(word: str) -> int:
    return MONTHS.get(word.rstrip(".").lower(), 0)


def _read_date_spans(text: str, mask: _Mask, local: _Mask, windows: list[tuple[int, int]],
                     starts: PatternPlaces) -> list[tuple]:
    """Day spans and lists of days that share a month (and a year): each span is one date figure
    (`is_range`, `value` its first day, `high_value` its last), each listed day its own date."""
    out: list[tuple] = []
    for i, rx in enumerate(DATE_SPAN_RES):
        for m in S.matches_in_windows(rx, text, windows, starts[rx]):
            if i < 2:
                ds, de = m.span("days")
                if text[ds:de].isdigit():
                    continue  # one day alone ("January 19, 2024"), the most of what matches: an ordinary date, read below
            s, e = m.span()
            if not (local.free(s, e) and mask.free(s, e)):
                continue
            year = int(m.group("year")) if m.group("year") else 0
            if i >= 2:
                m1, m2 = _month_number(m.group("m1")), _month_number(m.group("m2"))
                d1, d2 = int(m.group("d1")), int(m.group("d2"))
                lo, hi = year * 10000 + m1 * 100 + d1, year * 10000 + m2 * 100 + d2
                if not (1 <= d1 <= 31 and 1 <= d2 <= 31) or m1 >= m2 and not (m1 == 12 and m2 == 1 and not year):
                    continue
                if m1 == 12 and m2 == 1:
                    continue  # "28 December to 3 January" spans two years we cannot tell apart
                out.append(_span_figure(text, s, e, lo, hi))
                local.add(s, e)
                continue
            month = _month_number(m.group("month"))
            items = list(DAY_ITEM_RE.finditer(text, ds, de))
            parts = []
            for it in items:
                d1 = int(it.group("d1"))
                d2 = int(it.group("d2")) if it.group("d2") else 0
                if not 1 <= d1 <= 31 or (d2 and not d1 < d2 <= 31):
                    parts = []
                    break
                parts.append((it.start(), it.end(), d1, d2))
            if not parts or (len(parts) == 1 and not parts[0][3]):
                continue  # one day alone is an ordinary date, read below
            if "," in text[ds:de] and not LIST_AND_RE.search(text, ds, de):
                continue  # "On March 5, 12 people died": a list of days ends with "and"
            if any(p[2] <= q[3] or p[2] <= q[2] for q, p in zip(parts, parts[1:])):
                continue  # days of a list go forward: "March 6-7 and 13-14"
            between = len(parts) == 2 and not parts[0][3] and not parts[1][3] and \
                BETWEEN_RE.search(text, max(0, s - 12), s) and re.match(r"\s+and\s+", text[parts[0][1]:parts[1][0]])
            base = year * 10000 + month * 100
            if between:  # "between September 3 and 17, 2024": one span
                parts = [(parts[0][0], parts[1][1], parts[0][2], parts[1][2])]
            for k, (ps, pe, d1, d2) in enumerate(parts):
                fs = s if k == 0 else ps
                fe = e if k == len(parts) - 1 else pe
                if d2:
                    out.append(_span_figure(text, fs, fe, base + d1, base + d2))
                else:
                    out.append(_date_figure(text, fs, fe, year, month, d1))
            local.add(s, e)
    return out


# Speed: every date pattern but the ISO one holds a month name, so they run only in windows around the
# month names of the text (found in one scan), wide enough for the longest date or list of days.
MONTH_SCAN_RE = re.compile(_AT_MONTH + r"\b" + _MONTH)
MONTH_WINDOW_BEFORE, MONTH_WINDOW_AFTER = 60, 80


# A month name opens with one of these (case counts: "may" is a word, "May" and "MAY" months).
_MONTH_OPENINGS = sorted({m[:3] for m in _MONTH_NAMES + _MONTH_ABBREVIATIONS}
                         | {m[:3].upper() for m in _MONTH_NAMES + _MONTH_ABBREVIATIONS})


def _month_starts(text: str) -> list[int]:
    """[m.start() for m in MONTH_SCAN_RE.finditer(text)], faster: the pattern is tried only where a month's
    first three letters stand, in its case with no ASCII letter before them (and at a few more places: found
    in one scan, `_MONTH_OPENING_SCAN`), which holds every place where the pattern, which opens with \\b
    before a month, matches; and trying each place alone finds what finditer finds (a month that starts
    inside another would have a letter before it).)"""
    return [i for i in _MONTH_OPENING_SCAN.starts(text) if MONTH_SCAN_RE.match(text, i)]


_MONTH_OPENING_SCAN = S.OpeningScan(_MONTH_OPENINGS, W.trie_pattern)


def _read_dates(text: str, mask: _Mask, where: PatternPlaces) -> list[tuple]:
    local = _Mask(len(text))
    # Speed: in each window a pattern is tried only where it may start (starts.matches_in_windows): at a
    # month name (each pattern that opens with one), or at a run of digits (those that open with a day).
    months = _month_starts(text)
    windows = _merge_windows(months, len(text), MONTH_WINDOW_BEFORE, MONTH_WINDOW_AFTER + 9)
    starts = PatternPlaces()
    for rx in (*DATE_SPAN_RES, *DATE_RES):
        starts[rx] = where.get(rx, months)
    out: list[tuple] = _read_date_spans(text, mask, local, windows, starts)
    for rx in DATE_RES:
        for m in (S.matches_at(rx, text, where[rx]) if rx is ISO_DATE_RE else
                  S.matches_in_windows(rx, text, windows, starts[rx])):
            s, e = m.span()
            if not (local.free(s, e) and mask.free(s, e)):
                continue
            gd = m.groupdict()
            month = MONTHS.get(gd["month"].rstrip(".").lower(), 0) if gd.get("month") else int(gd.get("m") or 0)
            day = int(gd.get("day") or gd.get("d") or 0)
            year = int(gd["year"]) if gd.get("year") else 0
            if day > 31 or month > 12 or (gd.get("day") is not None and day == 0):
                continue
            out.append(_date_figure(text, s, e, year, month, day))
            local.add(s, e)
    for m in S.matches_at(FISCAL_YEAR_RE, text, where[FISCAL_YEAR_RE]):
        s, e = m.span("y")
        if local.free(s, e) and mask.free(s, e):
            out.append(_date_figure(text, s, e, int(m.group("y"))))
            local.add(s, e)
    for m in S.matches_at(DECADE_RE, text, where[DECADE_RE]):
        s, e = m.span()
        if not (local.free(s, e) and mask.free(s, e)):
            continue
        y = int(m.group("y"))
        lo, hi = y * 10000, (y + 9) * 10000 + 1231
        s = m.start("y")
        out.append(_span_figure(text, s, e, lo, hi))
        local.add(s, e)
    return out


# ------------------------------------------------------------------------------------------ atoms

def _read_atoms(text: str, lower: str, mask: _Mask, where: PatternPlaces) -> list[_Atom]:
    atoms: list[_Atom] = _fraction_atoms(text, mask, where, lower)
    label_end = -1
    taken_at = mask.m.find  # (mask.free(s, e) for s < e, without a call of Python for each number)
    fast = _FAST_PATHS
    # S.matches_at(NUMBER_RE, ...) written out, with NUMBER_AND_WORD_RE: its group 1 is NUMBER_RE's match, and
    # what it matches after is the plain word that may follow (_plain_atom), found in the same call.
    number_end = -1
    for p in where[NUMBER_RE]:
        if p < number_end:
            continue
        m = NUMBER_AND_WORD_RE.match(text, p)
        if m is None:
            continue
        s, e = m.span(1)
        number_end = e  # (a number is never empty)
        if taken_at(1, s, e) >= 0:
            continue
        # The last chunk before the number, which says whether a label (here) or a hedge or a bound (_qualify)
        # may end there: split off once for both, when the label's window holds it whole.
        lo = s - LABEL_WINDOW if s > LABEL_WINDOW else 0
        tail = text[lo:s].rstrip()
        chunk = tail.rsplit(None, 1)[-1] if tail else ""
        if fast and text[s - 1:s] == " " and (label_end < 0 or s - label_end >= 6) and chunk.isalpha() \
                and chunk.isascii() and (lo == 0 or len(chunk) < len(tail)):
            atom = _plain_atom(text, m, s, e, chunk)
            if atom is not None:
                if atom.end == e or taken_at(1, e, atom.end) < 0:  # (the general road drops it where "%" is taken)
                    atoms.append(atom)
                continue
        if _is_label(text, s, e, label_end, chunk):
            label_end = e
            mask.add(s, e)
            continue
        atom = _digits_atom(text, m.group(1), s, e)
        if atom is not None and mask.free(atom.start, atom.end):
            if tail and (lo == 0 or len(chunk) < len(tail)):  # (a space before it in the window, or the text's start)
                atom.chunk_before, atom.chunk_at = chunk, s
            _negate_after_minus(text, atom)
            atoms.append(atom)
    taken = _Mask(len(text))
    taken.m[:] = mask.m
    for a in atoms:
        taken.add(a.start, a.end)
    atoms += _word_atoms(text, lower, taken)
    atoms.sort(key=_start_of)
    for a in atoms:
        if not a.plain:
            _qualify(text, a)
    return atoms


_FAST_PATHS = True  # (tests turn the fast paths off to compare them with the general road)
# NUMBER_RE's match as group 1, then the key of after.py (a space, a word, its ending) if one follows. The
# number is taken atomically, the very match NUMBER_RE makes and never another one backtracked into: a
# lookahead is never backtracked into, and the backreference takes what it matched ("(?>...)" would need
# Python 3.11).
NUMBER_AND_WORD_RE = re.compile("(?=(" + NUMBER_RE.pattern + "))\\1" + "(?:" + WORD_AFTER_RE.pattern + ")?")
# What may stand right after a plain number (or nothing): no unit, sign, letter, space, "+" or "-".
_PLAIN_ENDS = frozenset(",.;:)!?]\"'")


def _plain_atom(text: str, m: re.Match, s: int, e: int, chunk: str) -> _Atom | None:
    """Speed: the atom the general road (_is_label, _digits_atom, _negate_after_minus, _qualify) makes of a
    number written with digits (thousands commas, decimals) alone, with a space and a word of ASCII letters
    before it and, after it, a plain word (after.py), a mark that ends a phrase, the end of the text or a
    percent sign: most numbers of a page ("and 41 wolves were", "In 2016, the", "by 12.5% in"). None where
    the general road must read it.

    Why the road would make the same atom: the word before (`chunk`, whole: a space stands before it)
    is no label's, so no label; its last letter is a small one and it is not "Rs" or "Rp", so no currency
    is written before (units.search_currency_prefix); a space stands before the digits, so they are not
    glued to a word nor after a minus sign, and the word is not "minus" or "negative"; no letter is glued
    after the digits, and no scale, unit, currency or percent follows (after.py; a mark is none of
    them); so the road's atom is the count `_finish` makes of the digits; or, after a "%" that no "points"
    may follow, the percent _read_unit_suffix reads. `plain`: nor can a hedge or a
    bound be read (the word before is none of theirs, and what follows opens neither "or more" nor
    "and over"), so _qualify would leave a count as it is."""
    key = chunk.lower()
    digits = m.group(1)
    if key in _NOT_PLAIN_BEFORE or not chunk[-1].islower() or chunk[-2:] in ("Rs", "Rp") or " " in digits:
        return None
    c = text[e:e + 1]
    percent = False
    if c == "%":
        # "12.5%", "12% of": PERCENT_RE's "%", unless POINTS_RE may read "% points", "%-points", "%points".
        second = text[e + 1:e + 2]
        if second in ("p", "P", "-") or (second.isspace() and text[e + 2:e + 3] in ("p", "P")):
            return None
        percent = plain = True
    elif c == " ":
        # (NUMBER_AND_WORD_RE matched the key of after.py after the number, if one stands there.)
        after = m.end()
        if after == e or (text[e:after] not in _NO_SUFFIX.keys and not _NO_SUFFIX.none_at(text, e, 40)):
            return None
        plain = text[e + 1] not in _SUFFIX_SECONDS
    elif not c or c in _PLAIN_ENDS:
        plain = True
    else:
        return None
    number = digits.replace(",", "") if "," in digits else digits
    if len(number) > MAX_DIGITS:
        return None
    whole, _, decimals = number.partition(".")
    zeros = len(whole) - len(whole.rstrip("0")) if whole.strip("0") else 0
    atom = _Atom(s, e, float(number), 1.0, len(decimals), zeros)
    atom.chunk_before, atom.chunk_at = chunk, s
    if percent:
        atom.kind, atom.unit, atom.end = "percent", "%", e + 1  # (what _read_unit_suffix reads; _finish keeps it)
        return atom
    if len(digits) == 4:  # (_finish reads no other number)
        _finish(text, atom, digits)
    atom.plain = plain and atom.kind == "count" and key not in QUALIFIER_LAST_WORDS
    return atom


def _negate_after_minus(text: str, a: _Atom) -> None:
    """'-15€', '−3%', 'minus 5 degrees': a negative figure (a year or an ordinal never is)."""
    if a.kind in ("date", "ordinal") or a.vague:
        return
    s = a.start
    if (not a.words and s >= 1 and text[s - 1] in "-\u2212" and (s == 1 or text[s - 2] in MINUS_SIGN_BEFORE)
            and not text[max(0, s - 4):s - 1].rstrip()[-1:].isdigit()):  # "3 -1" is a score
        a.raw, a.start = -a.raw, s - 1
        return
    lo = max(0, s - 10)
    # Speed: the pattern's words hold "inus" or "egative"; str.find is far cheaper than its search. (Asked here
    # only, in the ten characters before the figure: asking first whether the whole text held them cost two
    # passes over a text that holds neither, more than these finds for every figure of it.)
    m = MINUS_WORD_RE.search(text, lo, s) if text.find("inus", lo, s) >= 0 or text.find("egative", lo, s) >= 0 \
        else None
    if m and not NUMBER_BEFORE_RE.search(text, max(0, m.start() - 16), m.start()):
        a.raw, a.start = -a.raw, m.start()


# Speed: the last word before a figure says whether a hedge, a bound or a label can end there, so the
# regexes that read them run only then. Each set holds every last word its patterns can end with.
QUALIFIER_LAST_WORDS = frozenset("""about around roughly approximately approx approx. some circa ca. c. estimated est.
nearly almost to over under below above of more less fewer than like least exceeding exceeded exceeds most as minimum
maximum max thereabouts""".split())
QUALIFIER_SYMBOLS = "~≈<>=≥≤"
LABEL_LAST_WORDS = frozenset(form for w in _LABEL_WORDS.split("|")
                             for form in (w.replace("\\.?", "").replace("\\.", ".").split("\\s+")[-1],
                                          w.replace("\\.?", ".").replace("\\.", ".").split("\\s+")[-1]))
LABEL_SYMBOLS = "#§¶"
# Last words before a number after which the general road must look (_plain_atom): labels ("page 4"), and the
# words that make a number negative ("minus 5").
_NOT_PLAIN_BEFORE = LABEL_LAST_WORDS | frozenset(("minus", "negative"))
HEDGE = EndingPhrases(r"(?:\b(?:{})|~|≈)\s*$", _HEDGE_PHRASES, re.I, QUALIFIER_LAST_WORDS, QUALIFIER_SYMBOLS)
MIN = EndingPhrases(r"(?:\b(?:{})|>=?|≥)\s*$", _MIN_PHRASES, re.I, QUALIFIER_LAST_WORDS, QUALIFIER_SYMBOLS)
MAX = EndingPhrases(r"(?:\b(?:{})|<=?|≤)\s*$", _MAX_PHRASES, re.I, QUALIFIER_LAST_WORDS, QUALIFIER_SYMBOLS)
LABEL_BEFORE = EndingPhrases(r"(?:\b(?P<w>{})\s*|[#§¶]\s*)$", _LABEL_WORDS, re.I, LABEL_LAST_WORDS, LABEL_SYMBOLS)


LABEL_WINDOW = 16  # a label ends at most this many characters before its number


def _is_label(text: str, s: int, e: int, label_end: int, chunk: str) -> bool:
    """'Article 25', 'page 4', 'No. 5', '#1', and the rest of 'pp. 12-15' after a label. `chunk`: the last
    chunk of text[s - LABEL_WINDOW:s] (closing_of_chunk)."""
    joined = label_end >= 0 and s - label_end < 6 and LABEL_JOIN_RE.match(text, label_end, s)
    if not joined:
        lo = max(0, s - LABEL_WINDOW)
        m = LABEL_BEFORE.search(text, closing_of_chunk(chunk, LABEL_SYMBOLS), lo, s)
        if m is None:
            return False  # (first, as it is the cheaper test and mostly says no)
    if LABEL_NOT_AFTER_RE.match(text, e):
        return False
    if joined:
        return True
    w = (m.group("w") or "").rstrip(".").lower()
    if w in _SMALL_NUMBER_LABELS and e - s <= 2 and text[s:e].isdigit():
        return True  # "a phase 3 trial", "type 2 diabetes", "a category 5 storm", whatever the case
    return not (w in _CAPITAL_ONLY_LABELS and not m.group("w")[0].isupper())


def _digits_atom(text: str, digits: str, s: int, e: int) -> _Atom | None:
    before = text[max(0, s - 12):s]
    if " " in digits and "," in digits:  # "12 345,67": grouped with spaces, a decimal comma
        plain = digits.replace(" ", "").replace(",", ".")
    else:
        plain = digits.replace(",", "").replace(" ", "")
    separated = plain != digits
    if len(plain) > MAX_DIGITS:
        return None  # 104 groups of "123" are no figure anyone wrote, and would overflow a float
    raw = float(plain)
    int_part, _, frac = plain.partition(".")
    atom = _Atom(start=s, end=e, raw=raw, decimals=len(frac),
                 trailing_zeros=(len(int_part) - len(int_part.rstrip("0"))) if int_part.strip("0") else 0)
    cur = U.search_currency_prefix(before)
    if cur:
        atom.kind, atom.unit = "money", U.currency_of_prefix(cur)
        atom.start = s - (len(before) - cur.start())
    elif s > 0 and (text[s - 1].isalpha() or (text[s - 1] == "-" and s > 1 and text[s - 2].isalpha())):
        # Glued to a word: COVID-19, IL-6, H1N1, F-35 are names. mid-2019 is still a year.
        if not (len(plain) == 4 and not separated and YEAR_PREFIX_RE.search(text[max(0, s - 8):s])):
            return None
        atom.kind = "date"
        return atom
    # Speed: letters glued to the digits (GLUED_RE) and a scale word or " m" after a space (match_scale) each
    # open with one character, tested here before any slice or pattern.
    c = text[e:e + 1]
    glued = None
    if "a" <= c <= "z" or "A" <= c <= "Z":
        rest = text[e:e + 40]
        glued = GLUED_RE.match(rest)
    if glued:
        g = glued.group()
        low = g.lower()
        after = rest[len(g):]
        if ORDINAL_RE.fullmatch(low) and not separated and not frac:
            atom.kind, atom.end = "ordinal", e + len(g)
            return atom
        if low == "pc" and not after[:1].isalnum():
            atom.kind, atom.unit, atom.end = "percent", "%", e + 2
            return atom
        if low == "pp" and not after[:1].isalnum():
            atom.kind, atom.unit, atom.end = "points", "pp", e + 2
            return atom
        scale = _glued_scale(g, atom, after)
        if scale:
            atom.scale, atom.end = scale, e + len(g)
        elif g == "m" and atom.kind == "count":
            atom.unit, atom.unit_end = "m", e + 1
            return atom
        else:
            meas = U.read_measure(rest, glued_ok=True)
            if meas is None or meas[1] != len(g):
                return None  # 3D, 5G, 10am, 4x4: a name or a unit we do not read
            atom.unit, atom.unit_end = meas[0], e + meas[1]
            return _finish(text, atom, digits)
    elif c.isspace():
        if c == " " and _NO_SUFFIX.none_at(text, e, 40):
            return _finish(text, atom, digits)  # (nothing below reads a thing: a plain word follows)
        rest = text[e:e + 40]
        sm = U.match_scale(rest)
        if sm:
            atom.scale = U.SCALE_WORDS[W.fold(sm.group("w"))]
            atom.end = e + sm.end()
        elif rest[:2] == " m" and SPACED_M_RE.match(rest) and (atom.kind == "money" or _million_context(rest[2:], spaced=True)):
            atom.scale, atom.end = 1e6, e + 2
    _read_unit_suffix(text, atom)
    return _finish(text, atom, digits)


def _glued_scale(g: str, atom: _Atom, after: str) -> float | None:
    low = g.lower()
    if low in ("bn", "mn", "mln", "bln", "tn", "trn"):
        return U.SCALE_WORDS[low]
    if g in ("k", "K"):
        return 1e3
    if g == "M":
        return 1e6
    if g in ("b", "B") and atom.kind == "money":
        return 1e9
    if g == "T" and atom.kind == "money":
        return 1e12  # "$2.174T"
    if g == "B" and not after[:1].isalnum():
        return 1e9
    if g == "m":
        if atom.kind == "money" or _million_context(after, spaced=False, whole=not atom.decimals):
            return 1e6
    return None


def _million_context(after: str, spaced: bool = False, whole: bool = False) -> bool:
    """After "2.6m": million ("2.6m people", "10m in 2000"), unless the words say metres ("100m hurdles",
    "2.5m tall", "a 5m-high wall"); a whole number with no word after ("won the 100m.") is metres.
    After "5 m" (with a space) only a counted noun says million."""
    if after[:1] == "-":  # "a 5m-high wall", but "a 1.8m-square-foot tower"
        m = COUNT_NOUN_RE.match(" " + after[1:])
        return bool(m) and m.group("w") not in METRE_CONTEXT
    m = COUNT_NOUN_RE.match(after)
    if not m:
        return not spaced and not whole
    w = m.group("w")
    if w in METRE_CONTEXT:
        return False
    plural = w in _PEOPLE or (w.endswith("s") and not w.endswith(("ss", "us", "is")) and w not in _NOT_PLURAL)
    return plural or not spaced


def _finish(text: str, atom: _Atom, digits: str) -> _Atom:
    """Decide whether four plain digits are a year."""
    if len(digits) != 4 or atom.kind != "count" or atom.unit or atom.scale != 1 or atom.decimals \
            or digits != str(int(atom.raw)):
        return atom
    y = int(atom.raw)
    if 1500 <= y <= 2100:
        # A cue before it ("in 2019") or no counted noun after it ("2019 people"): a year. (Speed: the noun
        # first; the cue's long pattern is searched only when a noun follows.)
        if not _counted_noun_after(text, atom.end) or \
                STRONG_YEAR_CUE_RE.search(text[max(0, atom.start - 16):atom.start]):
            atom.kind = "date"
    elif 1000 <= y < 1500 and STRONG_YEAR_CUE_RE.search(text[max(0, atom.start - 16):atom.start]):
        atom.kind = "date"
    return atom


def _counted_noun_after(text: str, end: int) -> bool:
    m = COUNT_NOUN_RE.match(text, end)
    if not m:
        return False
    w = m.group("w")
    if w in _PEOPLE:
        return True
    return len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is", "'s")) and w not in _NOT_PLURAL


UNIT_SIGNS = frozenset("%°€£℃℉µμ")
# Speed: the words after which none of the patterns that read a scale or a unit after a number (_digits_atom,
# _read_unit_suffix) finds anything, learnt as the text is read.
_NO_SUFFIX = NoSuffixWords([U.SCALE_RE, SPACED_M_RE, POINTS_RE, PERCENT_RE, U.CURRENCY_SUFFIX_RE,
                            U.MEASURE_SYMBOL_RE, U.MEASURE_WORD_RE])


def _read_unit_suffix(text: str, atom: _Atom) -> None:
    end = atom.end
    # Speed: every unit, currency and percent sign starts (after one space or hyphen) with a letter or a sign.
    first = text[end:end + 1]
    if first == " " and _NO_SUFFIX.none_at(text, end, 40):
        return  # a plain word follows ("41 wolves"): no pattern below finds a thing (after.py)
    if first.isspace() or first == "-":
        first = text[end + 1:end + 2]
    if not first or not (first.isalpha() or first in UNIT_SIGNS):
        return
    rest = text[end:end + 40]
    if atom.kind != "money" and first in ("p", "P", "%"):  # (where points and percents start)
        pm = POINTS_RE.match(rest)
        if pm:
            atom.kind, atom.unit, atom.end = "points", "pp", atom.end + pm.end()
            return
        pm = PERCENT_RE.match(rest)
        if pm:
            atom.kind, atom.unit, atom.end = "percent", "%", atom.end + pm.end()
            return
    cm = U.match_currency_suffix(rest)
    if cm:
        code, single = U.currency_of_suffix(cm)
        ok = bool(code)
        if single in U.AMBIGUOUS_CURRENCY and not cm.group("adj"):
            ok = ok and (atom.scale >= 1e3 or atom.kind == "money")
        if ok and (atom.kind != "money" or not atom.unit or atom.unit == code):
            atom.kind, atom.unit, atom.end = "money", code, atom.end + cm.end()
            return
    if atom.kind == "money":
        return
    meas = U.read_measure(rest, glued_ok=False)
    if meas is None and rest[:2] == " m" and SPACED_M_RE.match(rest) and atom.scale == 1:
        meas = ("m", 2)
    if meas is not None:
        atom.unit, atom.unit_end = meas[0], atom.end + meas[1]


def _share_tol(pct: float) -> float:
    """'two-thirds', 'one in five', 'half of': a share in words stands for its value give or take
    half a point, a little more for large shares, never more than two points; a tenth of a small share
    ("one in 12,000")."""
    return min(2.0, 0.5 + 0.05 * pct) if pct >= 5 else 0.1 * pct


def _number_fraction(text: str, pos: int) -> _Atom | None:
    """A fraction that is a number, at `pos` (at its whole part or its numerator): '2 1/2', '2½',
    '⅓ cup'; digits around a slash only with a whole part before or a unit of measure after ('1/4 inch'),
    since '3/4' alone may be a date and '24/7' a ratio."""
    m = NUMBER_FRACTION_RE.match(text, pos)
    if m is None:
        return None
    if m.group("v"):
        whole, (n, d) = m.group("whole"), VULGAR[m.group("v")]
    elif m.group("n"):
        whole, n, d = m.group("whole"), int(m.group("n")), int(m.group("d"))
    else:
        whole, n, d = m.group("mwhole"), int(m.group("mn")), int(m.group("md"))
        if not whole and U.read_measure(text[m.end():m.end() + 30], glued_ok=False) is None:
            return None
    if not 0 < n < d:
        return None
    start = m.start() if whole else m.start("v") if m.group("v") else m.start("n") if m.group("n") else m.start("mn")
    value = (int(whole) if whole else 0) + n / d
    exact = all(p in (2, 5) for p in _prime_factors(d))
    return _Atom(start=start, end=m.end(), raw=value, tol=0.0 if exact else 0.005)


WHOLE_BEFORE_RE = re.compile(r"(?<![\w/.,])\d{1,6} $")


def _fraction_at_slash(text: str, start: int) -> _Atom | None:
    """The number fraction whose numerator starts at `start`, with its whole part if one comes before."""
    wm = WHOLE_BEFORE_RE.search(text, max(0, start - 8), start)
    return _number_fraction(text, wm.start() if wm else start)


def _prime_factors(d: int) -> list[int]:
    out, p = [], 2
    while d > 1 and p <= d:
        while d % p == 0:
            out.append(p)
            d //= p
        p += 1
    return out


# Speed: W.ONE_IN_MIDDLE_RE where the character before it may end a number (a digit or a number word's last
# letter), so that the hundreds of " in " of a page that follow other words are not each looked at in Python.
# (Matches overlap only at a match's last space; where a match turned away or let through changes which of
# two overlapping matches is found, the second follows "in", "of" or "every", which no number before "in"
# ends with, so nothing is read there either way: the same figures are read.)
_ONE_IN_AFTER_NUMBER_RE = re.compile(
    r" (?<=[\d" + "".join(sorted(W.SMALL_NUMBER_LAST_LETTERS)) + r"] )" + W.ONE_IN_MIDDLE_RE.pattern[1:],
    W.ONE_IN_MIDDLE_RE.flags)
# Speed: where a match of _ONE_IN_AFTER_NUMBER_RE may start, from the Latin-1 bytes of the text in lower case
# (when a case-blind pattern reads `text` as a plain one reads its lower case, S.plain_case): each space that
# " in " or " out of " follows, with a digit or a number word's last letter before it. Each of these patterns
# opens with its literal words, which the engine skips to at once, where the pattern above is tried at every
# space of the text. The middle words end before the space after them ("(?= )"), so that a space ending one
# may start the next ("1 in in 5"): every such place is found, and S.matches_at tries the pattern there alone.
_ONE_IN_PLACE_RES = tuple(
    re.compile((" " + w + "(?= )(?<=[0-9" + "".join(sorted({c.lower() for c in W.SMALL_NUMBER_LAST_LETTERS}))
                + "] " + w + ")").encode("ascii"))
    for w in ("in", "out of"))


def _one_in_middles(text: str, lower: str | None) -> Iterable[re.Match]:
    """_ONE_IN_AFTER_NUMBER_RE.finditer(text). `lower`: text.lower(), if the caller has it."""
    if lower is not None and S.plain_case(text, lower):
        try:
            latin1 = lower.encode("latin-1")  # (one byte a character: same places; no decimal digit but 0-9)
        except UnicodeEncodeError:
            latin1 = None
        if latin1 is not None:
            ins, outs = (list(map(S.START, rx.finditer(latin1))) for rx in _ONE_IN_PLACE_RES)
            return S.matches_at(_ONE_IN_AFTER_NUMBER_RE, text, sorted(ins + outs) if outs else ins)
    return _ONE_IN_AFTER_NUMBER_RE.finditer(text)


def _fraction_atoms(text: str, mask: _Mask, where: PatternPlaces, lower: str | None = None) -> list[_Atom]:
    """Shares written with digits, read before the digits themselves: '1/3 of patients' is 33.33%
    (other digits around a slash are blocked as ratios or dates); '1 in 10', 'one in five'; and
    fractions that are numbers: '2 1/2', '2½', '1/4 inch'. `lower`: text.lower(), if the caller has it."""
    out = []
    if FRACTION_START_RE in where:
        for m in S.matches_at(FRACTION_START_RE, text, where[FRACTION_START_RE]):
            a = _number_fraction(text, m.start())
            if a is not None and mask.free(a.start, a.end):
                _read_unit_suffix(text, a)
                out.append(a)
                mask.add(a.start, a.end)
    for m in S.matches_at(DIGIT_FRACTION_RE, text, where[DIGIT_FRACTION_RE]):
        n, d = int(m.group("n")), int(m.group("d"))
        if n < d and mask.free(*m.span()):
            out.append(_Atom(start=m.start(), end=m.end(), raw=100 * n / d, kind="percent", unit="%",
                             approx=True, words=True, tol=_share_tol(100 * n / d)))
            mask.add(*m.span())
    for mid in _one_in_middles(text, lower):
        # The number before "in" ends right before it, with a digit or a number word's last letter.
        c = text[mid.start() - 1:mid.start()]
        if not (c.isdecimal() or c in W.SMALL_NUMBER_LAST_LETTERS):
            continue
        nm = W.ONE_IN_NUM_RE.search(text, max(0, mid.start() - 10), mid.start())
        dm = nm and W.ONE_IN_DEN_RE.match(text, mid.end())
        if not dm:
            continue
        n, d = W.small_number(nm.group("num")), W.small_number(dm.group("den"))
        if n and d and n < d and mask.free(nm.start(), dm.end()):
            out.append(_Atom(start=nm.start(), end=dm.end(), raw=100 * n / d, kind="percent", unit="%",
                             approx=True, words=True, tol=_share_tol(100 * n / d)))
            mask.add(nm.start(), dm.end())
    return out


HALF_SCALE_RE = re.compile(r"(?=[aohAOH])\b(?:(?P<num>a|one)\s+and\s+a\s+half|half\s+an?)\s+(?P<w>million|billion|trillion|"
                           r"thousand|dozen|hundred)\b", re.I)
# (Looked for in this order, the commonest first: the test stops at the first one found.)
_VAGUE_WORDS = ("several", "a few", "hundreds", "thousands", "millions", "dozens", "billions", "scores")
# The words VAGUE_RE and FRACTION_RE open with ("a" for "a few", "a third", "an eighth").
_VAGUE_OPENINGS = ("tens", "hundreds", "dozens", "scores", "thousands", "millions", "billions", "several", "a")
_FRACTION_OPENINGS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "a")
_FRACTION_WORDS = ("half", "halves", "third", "quarter", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
                   "tenth")


# Speed: every pattern of figures in words holds one of these words, found with str.find (far faster than a
# regex that must be tried at each letter); the patterns then run only in windows around them.
WORD_TRIGGERS = tuple(sorted({*W.UNITS, *W.TENS, *W.SCALES, "dozen", "half", "halves", *W.DENOMINATORS,
                              "several", "few", "scores"}))
WORD_WINDOW_BEFORE, WORD_WINDOW_AFTER = 48, 96
# The triggers no other trigger opens: "four" finds "fourteen" and "fourth" too.
_TRIGGER_ROOTS = tuple(w for w in WORD_TRIGGERS if not any(v != w and w.startswith(v) for v in WORD_TRIGGERS))
_TRIGGER_SCAN = S.WordStartScan(W.trie_pattern(list(_TRIGGER_ROOTS)))


def _word_starts(lower: str) -> list[int]:
    """Where a word that may start or hold a figure in words starts: a trigger, no letter before it. (One scan
    for the triggers with no ASCII letter before them; a trigger inside another one's match has a letter
    before it, so the scan loses none by not overlapping. The test is done again for other letters, "éone".)"""
    return [i for i in _TRIGGER_SCAN.starts(lower) if i == 0 or not lower[i - 1].isalpha()]


def _articles_before(lower: str, starts: list[int]) -> list[int]:
    """Where "a" or "an" stands right before (spaces and hyphens apart) a word of `starts`: "a dozen",
    "a few", "an eighth", the only words but the triggers that open a figure in words."""
    out = []
    for i in starts:
        j = i
        while j > 0 and (lower[j - 1].isspace() or lower[j - 1] == "-"):
            j -= 1
        if lower[j - 1:j] == "a" and (j == 1 or not lower[j - 2].isalpha()):
            out.append(j - 1)
        elif lower[j - 2:j] == "an" and (j == 2 or not lower[j - 3].isalpha()):
            out.append(j - 2)
    return out


def _merge_windows(starts: list[int], n: int, before: int, after: int) -> list[tuple[int, int]]:
    """The windows (i - before, i + after) around the places `starts` (sorted, each in the text of length `n`),
    cut to the text, those that touch or overlap merged."""
    if not starts:
        return []
    # Speed: the places are sorted, so a window's end never falls behind the one before, and the window of a
    # place i merges with that of the place p before it exactly when i - p <= before + after (when i - before is
    # below 0 too, as i - p <= i). The places where a new window opens are found in C (compress, map), and
    # only the windows made in Python, where a step for each place made its window and merged it.
    opens = compress(range(1, len(starts)), map(gt, map(sub, islice(starts, 1, None), starts), repeat(before + after)))
    windows: list[tuple[int, int]] = []
    first = 0
    for k in opens:
        windows.append((max(0, starts[first] - before), min(n, starts[k - 1] + after)))
        first = k
    windows.append((max(0, starts[first] - before), min(n, starts[-1] + after)))
    return windows


def _finditer_in(rx: re.Pattern, text: str, windows: list[tuple[int, int]]):
    """rx.finditer over each window: the same matches as over the whole text, when windows hold them."""
    for lo, hi in windows:
        yield from rx.finditer(text, lo, hi)


def _word_atoms(text: str, lower: str, taken: _Mask) -> list[_Atom]:
    atoms: list[_Atom] = []

    def add(a: _Atom) -> None:
        atoms.append(a)
        taken.add(a.start, a.end)

    starts = _word_starts(lower)
    windows = _merge_windows(starts, len(lower), WORD_WINDOW_BEFORE, WORD_WINDOW_AFTER)
    if S.plain_case(text, lower):
        # Speed: each pattern (but HALF_SCALE_RE) opens with a trigger or with "a"/"an" before one, so it
        # is tried there alone, in its window (where lower() keeps each letter in its place). A fraction
        # needs one of _FRACTION_WORDS, a trigger: trying it at each place costs less than looking for them.
        places = S.merged(starts, _articles_before(lower, starts))
        fractions = True
        # Speed: whether "half" stands at a word start, from the starts (HALF_SCALE_RE's and HALF_RE's "half"
        # follows a space, a hyphen or \b, so no letter stands before it, and "half" is a trigger), where
        # `"half" in lower` was a pass over the whole text, which most texts make for nothing.
        halves = any(map(lower.startswith, repeat("half"), starts))

        def find(rx: re.Pattern, openings: tuple[str, ...] = ()):
            # (Speed: a pattern that opens with a few words only is tried only where one of them stands.)
            at = [p for p in places if lower.startswith(openings, p)] if openings else places
            return S.matches_in_windows(rx, text, windows, at)
    else:
        fractions = any(w in lower for w in _FRACTION_WORDS)
        halves = "half" in lower

        def find(rx: re.Pattern, openings: tuple[str, ...] = ()):
            return _finditer_in(rx, text, windows)
    vague = find(W.VAGUE_RE, _VAGUE_OPENINGS) if any(w in lower for w in _VAGUE_WORDS) else ()
    for m in vague:
        lo, hi = W.vague_range(m)
        s, e = m.start(), m.end("word") if m.group("word") else m.end()
        if taken.free(s, e):
            a = _Atom(start=s, end=e, raw=lo, vague=(lo, hi), words=True)
            _read_unit_suffix(text, a)
            add(a)
    for m in _finditer_in(HALF_SCALE_RE, text, windows) if halves else ():
        if taken.free(*m.span()):
            w = W.fold(m.group("w"))
            base = 12 if w == "dozen" else 100 if w == "hundred" else U.SCALE_WORDS[w]
            mult = 1.5 if m.group("num") else 0.5
            a = _Atom(start=m.start(), end=m.end(), raw=mult, scale=base, decimals=1, words=True)
            _read_unit_suffix(text, a)
            add(a)
    for m in find(W.FRACTION_RE, _FRACTION_OPENINGS) if fractions else ():
        v = W.fraction_value(m.group("num"), m.group("den"), bool(m.group("of")))
        if v is not None and taken.free(*m.span()):
            add(_Atom(start=m.start(), end=m.end("den"), raw=100 * v, kind="percent", unit="%",
                      approx=True, words=True, tol=_share_tol(100 * v)))
    for m in find(W.HALF_RE, ("one", "half")) if halves else ():
        s, e = m.start(), m.start() + len(m.group().rstrip())
        if taken.free(s, e) and not W.NOT_HALF_BEFORE_RE.search(text, max(0, s - 10), s):
            add(_Atom(start=s, end=e, raw=50.0, kind="percent", unit="%", approx=True, words=True,
                      tol=_share_tol(50.0)))
    for m in find(W.NUMBER_WORDS_RE):
        if taken.m.find(0, m.start(), m.end()) < 0:
            continue  # Speed: every character already taken ("million" in "$5 million"): no number here is free
        for s, e, v, decimals in W.split_number_words(text, m.start(), m.end()):
            phrase = text[s:e]
            low = phrase.lower()
            if not taken.free(s, e):
                continue
            if low in ("hundred", "thousand", "million", "billion", "trillion", "dozen"):
                continue  # a bare scale word: "the million-strong march" is not a figure we read
            if FRACTION_AFTER_RE.match(text, e):
                continue
            if low == "zero" and (text[e:e + 1] == "-" or ZERO_NAME_BEFORE_RE.search(text, max(0, s - 10), s)
                                  or ZERO_NAME_AFTER_RE.match(text, e)):
                continue  # "zero-sum", "zero tolerance", "Ground Zero", "net zero": names, not figures
            atom = _Atom(start=s, end=e, raw=v, words=True, approx=low.startswith(("a dozen", "dozen")),
                         decimals=decimals)
            scale_word = SCALE_END_RE.search(low)
            if scale_word and v >= 1e3:
                atom.scale = U.SCALE_WORDS[scale_word.group(1)]
                atom.raw = v / atom.scale
            hm = AND_A_HALF_RE.match(text, e)
            if hm and not scale_word:
                # "two and a half million", "two and a half years": the half belongs to the number.
                atom.raw += 0.5
                atom.decimals, atom.end = 1, hm.end()
                if hm.group("w"):
                    atom.scale = U.SCALE_WORDS[W.fold(hm.group("w"))]
                taken.add(s, atom.end)
            # "one" alone is mostly a pronoun ("one of the", "no one"): a figure only in a range or with a unit.
            if low in ("one", "a hundred", "a thousand") and not hm:
                atom.weak = True
            _negate_after_minus(text, atom)
            _read_unit_suffix(text, atom)
            add(atom)
    return atoms


# ------------------------------------------------------------------------------------------ qualify

def _qualify(text: str, a: _Atom) -> None:
    if a.kind == "date":
        # "c. 1491", "circa 1900": the hedge belongs to the year, though a year stays exact.
        # (Speed: searched only when the words before end as the hedge does, in "." or "a": the last character
        # before the year, spaces aside, which is the last of the chunk split off for the label test if any.)
        last = a.chunk_before[-1:] if a.chunk_at == a.start else text[max(0, a.start - 32):a.start].rstrip()[-1:]
        if last in (".", "a", "A"):
            before = text[max(0, a.start - 32):a.start]
            hm = YEAR_HEDGE_RE.search(before)
            if hm:
                a.start -= len(before) - hm.start()
        return
    if a.kind == "ordinal":
        return
    # (The last chunk before a number was split off when its label was looked for, if its start is still there;
    # Speed: its closing is looked up, as pages repeat their words.)
    if a.chunk_at == a.start:
        key = _QUALIFIER_CLOSINGS.get(a.chunk_before)
        if key is None:
            key = closing_of_chunk(a.chunk_before, QUALIFIER_SYMBOLS)
            if len(_QUALIFIER_CLOSINGS) < 100_000:
                _QUALIFIER_CLOSINGS[a.chunk_before] = key
    else:
        key = closing(text[max(0, a.start - 32):a.start], QUALIFIER_SYMBOLS)
    # Speed: HEDGE, MIN and MAX share their last words and symbols, and search only after one of them.
    if key in QUALIFIER_LAST_WORDS or (key and key in QUALIFIER_SYMBOLS):
        before = text[max(0, a.start - 32):a.start]
        hm = HEDGE.search(before, key)
        if hm:
            word = " ".join(hm.group().lower().split())
            a.approx = True
            a.below = word.startswith(BELOW_HEDGES)
            a.above = word.startswith(ABOVE_HEDGES) or word.startswith("upward")
            a.start -= len(before) - hm.start()
            before = text[max(0, a.start - 32):a.start]
            key = closing(before, QUALIFIER_SYMBOLS)
        mm = MIN.search(before, key)
        xm = MAX.search(before, key) if mm is None else None  # (a bound "more than" read, "less than" is not asked)
        if mm and not a.approx:
            a.bound = "min"
            a.start -= len(before) - mm.start()
        elif xm and not a.approx:
            a.bound = "max"
            a.start -= len(before) - xm.start()
        elif (mm or xm) and a.approx:
            # "more than about 5", "up to roughly 5": a bound around a rounded figure.
            a.bound = "min" if mm else "max"
            a.start -= len(before) - (mm or xm).start()
            a.below = a.above = False
    tail = a.end if a.end >= a.unit_end else a.unit_end  # (a.tail, without a call of the property)
    # Speed: a bound or a hedge written after the figure opens with "+", "-" or a space (_may_have_suffix),
    # then, after spaces, "o" or "a": most figures have a space and another letter after them.
    first = text[tail:tail + 1]
    if first == " ":
        second = text[tail + 1:tail + 2]
        if second and second not in _SUFFIX_SECONDS and not second.isspace():
            return
    elif not (first.isspace() or first == "+" or first == "-"):
        return
    after = text[tail:tail + 24]
    if not _may_have_suffix(after):
        return
    if not a.bound:
        sm = MIN_SUFFIX_RE.match(after)
        if sm:
            a.bound, a.end = "min", tail + sm.end()
        else:
            sm = MAX_SUFFIX_RE.match(after)
            if sm:
                a.bound, a.end = "max", tail + sm.end()
    sm = HEDGE_SUFFIX_RE.match(text, a.tail)  # (after a bound's suffix, if one was read)
    if sm:
        a.approx, a.end = True, sm.end()


_QUALIFIER_CLOSINGS: dict[str, str] = {}  # closing_of_chunk(chunk, QUALIFIER_SYMBOLS) by chunk
_SUFFIX_SECONDS = ("o", "a")


def _may_have_suffix(after: str) -> bool:
    """Speed: can a bound or a hedge written after the figure ("5+", "5-plus", "5 or more", "5 or so",
    "5-odd") start at `after`? Each opens with "+", "-", or spaces then "o" or "a"."""
    first = after[:1]
    if first.isspace():
        nxt = after.lstrip()[:1]
        return nxt in ("o", "a") or not nxt  # (spaces to the end of the window: let the patterns decide)
    return first in ("+", "-")


# ------------------------------------------------------------------------------------------ ranges

def _join_ranges(text: str, atoms: list[_Atom]) -> list[_Atom]:
    out: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        b = atoms[i + 1] if i + 1 < len(atoms) else None
        # Speed: _is_range's first test written out (what joins a range opens with a space or a dash, "to",
        # "and", ...), and past one space the next character asked too: most figures stand apart.
        if b is not None:
            tail = a.end if a.end >= a.unit_end else a.unit_end
            if b.start <= tail:
                b = None
            else:
                c = text[tail]
                if c == " " and tail + 1 < b.start:
                    c = text[tail + 1]
                if not (c.isspace() or c in _RANGE_JOIN_FIRST):
                    b = None
        if b is not None and _is_range(text, a, b):
            if a.kind == "date":
                # "2014-15": the second year is short for 2015. Keep the two years apart.
                if b.kind == "count" and a.raw % 100 < b.raw < 100 and b.end - b.start == 2 and not b.unit:
                    b.kind, b.raw = "date", (a.raw // 100) * 100 + b.raw
                out += [a, b]
                i += 2
                continue
            # The units the two would share decide whether they make a range, and are given them only if
            # they do: "rose by 52% to $244,763 million" is a change, and 52% keeps no "million".
            a_kind, a_unit, a_scale, b_kind, b_unit = _shared_units(a, b)
            if a.raw * a_scale < b.value and a_kind == b_kind and a_unit == b_unit and a_kind != "ordinal":
                a.kind, a.unit, a.scale, b.kind, b.unit = a_kind, a_unit, a_scale, b_kind, b_unit
                between = text[max(0, a.start - 12):a.start]
                m = BETWEEN_RE.search(between) or FROM_RE.search(between)
                if m:
                    a.start -= len(between) - m.start()
                a.range_with = b
                a.end, a.unit_end = b.end, b.unit_end
                a.approx = a.approx or b.approx
                out.append(a)
                i += 2
                continue
        out.append(a)
        i += 1
    return out


# What joins the items of a list: "4, 6, 12, and 16%", "10, 20 or 30 km".
LIST_JOIN_RE = re.compile(r"\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or|&)\s+)$")


def _share_list_units(text: str, atoms: list[_Atom]) -> list[_Atom]:
    """'4, 6, 12, and 16%', '5, 10 or 20 km': the bare numbers listed before a figure with a unit (three
    or more items, with a comma) take its unit, as the first figure of a range does ('5 to 10%'). Writers
    put the unit once; read apart, '6' would be a count and could pass for another value of a claim's.
    Each bare number is looked at once: a walk back stops at the first figure that is not bare."""
    for j, last in enumerate(atoms):
        if not (last.kind in ("percent", "points") or (last.kind == "count" and last.unit)):
            continue
        k = j
        while k > 0 and _bare(atoms[k - 1]) and LIST_JOIN_RE.match(text, atoms[k - 1].tail, atoms[k].start):
            k -= 1
        if j - k >= 2 and "," in text[atoms[k].tail:last.start]:
            for a in atoms[k:j]:
                a.kind, a.unit = last.kind, last.unit
    return atoms


def _bare(a: _Atom) -> bool:
    """A number written with digits and nothing else: no unit, scale, bound, hedge or range."""
    return (a.kind == "count" and not a.unit and a.scale == 1 and not a.bound and a.vague is None and not a.words
            and not a.weak and a.range_with is None)


_RANGE_JOIN_FIRST = frozenset("-\u2013\u2014tTaAuU")  # (no other character matches these under re.I)


def _is_range(text: str, a: _Atom, b: _Atom) -> bool:
    tail = a.end if a.end >= a.unit_end else a.unit_end  # (a.tail, without a call of the property)
    # Speed: what joins a range opens with a space, a dash, "to", "and", "through", "until" or "till"; most
    # figures stand apart, and the text between them is cut only when it may join them.
    if b.start <= tail or not (text[tail].isspace() or text[tail] in _RANGE_JOIN_FIRST):
        return False
    gap = text[tail:b.start]
    m = RANGE_JOIN_RE.match(gap)
    if not m or a.bound or b.bound or a.vague or b.vague:
        return False
    if a.kind == "date" or b.kind == "date":
        return a.kind == "date"
    word = gap.strip().lower()
    before = text[max(0, a.start - 60):a.start]
    if word == "and":
        # (Speed: both patterns need "between", which str.find looks for faster; no letter but the ASCII ones
        # matches one of its letters under re.IGNORECASE.)
        return "between" in before.lower() and bool(BETWEEN_RE.search(before) or BETWEEN_FAR_RE.search(before))
    if word in ("-",) and (a.kind == "ordinal" or b.kind == "ordinal"):
        return False
    # (Speed: FROM_RE needs "from" at the end of the window, spaces aside, in any case; CHANGE_BEFORE_FROM_RE
    # runs to the end over at most five chunks, CHANGE_BEFORE_RE over one.)
    if before.rstrip()[-4:].lower() == "from" and FROM_RE.search(before) \
            and CHANGE_BEFORE_FROM_RE.search(before, last_chunks(before, 5)):
        return False  # "rose from 80,000 to 120,000" is a change, not a range
    if word in ("to", "until", "till") and CHANGE_BEFORE_RE.search(before, last_chunks(before, 1)):
        return False
    if word in ("until", "till"):
        return False
    return True


def _shared_units(a: _Atom, b: _Atom) -> tuple[str, str, float, str, str]:
    """'$5-6 million', '5 to 10%', '80-120 thousand', '5-10 km': the first figure takes the second's units.
    The kind, unit and scale of `a` and the kind and unit of `b` once shared; neither atom is changed."""
    a_kind, a_unit, a_scale, b_kind, b_unit = a.kind, a.unit, a.scale, b.kind, b.unit
    if b_kind in ("percent", "points", "money") and a_kind == "count" and not a_unit:
        a_kind, a_unit = b_kind, b_unit
    if a_kind == "money" and b_kind == "count" and not b_unit:
        b_kind, b_unit = a_kind, a_unit
    if a_kind == "count" and b_kind == "count" and b_unit and not a_unit:
        a_unit = b_unit
    if not (a_kind == "date" and b_kind == "count") and a_scale == 1 and b.scale > 1 and a.raw < b.raw and not a.vague:
        a_scale = b.scale
    return a_kind, a_unit, a_scale, b_kind, b_unit


# ------------------------------------------------------------------------------------------ freeze

MAX_HEDGE = 0.15  # "about" never stretches a figure by more than this share of it
MIN_HEDGE = 0.03  # ... and always by at least this share
MAX_WRITTEN = 0.05  # "5 million" is 4.75-5.25 million, not 4.5-5.5
NEAR = 0.1  # "nearly 3,000" is 2,700-3,000; "just over 2,000" is 2,000-2,200


def _written(a: _Atom) -> float:
    """Half the unit of the last digit written: '2.6 million' is 2.6e6 +- 5e4; '117' is exact."""
    if a.tol is not None:
        return a.tol
    v = abs(a.raw * a.scale)  # (a.value, without a call of the property: figures are frozen by the thousand)
    if a.decimals:
        return 10 ** -a.decimals * a.scale / 2
    if a.scale > 1:
        return min(a.scale / 2, MAX_WRITTEN * v)
    return 0.0


def _tolerance(a: _Atom) -> float:
    """The written precision, widened by a hedge to the figure's rounding."""
    if a.tol is not None:
        return a.tol
    v = abs(a.raw * a.scale)
    written = _written(a)
    if not a.approx:
        return written
    if a.decimals:
        rounding = 10 ** -a.decimals * a.scale
    else:
        rounding = 10 ** a.trailing_zeros * a.scale
    return max(written, min(rounding / 2, MAX_HEDGE * v), MIN_HEDGE * v)


def _interval(a: _Atom) -> tuple[float, float]:
    if a.vague:
        return a.vague
    tol = _tolerance(a)
    v = a.raw * a.scale
    lo, hi = v - tol, v + tol
    if a.approx and a.below:
        lo, hi = v - NEAR * abs(v), v
    elif a.approx and a.above:
        lo, hi = v, v + NEAR * abs(v)
    if a.bound == "min":
        hi = math.inf
        lo = v - tol if a.approx else v
    elif a.bound == "max":
        lo = 0.0 if v >= 0 else -math.inf
        hi = v + tol if a.approx else v
    return lo, hi


def _freeze(text: str, a: _Atom) -> tuple:
    """The figure an atom stands for, as a row (_read_rows)."""
    if a.range_with is None:
        # Speed: most figures are a date or an exact figure, whose fields are read off the atom (what the
        # general road below gives them, step by step).
        if a.kind == "date":
            code = int(a.raw) * 10000
            return (text[a.start:a.end], a.start, a.end, "date", code, code, code, "", False, "", False,
                    a.vague is not None, None, 0.0, None, "", "", "")
        if a.scale == 1 and a.tol is None and a.vague is None and not (a.approx or a.bound or a.decimals):
            v = a.raw  # (its value: the scale is 1) written exactly, so its interval is v - 0.0 .. v + 0.0
            # (_clean(v), its first test written out: most values are whole numbers of a few digits)
            value = v if v.__class__ is float and v.is_integer() and -1e12 < v < 1e12 else _clean(v)
            if value != 0:
                low = high = value
            else:
                low, high = _clean(v - 0.0), _clean(v + 0.0)  # (-0.0 + 0.0 is 0.0)
            return (text[a.start:a.end], a.start, a.end, a.kind, value, low, high, a.unit, False, "", False, False,
                    None, 0.0, None, "", "", "")
    lo, hi = _interval(a)
    a_value = a.raw * a.scale
    value, low, high, unit, bound, approx = _clean(a_value), _clean(lo), _clean(hi), a.unit, a.bound, a.approx
    tolerance = _clean(_written(a)) if not a.vague else 0.0
    is_range, high_value = False, None
    if a.kind == "date":
        value = low = high = int(a.raw) * 10000
        approx, bound, unit, tolerance = False, "", "", 0.0
    if a.range_with is not None:
        b = a.range_with
        blo, bhi = _interval(b)
        is_range, high_value, bound, approx = True, _clean(b.value), "", a.approx
        low, high = _clean(min(lo, a_value)), _clean(max(bhi, b.value))
    # Memory: an exact figure's ends are its value; one float object serves all three (a page near the
    # size cap holds a million figures). Zero is left alone: 0.0 and -0.0 are equal, not the same.
    if low == value and value != 0:
        low = value
    if high == value and value != 0:
        high = value
    return (text[a.start:a.end], a.start, a.end, a.kind, value, low, high, unit, is_range, bound, approx,
            a.vague is not None, high_value, tolerance, None, "", "", "")


def _clean(x: float) -> float:
    """Round away float noise so 2.6 * 1e6 prints as 2600000."""
    if x.__class__ is float and x.is_integer() and -1e12 < x < 1e12:
        return x  # Speed: a whole number of at most 12 digits is what the rounding below would give back
    if math.isinf(x):
        return x
    return float(f"{x:.12g}")
