"""A source's figures kept in columns (figures/table.py) come back exactly as they were read.

The table stands in for a list of Figures everywhere a prepared source's figures are used, so a
figure it gives must equal the one appended, field for field and type for type (a date's value is an
int, a count's a float; None stays None), and what the prepared source holds must be what a plain
read of the text gives.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import fields
from pathlib import Path

import pytest

from citecheck.figures import read as R
from citecheck.figures import read_figures
from citecheck.figures.anchor import DateSpans, anchor_figures, dating_figures
from citecheck.figures.table import FigureTable
from citecheck.match import prepare as P
from citecheck.match.prepare import distinct_words, prepare_source
from citecheck.model import Figure

DATA = Path(__file__).parent / "data" / "figures"
# Every line of the figure tables, as text: dates with and without years, ranges, bounds, hedges,
# money, percentages, spans, sides of a comparison.
LINES = [line.replace("|", ".") for f in sorted(DATA.glob("*.txt")) for line in f.read_text("utf-8").splitlines()
         if line.strip() and not line.startswith("#")]


def _same(a: Figure, b: Figure) -> None:
    assert a == b
    for f in fields(Figure):
        x, y = getattr(a, f.name), getattr(b, f.name)
        assert type(x) is type(y), (f.name, x, y)


def test_every_figure_of_the_tables_comes_back_as_read():
    text = "\n".join(LINES)
    figures = read_figures(text)
    assert len(figures) > 300
    table = FigureTable(text, figures)
    assert len(table) == len(figures)
    for k, f in enumerate(figures):
        _same(table[k], f)
    assert list(table) == figures
    assert table[-1] == figures[-1] and table[2:5] == figures[2:5]
    with pytest.raises(IndexError):
        table[len(figures)]
    with pytest.raises(IndexError):
        table[-len(figures) - 1]


def test_anchored_and_odd_figures_are_stored_too():
    text = "Posted on May 10, 2018. He died Monday. On May 7 it rained."
    figures = anchor_figures(text, read_figures(text), [dt.date(2018, 5, 10)])
    odd = Figure(text="not the text", start=0, end=6, kind="count", value=2**60, low=2**60, high=2**60)
    table = FigureTable(text, [*figures, odd])
    assert any(f.anchored is not None for f in table)
    for k, f in enumerate([*figures, odd]):
        _same(table[k], f)
    copy = FigureTable(text)
    for k in range(len(table)):
        copy.append_from(table, k)
    assert list(copy) == list(table)


def test_orders_where_asks_the_shape():
    text = "In 2019 it cost $5 million, 12% more than 2018."
    table = FigureTable(text, read_figures(text))
    dates = list(table.orders_where(lambda shape: shape.kind == "date"))
    assert [table[k].text for k in dates] == ["2019", "2018"]


def test_a_prepared_source_holds_the_figures_a_plain_read_gives():
    """Sentence by sentence, as the list-based preparation (read, anchor, sort, assign by start) gave them."""
    text = ("Published: March 3, 2021\nThe council met on Monday and approved 1,200 homes. "
            "On Feb. 2 it had rejected a plan for 800. Costs rose 12% to $4.5 million in 2020, up from $4 million.")
    source = prepare_source(text)
    norm = source.norm.text
    pages = [d for d, _ in dating_figures(norm, read_figures(norm))]
    expected = anchor_figures(norm, read_figures(norm), pages)
    got = [f for p in source.passages for f in source.figures_in(p.index)]
    assert got == [f for f in expected if any(p.start <= f.start < p.end for p in source.passages)]
    assert any(f.anchored is not None for f in got)
    assert list(source.figure_index.figures) == got


def test_date_spans_free_is_the_scan_it_replaces():
    r = random.Random(5)
    for _ in range(200):
        spans = sorted((s, s + r.randrange(1, 30)) for s in r.sample(range(0, 500), r.randrange(0, 12)))
        ds = DateSpans(spans)
        for _ in range(30):
            s = r.randrange(0, 520)
            e = s + r.randrange(1, 20)
            assert ds.free(s, e) == all(e + 3 <= a or b + 3 <= s for a, b in spans)


def test_distinct_words_in_pieces(monkeypatch):
    text = "the cat's tail-end  sat\non the mat, the end " * 50
    whole = frozenset(P._WORD_RE.findall(text))
    monkeypatch.setattr(P, "WORDS_PIECE_CHARS", 7)
    assert distinct_words(text) == whole


def test_the_index_reads_the_columns_as_the_figures_say():
    """FigureIndex is built from the table's columns and shapes; a figure kept whole is indexed too."""
    from array import array

    from citecheck.match.index import FigureIndex

    text = "In 2019, 1,620 people paid $5 million, about 12% more; on May 7 a 2,000-3,000 crowd came."
    figures = read_figures(text)
    odd = Figure(text="odd", start=0, end=2, kind="count", value=1620.0, low=1620.0, high=1620.0)
    table = FigureTable(text, [*figures, odd])
    index = FigureIndex(table, array("I", [0] * len(table)))
    claim = read_figures("1,620 people")[0]
    def candidates(fig):
        return [index.figures[o] for o in index.candidate_orders(fig).tolist()]

    found = candidates(claim)
    assert odd in found and figures[1] in found
    year = read_figures("in 1620")[0]
    assert {g.text for g in candidates(year)} >= {"1,620", "odd"}  # a bare 1,620 may be a year
    assert "May 7" in [g.text for g in candidates(read_figures("on May 7")[0])]


