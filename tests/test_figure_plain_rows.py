"""The reader's plain rows (read.py `_plain_atom` with `direct`): numbers that no later step changes are put
straight into rows, with no atom. They must read what the road with atoms reads, figure for figure, on
any text: here seeded random strings made of what turns those steps on (joins of ranges and lists, hedges,
bounds, marks, units, dates, years, number words, currencies, percents, Unicode digits and spaces)."""

from __future__ import annotations

import random

import pytest

from citecheck.figures import read as R

# Words and marks around numbers that the steps after reading a number turn on.
VOCABULARY = """to To TO and And or & through thru until till - – — , ; : . ) ( ! ? ] " ' + % % % between from rose fell
by in In on at of the a an were was about some nearly almost over under more than less up at least ca. c. circa
minus negative Minus page pp. No. phase type Article Rs US$ $ € £ EUR USD million bn m k km per cent percent points
pp years days decade ago later since compared with vs. versus against today total town android orbit unto onto
tomorrow auto a.m. pm January February March May June October Oct. FY Q3 two-thirds one in five half dozen several
hundreds three twenty-five x-ray people wolves index 1/3 2½ 3.5 0.5 .5 1,234 12,345,678 2019 1998 2014-15 1500
2100 999 07 0 00 0.0 1e5 5-10 5–10 10% 5% 25,000 1,000,000,000,000 ١٢٣ ２０１９ 123456789012345678901234567
""".split()
NUMBERS = ("7", "12", "31", "250", "2019", "1500", "9000", "1999", "2,019", "0", "10", "100", "1,000", "12.5",
           "3.50", "1,234.5", "999999999999", "1000000000000", "12345678901234567890123")
SEPARATORS = (" ", " ", " ", " ", "\n", "", ", ", "  ", "\t", "\u00a0", " - ", "% ", "%, ", "%. ")


def random_texts(seed: int, n: int) -> list[str]:
    r = random.Random(seed)
    out = []
    for _ in range(n):
        words = [r.choice(VOCABULARY) if r.random() < 0.55 else r.choice(NUMBERS) for _ in range(r.randrange(2, 14))]
        out.append("".join(w + r.choice(SEPARATORS) for w in words))
    return out


ADVERSARIAL = [
    "In 2016, the 41 wolves were counted.", "rose from 5 to 10", "5 to 10%", "between 5 and 10", "4, 6, 12, and 16%",
    "5, 10 or 20 km", "5 or 10", "5 & 10%", "in 2014-15 the", "in 2014 to 2015", "2014 and 2015", "by 5% to 7%",
    "by 5%to 7%", "the 5 today", "the 5 toUS$ 6", "the 5% toUS$ 6", "was 5 orbit", "was 5 Or 6%", "the 5\n\nto 6",
    "the 5  to 6", "the 5\u00a0to 6", "the 5 \u2013 6", "the 5% \u2013 6%", "and 5% or more", "by 5% or so",
    "by 5%+", "by 5%-odd", "by 5% ", "by 5%", "circa 1900 the", "ca 1900 the", "in 1900 the", "a 1900 people",
    "ceca 1900.", "the 0 people", "the 0% of", "the 1000000000000 people", "the 12345678901234567890123 people",
    "were 5, 6, 7, and 8 km", "were 5, then", "rose 5 and 6", "was 5 until 6", "was 5 till 2019", "was 5 thru 9",
    "was 5 through 9", "from 5 versus 6", "compared with 5 in 2019", "down from 25% in 2022", "rose to 30% in 2023",
    "a decade later 5 years", "since 1999 the", "the 5 thousand", "the 5 million people", "the 5 m wall",
    "the 5 \u0130to 6", "the 5 \u017fo 6", "the 5 \u212a 6", "and 5 and 6 and 7%", "andand 5 to", "the 5 tand 6",
    "in 2014 and 15 people", "in 2014 and 150 people", "5 and 100 people", "between 5 and 100 people",
    "BETWEEN 5 and 100 of", "in 2014 and 2015 people", "in 2014 to 15 the", "the 5 and 10% of", "the 5 or 10% of",
    "the 5% or 10% of", "the 5, and 10% of", "in 1990 and 26 province", "\u0665 and 100 people",
]


def _without_plain_rows(monkeypatch) -> None:
    """The reader with its plain atoms (the fast paths on) but every figure made an atom (no rows)."""
    read_atoms = R._read_atoms
    monkeypatch.setattr(R, "_read_atoms", lambda text, lower, mask, where, rows=None: read_atoms(text, lower, mask, where))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_plain_rows_read_what_the_atoms_read(monkeypatch, seed):
    texts = random_texts(seed, 2500) + ADVERSARIAL
    fast = [R.read_figures(t) for t in texts]
    _without_plain_rows(monkeypatch)
    atoms = [R.read_figures(t) for t in texts]
    for text, a, b in zip(texts, fast, atoms):
        assert a == b, text
    monkeypatch.setattr(R, "_FAST_PATHS", False)
    general = [R.read_figures(t) for t in texts]
    assert fast == general
    assert sum(map(len, fast)) > 5000  # (the strings do hold figures)


def test_plain_rows_are_taken(monkeypatch):
    """The road is taken for what it is made for, and left where a join, a hedge or a bound may follow."""
    made: list[tuple] = []
    exact_row, year_row = R._exact_row, R._year_row
    monkeypatch.setattr(R, "_exact_row", lambda *a: made.append(exact_row(*a)) or made[-1])
    monkeypatch.setattr(R, "_year_row", lambda *a: made.append(year_row(*a)) or made[-1])
    R.read_figures("In 2016, the 41 wolves were counted with 12% dead, 3 years old; 5 to 7 died.")
    assert [r[0] for r in made] == ["2016", "41", "12%"]
    made.clear()
    R.read_figures("It rose by 5% to 7%, about 5 wolves, more than 6 bears, 4, 6, and 8 km, circa 1900, 2014-15.")
    assert made == []


def test_stands_apart_sees_every_join_that_may_follow():
    """_stands_apart(text, 0, ...) is False wherever RANGE_JOIN_RE (or LIST_JOIN_RE, with its marks) matches
    text[0:k] for some k: every opening of a join is seen."""
    r = random.Random(7)
    pieces = [" ", "\n", "\t", "\u00a0", "  ", "-", "\u2013", "to", "TO", "To", "and", "AND", "or", "Or", "&", ",",
              "through", "thru", "until", "till", "t", "a", "u", "o", "x", "5", ".", "\u0130", "\u017f", "\u212a"]
    for _ in range(20000):
        text = "".join(r.choice(pieces) for _ in range(r.randrange(1, 5)))
        ranges = any(R.RANGE_JOIN_RE.match(text[:k]) for k in range(1, len(text) + 1))
        lists = any(R.LIST_JOIN_RE.match(text, 0, k) for k in range(1, len(text) + 1))
        if ranges:
            assert not R._stands_apart(text, 0, R._RANGE_OPENINGS, ""), text
        if ranges or lists:
            assert not R._stands_apart(text, 0, R._RANGE_OR_LIST_OPENINGS, ",&"), text
