"""The reader's and the splitter's fast paths find what the patterns they stand for find.

Each fast path (a pattern tried only where it may start or end, or cut down to the alternatives that
can match there) is compared with the plain pattern on strings made of the very words the patterns
turn on, so that an edit to a phrase list that breaks the shortcut fails here.
"""

from __future__ import annotations

import random
import re
from dataclasses import replace

import pytest

from citecheck.figures import read as R
from citecheck.figures import starts as S
from citecheck.figures import units as U
from citecheck.figures.before import closing
from citecheck.text import sentences as T

PHRASES = """about around roughly approximately approx approx. some circa ca. c. an estimated estimated est.
nearly almost close to just over just under just shy of slightly more slightly fewer than a little less than
more or less in the region of on the order of something like upward of more than over at least exceeding
upwards of in excess of above greater than no fewer than not less than a minimum of well over north of
at a minimum less than under up to at most fewer than below no more than as many as a maximum of a max of
as much as not exceeding lower than well below page pages p. pp. No. nos. case no. Article Group group
Phase phase type route v. mk. ( " ' ~ ≈ > >= ≥ < <= ≤ # § ¶ to of than the""".split("\n")
WORDS = [w for line in PHRASES for w in line.split()] + ["MORE", "Than", "ABOUT", "ſome", "\u212aM", "x-about"]
SPACES = [" ", " ", "  ", "\n", "", "\t"]


def _strings(seed: int, words: list[str], n: int = 3000, most: int = 6) -> list[str]:
    r = random.Random(seed)
    return ["".join(r.choice(words) + r.choice(SPACES) for _ in range(r.randrange(1, most))) for _ in range(n)]


def _span(m: re.Match | None):
    return None if m is None else (m.span(), m.lastgroup)


@pytest.mark.parametrize("ending, words, symbols", [
    (R.HEDGE, R.QUALIFIER_LAST_WORDS, R.QUALIFIER_SYMBOLS),
    (R.MIN, R.QUALIFIER_LAST_WORDS, R.QUALIFIER_SYMBOLS),
    (R.MAX, R.QUALIFIER_LAST_WORDS, R.QUALIFIER_SYMBOLS),
    (R.LABEL_BEFORE, R.LABEL_LAST_WORDS, R.LABEL_SYMBOLS),
])
def test_ending_phrases_find_what_the_whole_pattern_finds(ending, words, symbols):
    for before in _strings(1, WORDS):
        key = closing(before, symbols)
        if key in words or (key and key in symbols):  # where the reader searches at all
            assert _span(ending.search(before, key)) == _span(ending.full.search(before)), before


def test_label_search_in_a_window_of_the_text():
    for text in _strings(2, WORDS + ["12", "5-7"], n=1000, most=10):
        for s in range(len(text) + 1):
            lo = max(0, s - 16)
            key = closing(text[lo:s], R.LABEL_SYMBOLS)
            if key in R.LABEL_LAST_WORDS or (key and key in R.LABEL_SYMBOLS):
                assert _span(R.LABEL_BEFORE.search(text, key, lo, s)) == _span(R.LABEL_BEFORE.full.search(text, lo, s))


UNIT_WORDS = """km kms kilometres kilometers per hour an a miles mile mph m/s metres metre meter m m2 m² m3 sq sq. ft mi
square feet foot inch inches yards yd mm cm mg µg μg mcg kg kilos kilo grams g tonnes metric tons ton pounds lbs oz
ml litres l gallons gal barrels bbl hectares ha acres seconds secs min minutes hours hrs h days day weeks wks months
mos. years yrs decades centuries century knots watts kilowatts MW GW kWh megawatt-hours °C ° C ℃ °F ℉ degrees
celsius fahrenheit kilobytes MB GB parts million ppm ppb volts kV mAh W Wh thousand billion bn mn mln tn trn lakh
lakhs crore crores k M B T dollars dollar US U.S. American Hong Kong New Zealand Swiss francs euros euro pounds
sterling yen yuan rupees won real rand USD EUR GBP CHF INR Rs Rs. Rp $ US$ A$ € £ ¥ ₹ people water and in the -
ſq \u212am İnch ınch""".split()