def _columns(t: FigureTable):
    return (t.starts, t.ends, t.numbers, t.shapes, t.shape_list, t._shape_ids, t.odd)


def _odd_rows() -> list[tuple]:
    """Rows the reader never makes: a text other than the slice, ints too large for a float column (in each
    number field), a bool where a number stands, None and 0 mixed, -0.0, inf, a shape seen once."""
    text = "In 2019 it cost $5 million."
    base = ("2019", 3, 7, "date", 20190000, 20190000, 20190000, "", False, "", False, False, None, 0.0, None, "", "", "")
    rows = [base, ("cost", *base[1:]), (*base[:4], 2**60, *base[5:]), (*base[:5], -2**60, *base[6:]),
            (*base[:6], 2**54, *base[7:]), (*base[:12], 2**55, 3, *base[14:]), (*base[:14], 2**53 + 1, *base[15:]),
            (*base[:4], True, 1, 1.0, *base[7:]), (*base[:12], 0, -0.0, 0.0, "2019-01-01", "since", "to"),
            ("$5 million", 16, 26, "money", 5e6, 4.5e6, float("inf"), "USD", True, "min", True, True, 6e6, 5e5, None,
             "", "", "from")]
    return text, rows


def test_rows_go_into_the_columns_as_figures_do():
    """extend_rows (the reader's rows, cut into columns in C) stores what extend stores of the same figures:
    the same columns, shapes (in the same order, so shape ids too), and odd figures."""
    text = "\n".join(LINES)
    rows = R._read_rows(text)
    assert len(rows) > 300
    by_rows, by_figures = FigureTable(text), FigureTable(text, [Figure(*r) for r in rows])
    by_rows.extend_rows(rows)
    assert _columns(by_rows) == _columns(by_figures) and not by_rows.odd
    for k in range(len(rows)):
        _same(by_rows[k], by_figures[k])
    text, odd = _odd_rows()
    for seed in range(20):
        chosen = random.Random(seed).choices(odd, k=12)
        a, b = FigureTable(text), FigureTable(text)
        a.extend_rows(chosen[:5])
        a.extend_rows([])
        a.extend_rows(chosen[5:])
        b.extend(Figure(*r) for r in chosen)
        assert _columns(a) == _columns(b), seed
        for k in range(len(chosen)):
            _same(a[k], b[k])


@pytest.mark.parametrize("size", [None, 3000, 700])
def test_a_table_read_in_pieces_holds_the_figures_of_each_piece(size, monkeypatch):
    """read_table (rows straight into columns) holds what a table of read_piece's Figures holds."""
    from itertools import chain

    monkeypatch.setattr(R, "CONTEXT_CHARS", 300)  # (a piece is read with this much text either side)
    text = "\n".join(LINES[:150]) + "\n" + " ".join(LINES[150:300])
    bounds = R.piece_bounds(text, size)
    assert (len(bounds) > 3) == (size is not None)
    fast = R.read_table(text, bounds)
    plain = FigureTable(text, chain.from_iterable(R.read_piece(text, a, b) for a, b in bounds))
    assert _columns(fast) == _columns(plain)
    assert list(fast) == list(plain) == list(chain.from_iterable(R.read_piece(text, a, b) for a, b in bounds))
    for f, g in zip(fast, plain):
        _same(f, g)