def test_unit_and_currency_shortcuts_match_as_the_patterns_do():
    for rest in _strings(3, UNIT_WORDS, n=6000, most=4):
        for s in (rest, " " + rest, "-" + rest):
            assert _span(U.match_measure_word(s)) == _span(U.MEASURE_WORD_RE.match(s)), s
            assert _span(U.match_currency_suffix(s)) == _span(U.CURRENCY_SUFFIX_RE.match(s)), s
            assert _span(U.match_scale(s)) == _span(U.SCALE_RE.match(s)), s
            assert _span(U.search_currency_prefix(s)) == _span(U.CURRENCY_PREFIX_RE.search(s)), s
            assert U.read_measure(s, glued_ok=False) == _read_measure_plain(s, glued_ok=False), s
            assert U.read_measure(s, glued_ok=True) == _read_measure_plain(s, glued_ok=True), s


def _read_measure_plain(rest: str, glued_ok: bool):
    m = U.MEASURE_SYMBOL_RE.match(rest)
    if m and (glued_ok or not rest[:1].isalpha()):
        return m.group("sym"), m.end()
    m = U.MEASURE_WORD_RE.match(rest)
    if m is None or (not glued_ok and rest[:1].isalpha()):
        return None
    return U._WORD_UNITS[int(m.lastgroup[1:])][1], m.end()


def test_matches_in_windows_is_finditer_in_each_window():
    rx = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?=\D|$)")
    r = random.Random(4)
    for _ in range(300):
        text = "".join(r.choice("0123456789 .a-") for _ in range(r.randrange(0, 200)))
        runs = S.DigitRuns(text)
        windows = R._merge_windows(runs.starts[::3], len(text), 10, 20)
        want = [m.span() for lo, hi in windows for m in rx.finditer(text, lo, hi)]
        assert [m.span() for m in S.matches_in_windows(rx, text, windows, runs.starts)] == want


def test_lead_places_are_where_the_lead_pattern_matches():
    r = random.Random(5)
    for _ in range(300):
        text = "".join(r.choice("0123456789 FYQv(+.x") for _ in range(r.randrange(0, 120)))
        runs = S.DigitRuns(text)
        for lead, most in (("+(", 1), ("vV", 1), ("FCQH", 3), (".", 1)):
            leads = [m.start() for m in re.finditer(f"[{re.escape(lead)}](?=\\D{{0,{most - 1}}}\\d)", text)]
            assert runs.with_lead(runs.starts, lead, most) == sorted(runs.starts + leads)


def test_month_and_word_starts_are_what_their_patterns_find():
    words = R._MONTH_NAMES + ["MAY", "Sept.", "may", "xMarch", "Mayor", "JANUARY", "one", "often", "Twenty",
                              "fourteen", "a few", "several", "halves", "5one", "éone", "-six", "tens"]
    for text in _strings(6, words, n=2000, most=8):
        lower = text.lower()
        assert R._month_starts(text) == [m.start() for m in R.MONTH_SCAN_RE.finditer(text)]
        trie = re.compile("(?<![a-z])(?:" + R.W.trie_pattern(list(R.WORD_TRIGGERS)) + ")")
        assert R._word_starts(lower) == [m.start() for m in trie.finditer(lower)
                                         if m.start() == 0 or not lower[m.start() - 1].isalpha()]


def test_sentence_shortcuts_find_the_lines_and_boundaries_the_patterns_find():
    r = random.Random(7)
    for _ in range(2000):
        text = "".join(r.choice(["a", "B", " ", "\n", ".", "!", "?", "...", "\"", "\u201d", "[1]", "9", "U.S.", ")",
                                 "\u00bb", "'", "]", "\\"])
                       for _ in range(r.randrange(0, 60)))
        assert list(T._lines(text, 0, len(text))) == [m.span() for m in re.finditer(r"[^\n]+", text)]
        assert [m.span() for m in T._boundaries(text, 0, len(text))] == \
            [m.span() for m in T._BOUNDARY_RE.finditer(text, 0, len(text))]
        for m in T._BOUNDARY_RE.finditer(text):  # a stop's marks, as split_sentences reads them
            assert m.group("stop").rstrip(T._CLOSE_QUOTES) == re.match(r"[.!?]+", m.group()).group()


@pytest.mark.parametrize("text", [
    "ſeveral hundred people: one, two or ſeveral hundred", "It cost 5 bıllıon dollars", "half a MİLLİON",
    "two and a half bıllıon", "hundreds of thouſands, a few hundred", "a few ſcores and ſeveral dozen of 3",
])
def test_letters_that_fold_to_ascii_never_crash_the_reader(text):
    # "ſ", "ı" and "İ" match ASCII letters in a case-blind pattern; their words were looked up unfolded (KeyError).
    for figure in R.read_figures(text):
        assert text[figure.start:figure.end] == figure.text


def test_a_long_text_read_in_pieces_gives_the_figures_of_one_reading(monkeypatch):
    """read_figures reads a text longer than a piece piece by piece (memory); the figures are the same."""
    from pathlib import Path

    from citecheck.figures import read as reader

    texts = []
    for name in ("read.txt", "marks.txt", "spans.txt", "anchor.txt"):
        for line in (Path(__file__).parent / "data" / "figures" / name).read_text(encoding="utf-8").splitlines():
            parts = [p.strip() for p in line.split(" | ")]
            if len(parts) > 2 and not line.startswith("#") and parts[1] not in ("^", ""):
                texts.append(parts[1])
    # Lines, paragraphs and one long run without a line break, so that pieces end at each kind of cut.
    text = "\n".join(texts) + "\n\n" + " ".join(texts) + "\n\n" + "\n\n".join(texts)
    monkeypatch.setattr(reader, "PIECE_CHARS", 2_000)
    assert len(text) > 6 * reader.PIECE_CHARS + 2 * reader.CONTEXT_CHARS  # several pieces
    pieces = reader.read_figures(text)
    assert pieces == reader._read_all(text)
    assert len(pieces) > 500


CHANGE_WORDS = """rose risen increased fell dropped declined climbed jumped cut up down went doubled shrank tumbled
slumped by to from compared with versus vs vs. relative as against between 5% $3 2,000 the year, in (rose
"rose ROSE From TO ſrom and - and5 x-rose""".split()


@pytest.mark.parametrize("rx, chunks", [
    (R.CHANGE_BEFORE_FROM_RE, 5), (R.TO_SIDE_RE, 5), (R.FROM_SIDE_RE, 2), (R.CHANGE_BEFORE_RE, 1),
])
def test_patterns_that_end_a_window_are_searched_over_its_last_chunks(rx, chunks):
    from citecheck.figures.before import last_chunks
    for before in _strings(8, CHANGE_WORDS, n=4000, most=9):
        assert _span(rx.search(before, last_chunks(before, chunks))) == _span(rx.search(before)), before


def test_normalize_matches_long_runs_in_pieces(monkeypatch):
    """The plain walk (tests/plain_normalize.py, main's normalize before its fast path) matched a run of
    plain characters RUN_CHARS at a time (the regex engine's memory grows with a match); its pieces wrote
    and mapped the text exactly as one match does, hyphenation at a cut included, and as the fast path does
    (which copies stretches found with str.find, and has no pieces)."""
    from citecheck.text import normalize
    from tests import plain_normalize as plain

    r = random.Random(11)
    alphabet = ["a", "b", "-", "-\n", " ", "\n", "  ", "x-\ny", "1", ".", "é", "\u2019", "\t"]
    texts = ["".join(r.choice(alphabet) for _ in range(r.randrange(1, 80))) for _ in range(1500)]
    whole = [normalize(t) for t in texts]
    for cut in (1, 2, 3, 7):
        monkeypatch.setattr(plain, "RUN_CHARS", cut)
        for t, w in zip(texts, whole):
            assert plain.normalize(t) == w, (cut, t)


def test_runs_followed_by_are_the_runs_the_plain_test_picks():
    r = random.Random(12)
    asks = [("snrt", True, 1, 2), (".-", True, 3, 3), (":.aApPoO", True, 1, 2), (".", False, 1, 10**9),
            ("-", False, 4, 4), ("'s", False, 4, 4), (" /\u2044\u00bd", False, 1, 10**9), ("snrt-,u", True, 1, 2)]
    for _ in range(400):
        text = "".join(r.choice("0123456789 .-:a'ss/\u2044\u00bd\n\t\u00a0\u2028x,u") for _ in range(r.randrange(0, 80)))
        runs = S.DigitRuns(text)
        for chars, space, shortest, longest in asks:
            want = [m.start() for m in re.finditer(r"\d+", text) if m.end() < len(text)
                    and shortest <= m.end() - m.start() <= longest
                    and (text[m.end()] in chars or (space and text[m.end()].isspace()))]
            assert runs.followed_by(chars, space=space, shortest=shortest, longest=longest) == want, (text, chars)


def test_a_lead_absent_from_the_text_adds_no_place():
    runs = S.DigitRuns("in 2019 and 20 20")
    assert runs.with_lead(runs.starts, "+(", 1) == runs.starts
    assert R.pattern_starts("FY2019 and Q3 2020", "fy2019 and q3 2020")[R.FISCAL_YEAR_RE] == [0, 11]
    for text in _strings(15, ["FY", "CY", "Q3", "Q5", "H1", "H", "2019", "1999", "FY2020", "xFY", "Q", "3"], n=2000):
        places = R.pattern_starts(text, text.lower())[R.FISCAL_YEAR_RE]
        assert [m.span() for m in S.matches_at(R.FISCAL_YEAR_RE, text, places)] == \
            [m.span() for m in R.FISCAL_YEAR_RE.finditer(text)], text
    assert R.pattern_starts("fy2019 and q3 2020", "fy2019 and q3 2020")[R.FISCAL_YEAR_RE] == []


def test_dated_lines_are_what_the_pattern_finds():
    from citecheck.figures import anchor as A
    words = ["By", "by", "Published", "PUBLISHED", "posted", "Posted on", "Date:", "date :", "released:", "First",
             "first published", "Ann", "Lee", "and", "@ann", "|", ",", "May 10, 2018", "\n", "ſ", "\u0130", "baby",
             "nearby", "Byron", "x"]
    for text in _strings(13, words, n=3000, most=10):
        assert [m.span() for m in A._dated_lines(text)] == [m.span() for m in A._DATED_LINE_RE.finditer(text)], text


def test_one_in_five_is_looked_for_where_the_plain_pattern_would_read_it():
    from citecheck.figures import words as W
    words = ["1", "12", "one", "five", "in", "out of", "every", "IN", "people", "ten", "x", "in in"]
    for text in _strings(14, words, n=3000, most=8):
        plain = [m.span() for m in W.ONE_IN_MIDDLE_RE.finditer(text)
                 if text[m.start() - 1:m.start()].isdecimal() or text[m.start() - 1:m.start()] in
                 W.SMALL_NUMBER_LAST_LETTERS]
        gated = [m.span() for m in R._ONE_IN_AFTER_NUMBER_RE.finditer(text)]
        # Where the two differ (a match overlaps the one before it at its last space), the match follows "in",
        # "of" or "every", which no number ends with: the reader reads nothing there in either.
        for s, e in set(gated) ^ set(plain):
            assert text[max(0, s - 5):s].lower().endswith(("in", "of", "every")), text
            assert W.ONE_IN_NUM_RE.search(text, max(0, s - 10), s) is None, text


def test_the_chunk_split_for_a_label_gives_the_qualifier_key_of_the_wider_window():
    from citecheck.figures.before import closing_of_chunk
    for text in _strings(16, WORDS + ["5", "(about", "verylongwordwithoutspaces", "\u00a0", "~5"], n=1500, most=9):
        for s in range(len(text) + 1):
            lo = s - R.LABEL_WINDOW if s > R.LABEL_WINDOW else 0
            tail = text[lo:s].rstrip()
            chunk = tail.rsplit(None, 1)[-1] if tail else ""
            assert closing_of_chunk(chunk, R.LABEL_SYMBOLS) == closing(text[lo:s], R.LABEL_SYMBOLS)
            if tail and (lo == 0 or len(chunk) < len(tail)):
                assert closing_of_chunk(chunk, R.QUALIFIER_SYMBOLS) == \
                    closing(text[max(0, s - 32):s], R.QUALIFIER_SYMBOLS), (text, s)


# Words around a number that the fast paths of the reader turn on (_plain_atom, after.NoSuffixWords):
# labels, hedges, bounds, currencies ("Rs"), "minus", units and scales of one or more words, their first
# words alone, what opens "or more" / "and over" / "or so", marks, and plain words.
AROUND = """page pp. Article phase type No. about some nearly more than over up to under at least less than as
minus negative Minus Rs Rp US$ $ € £ EUR USD in In since by the and of were people wolves index library km
kilometres square metres feet sq. km per cent percent percentage points pct pp p.p. pounds sterling pounds
dollars US dollars U.S. dollars Hong Kong dollars million billion m bn k tons metric tonnes miles per hour
hours years days months mos. degrees Celsius parts per million or more or so or less and over and above odd
to - and between from rose fell 2019 1998 12 5 40 1,234 12,345,678 3.5 0.5 .5 1.25 , . ; : ) ! ? ] " ' + % %
x-ray later ago points Points -points""".split()
_SEPARATORS = [" ", " ", " ", "\n", "", ", "]


def _around_texts(seed: int, n: int) -> list[str]:
    r = random.Random(seed)
    out = []
    for _ in range(n):
        words = [r.choice(AROUND) if r.random() < 0.7 else str(r.choice((7, 12, 31, 250, 2019, 1500, 9000)))
                 for _ in range(r.randrange(2, 12))]
        out.append("".join(w + r.choice(_SEPARATORS) for w in words))
    return out


def test_plain_numbers_read_in_one_step_are_what_the_general_road_reads(monkeypatch):
    """_plain_atom (a number with a plain word before it and a plain word or a mark after it) gives what
    _is_label, _digits_atom, _negate_after_minus and _qualify give, figure for figure."""
    texts = _around_texts(11, 4000) + ["In 2016, the 41 wolves were counted.", "about 5 people", "page 5 of",
                                        "were 5 or more", "Rs 500 crore", "minus 5 degrees", "the 5 square metres",
                                        "were 12 per cent", "and 12", "the 100m hurdles", "the 5 m wall",
                                        "it was 5, then", "rose 5% points", "by 5%-points", "by 5%points",
                                        "by 5% Points", "by 5%\npoints", "was 3.50% of", "at .5% and", "by 12.5%",
                                        "was 1,234.50 people", "was 5%"]
    fast = [R.read_figures(t) for t in texts]
    monkeypatch.setattr(R, "_FAST_PATHS", False)
    slow = [R.read_figures(t) for t in texts]
    assert fast == slow
    assert sum(len(f) for f in fast) > 3000  # (the strings do hold figures)


def test_words_after_which_no_suffix_pattern_matches_are_remembered_only_when_that_holds_anywhere():
    """A key remembered by NoSuffixWords (a space, a word, its ending) is one after which none of the
    patterns finds anything, whatever follows it; words that open longer alternatives are never keys."""
    from citecheck.figures.after import NoSuffixWords

    memo = NoSuffixWords(R._NO_SUFFIX.patterns)
    assert {"square", "per", "sq", "pounds", "us", "percentage", "pct", "hong", "metric", "parts", "mos"} <= memo.continuing
    r = random.Random(5)
    hits = 0
    for _ in range(20000):
        text = " " + " ".join(r.choice(AROUND) for _ in range(r.randrange(1, 5))) + r.choice(["", " ", ".", "\n"])
        if memo.none_at(text, 0, 40):
            hits += 1
            assert not any(p.match(text[:40]) for p in memo.patterns), text
    assert hits > 1000 and memo.keys  # (keys were learnt, and asked again)
    assert not memo.none_at(" square metres", 0, 40) and not memo.none_at(" per cent", 0, 40)
    # Keys after which a pattern matched once are answered False at once (the long way, always right), and
    # asked again, every key answers as it did, and as a fresh memo answers.
    assert {" million,", " per "} <= memo.others or not memo.none_at(" million, the", 0, 40)
    assert " per " in memo.others and not memo.keys & memo.others
    fresh = NoSuffixWords(R._NO_SUFFIX.patterns)
    for _ in range(5000):
        text = " " + " ".join(r.choice(AROUND) for _ in range(r.randrange(1, 5))) + r.choice(["", " ", ".", "\n"])
        assert memo.none_at(text, 0, 40) == fresh.none_at(text, 0, 40) == memo.none_at(text, 0, 40), text


def test_the_first_words_of_a_pattern_are_read_from_its_parse_or_refused():
    from citecheck.figures.after import continuing_words

    assert continuing_words(re.compile(r"\s?(?:square\s+miles?|km|kilomet(?:re|er)s?\s+per\s+hour)\b", re.I)) == \
        {"square", "kilometre", "kilometres", "kilometer", "kilometers"}
    assert continuing_words(re.compile(r"percentage(?!\s*points?)\b")) == {"percentage"}  # (its lookahead reads on)
    for bad in (r"\w+", r"[a-z]+", r"(?:ab)+x"):
        with pytest.raises(ValueError):
            continuing_words(re.compile(bad))


def test_a_table_extended_holds_what_it_holds_appended_one_by_one():
    from citecheck.figures.table import FigureTable

    text = "In 2016, about 5,900 people (12%) paid $4bn, up from 3 to 5 km; 1/3 of them since May 2019. " * 3
    figures = R.read_figures(text) + [replace(R.read_figures(text)[0], text="odd")]
    one = FigureTable(text)
    for f in figures:
        one.append(f)
    many = FigureTable(text, figures)
    assert list(one) == list(many) == figures
    assert (one.starts, one.ends, one.numbers, one.shapes, one.odd) == (many.starts, many.ends, many.numbers,
                                                                          many.shapes, many.odd)


def test_a_figure_made_from_a_draft_is_the_figure_its_class_builds():
    """_figure_in_order fills a plain object with the slots of Figure and gives it the class
    Figure: a Figure like any other (equal, frozen, hashed and pickled alike); a class whose layout
    differs is filled through its own setters instead."""
    import copy
    import pickle
    from dataclasses import FrozenInstanceError, dataclass

    from citecheck.model import Figure
    values = ("about 5%", 3, 11, "percent", 5.0, 4.5, 5.5, "%", False, "", True, False, None, 0.5, 20190101.0, "x",
              "since", "from")
    made, built = R._figure_in_order(*values), Figure(*values)
    assert R._draft_of(Figure) is not None and type(made) is Figure
    assert made == built and hash(made) == hash(built) and pickle.loads(pickle.dumps(made)) == built
    assert copy.copy(made) == built and replace(made, side="to") == Figure(*values[:-1], "to")
    with pytest.raises(FrozenInstanceError):
        made.start = 4

    @dataclass(frozen=True)
    class Weak:  # another layout (a slot for weak references): no draft
        __slots__ = ("a", "b", "__weakref__")
        a: int
        b: str

    assert R._draft_of(Weak) is None
    assert R._slot_filler_positional(Weak)(1, "x") == Weak(1, "x")


def test_the_suffix_word_shortcut_is_on_and_turns_itself_off_on_a_pattern_it_cannot_read():
    import re as _re

    from citecheck.figures import read as _read
    from citecheck.figures.after import NoSuffixWords

    assert _read._NO_SUFFIX.on  # the reader's patterns are all readable: the shortcut works
    off = NoSuffixWords([_re.compile(r"\s*[^\W\d]+ly\b")])  # letters repeated without bound: not readable
    assert not off.on and not off.none_at(" 41 wolves were", 3, 40) and not off.keys


# Latin-1 characters that DigitRuns' bytes road must tell apart: digits, the characters the reader asks for
# after a run, every kind of Latin-1 whitespace (\x1c-\x1f and \x85 are spaces to str.isspace), the stand-in
# "0" after the text's end, NUL, and bytes of the upper half.
_RUN_ALPHABET = "0123456789" * 3 + " .-:a'ss/\u00bd\u00bc\n\t\u00a0\u0085\x1c\x1f\x0b\x00x,uFCQHvV+(.\xff\xe9"


def _digit_runs_both_roads(text: str, monkeypatch) -> tuple[S.DigitRuns, S.DigitRuns]:
    fast = S.DigitRuns(text)
    with monkeypatch.context() as m:
        m.setattr(S, "_BYTES_ROAD", False)
        plain = S.DigitRuns(text)
    return fast, plain


def test_digit_runs_read_in_bytes_answer_as_the_plain_road(monkeypatch):
    r = random.Random(21)
    asks = [("snrt", True, 1, 2), (".-", True, 3, 3), (":.aApPoO", True, 1, 2), (".", False, 1, 10**9),
            ("./", False, 1, 10**9), ("-", False, 4, 4), ("'s", False, 4, 4), ("/", False, 1, 1),
            (" /\u2044\u00bd\u00bc", False, 1, 10**9), ("snrt-,u", True, 1, 2), ("-nNcC", False, 1, 10**9),
            ("0x", True, 1, 10**9), ("]\\^-", False, 2, 9), (".", True, 8, 10), ("x", False, 9, 10**9),
            (" ", False, 10, 10**9), ("\x00", True, 1, 3)]
    leads = [("+(", 1), ("vV", 1), (".", 1), ("FCQH", 3), ("\x00x", 2), ("]-", 4)]
    texts = ["", "7", "12", "x" * 5, "1" * 30, "1" * 30 + " ", " 12345678 123456789 1234567890.", "\x002019\x00"]
    texts += ["".join(r.choice(_RUN_ALPHABET) for _ in range(r.randrange(0, 120))) for _ in range(3000)]
    for text in texts:
        fast, plain = _digit_runs_both_roads(text, monkeypatch)
        assert (fast.starts, fast.spans) == (plain.starts, plain.spans) == \
            ([m.start() for m in re.finditer(r"\d+", text)], [m.span() for m in re.finditer(r"\d+", text)])
        for chars, space, shortest, longest in asks:
            want = [m.start() for m in re.finditer(r"\d+", text) if m.end() < len(text)
                    and shortest <= m.end() - m.start() <= longest
                    and (text[m.end()] in chars or (space and text[m.end()].isspace()))]
            assert plain.followed_by(chars, space=space, shortest=shortest, longest=longest) == want, (text, chars)
            assert fast.followed_by(chars, space=space, shortest=shortest, longest=longest) == want, (text, chars)
        for lead, most in leads:
            for runs in (fast.starts, fast.starts[::2], []):
                assert fast.with_lead(runs, lead, most) == plain.with_lead(runs, lead, most), (text, lead)


def test_the_reader_reads_alike_with_digit_runs_read_in_bytes_or_not(monkeypatch):
    from tests.conftest import ROOT

    monkeypatch.syspath_prepend(str(ROOT / "bench"))
    from figures_bench import make_pages

    r = random.Random(22)
    pieces = ["9", "12", "123", "2019", "1990", "555", "4567", ":", "30", ".", ",", "-", "/", "'s", "s", " ", " ",
              "pm", "a.m.", "FY", "Q3", "H1", "+44", "(", ")", "v", "@", "x", "ISO", "nCoV", "www.", "\u00bd", "\n",
              "of", "in", "about", "%", "$", "May", "June", "3rd", "to", "and", "\u0085", "\u00a0", "\x1c", " 1/2"]
    texts = ["".join(r.choice(pieces) for _ in range(r.choice((20, 200, 2000)))) for _ in range(150)]
    texts += make_pages(0.2, 50)
    for text in texts:
        fast = R.read_figures(text)
        with monkeypatch.context() as m:
            m.setattr(S, "_BYTES_ROAD", False)
            assert R.read_figures(text) == fast, text[:200]



def test_windows_merged_in_c_are_the_windows_merged_place_by_place():
    """_merge_windows finds where a window opens with map and compress; the windows are those of a step per
    place, for sorted places anywhere in the text (near its ends too, with repeats and gaps of every size)."""
    r = random.Random(5)
    for _ in range(3000):
        n = r.randrange(1, 400)
        starts = sorted(r.randrange(n) for _ in range(r.randrange(0, 12)))
        before, after = r.randrange(0, 90), r.randrange(0, 120)
        assert R._merge_windows(starts, n, before, after) == _merge_windows_plain(starts, n, before, after), \
            (starts, n, before, after)


def test_pattern_places_answer_as_a_dict_keyed_by_the_patterns():
    """PatternPlaces looks places up by a pattern's identity (speed: a compiled pattern hashes its program at
    each dict lookup); it answers as a dict keyed by the patterns would, in the same order."""
    text = "In May 2019, FY2020 and 1/3 of 12:30 visits (v2.1.3) at www.x.org cost $5, +44 20 7946 0958, a@b.com."
    places = R.pattern_starts(text, text.lower())
    plain = dict(places.items())
    assert len(plain) > 10 and list(plain) == [rx for rx, _ in places.items()]
    for rx in [*plain, R.MONTH_SCAN_RE, R.PERCENT_RE]:  # (the reader's own patterns: their ids are theirs)
        assert (rx in places) == (rx in plain) and places.get(rx) == plain.get(rx)
        assert places.get(rx, [7]) == plain.get(rx, [7])
        if rx in plain:
            assert places[rx] == plain[rx]
        else:
            with pytest.raises(KeyError):
                places[rx]
    places[R.MONTH_SCAN_RE] = [3]
    assert places[R.MONTH_SCAN_RE] == [3] and R.MONTH_SCAN_RE in dict(places.items())


def _merge_windows_plain(starts: list[int], n: int, before: int, after: int) -> list[tuple[int, int]]:
    """_merge_windows, a step for each place (the reader's loop before it was done in C)."""
    windows: list[tuple[int, int]] = []
    for i in starts:
        lo, hi = max(0, i - before), min(n, i + after)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(hi, windows[-1][1]))
        else:
            windows.append((lo, hi))
    return windows


def test_one_in_places_from_the_lower_case_bytes_give_what_the_pattern_finds():
    words = ["1", "12", "one", "FIVE", "Ten", "in", "IN", "In", "out of", "OUT OF", "every", "EVERY", "in in",
             "out of in", "of every in", "twenty", "x", "\u0131n", "\u0130N", "\u017fix", "\u212a", "\u0663", "é",
             "\u20ac", "seven", "nine"]
    r = random.Random(21)
    for text in _strings(21, words, n=4000, most=9):
        if r.random() < 0.5:
            text = text.replace(" ", r.choice([" ", "  ", " ", "\u00a0"]))
        want = [m.span() for m in R._ONE_IN_AFTER_NUMBER_RE.finditer(text)]
        assert [m.span() for m in R._one_in_middles(text, text.lower())] == want, text
        assert [m.span() for m in R._one_in_middles(text, None)] == want, text


def test_ending_phrases_are_searched_from_the_chunks_a_phrase_can_span():
    from citecheck.figures.before import _most_chunks
    assert R.MIN._for_word("than")[1] == 3  # "no fewer than"
    assert R.HEDGE._for_word("about")[1] == 1
    assert R.LABEL_BEFORE._for_word("no.")[1] == 2  # "case no."
    # What cannot be told is searched in the whole window.
    assert _most_chunks(r"(?:\b(?:{})|~)\s*$", [r"about", r"more\W+than"]) == 0
    assert _most_chunks(r"(?:\b(?:{})|~)\s*$", [r"more than"]) == 0
    assert _most_chunks(r"(?:\b(?:{})|~)\s*$", [r"(?:a\s+)+few"]) == 0
    assert _most_chunks(r"(?:\b(?:{})\s+x|~)\s*$", [r"about"]) == 0
    assert _most_chunks(r"(?:\b(?:{}).|~)\s*$", [r"about"]) == 0
    # A window whose last chunks hold the phrase after others, and words glued before it ("x-about").
    for before in ["a b c d e f more than  ", "so (about", "x-about ", "no  fewer\tthan", "well\nover", "ab  ",
                   "case No. ", "more than\u00a0"]:
        for ending in (R.HEDGE, R.MIN, R.MAX, R.LABEL_BEFORE):
            key = closing(before, "")
            if key in ending.words:
                assert _span(ending.search(before, key)) == _span(ending.full.search(before)), before
