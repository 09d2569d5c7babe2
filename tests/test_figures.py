"""The figure engine: reading every way a figure is written, and comparing figures.

The cases are plain data in tests/data/figures/: `read.txt` (text -> expected figures) and
`compare.txt` (claim figure | source figure -> relation). Each line is one parametrized test whose
id names the case.
"""

from __future__ import annotations

import datetime
import json
import math
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citecheck.figures import Relation, compare, read_figures
from citecheck.figures.compare import compare_spans, years_between
from citecheck.figures.show import fmt_number, render_figures
from citecheck.text import normalize

DATA = Path(__file__).resolve().parent / "data" / "figures"
FLAGS = {"range", "min", "max", "hedged", "vague"}


def _unescape(s: str) -> str:
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), s)


def _rows(name: str, width: int) -> list[tuple[int, list[str]]]:
    rows = []
    for n, line in enumerate((DATA / name).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cols = [c.strip() for c in line.split(" | ")]
        assert len(cols) == width, f"{name}:{n}: expected {width} columns, got {len(cols)}: {line!r}"
        rows.append((n, cols))
    return rows


def _read_cases() -> list:
    cases: dict[str, dict] = {}
    last = None
    for n, (cid, text, fig, kind, value, low, high, unit, flags) in _rows("read.txt", 9):
        if cid == "^":
            case = last
        else:
            assert cid not in cases, f"read.txt:{n}: duplicate id {cid}"
            case = cases[cid] = {"text": _unescape(text), "figures": [], "line": n}
        if fig != "-":
            case["figures"].append({"text": fig, "kind": kind, "value": value, "low": low, "high": high,
                                    "unit": "" if unit == "-" else unit,
                                    "flags": set() if flags == "-" else set(flags.split(","))})
        last = case
    return [pytest.param(c, id=cid) for cid, c in cases.items()]


def _num(s: str) -> float:
    return math.inf if s == "inf" else float(s.replace(",", ""))


def _close(got: float, expected: str) -> bool:
    """Equal to the table's value at the precision the table writes it with ("66.67" for 66.666...)."""
    want = _num(expected)
    if math.isinf(got) or math.isinf(want):
        return got == want
    decimals = len(expected.partition(".")[2])
    return abs(got - want) <= 0.5 * 10 ** -decimals + 1e-9 * max(1.0, abs(want))


# A source reads its figures as a claim does: each case is also read inside a passage of a longer text.
SOURCE_BEFORE = "Officials confirmed the report on Monday.\nThe agency, in its annual review, wrote that "
SOURCE_AFTER = ", and the review was later cited by several outlets.\nIt was widely discussed."


@pytest.mark.parametrize("where", ["claim", "source"])
@pytest.mark.parametrize("case", _read_cases())
def test_read(case, where):
    text = case["text"] if where == "claim" else SOURCE_BEFORE + case["text"] + SOURCE_AFTER
    norm = normalize(text).text
    figs = read_figures(norm)
    for f in figs:
        assert norm[f.start:f.end] == f.text
    got = [f.text for f in figs]
    assert got == [e["text"] for e in case["figures"]], f"read.txt:{case['line']}: figures {got}"
    for f, e in zip(figs, case["figures"]):
        assert f.kind == e["kind"], f"{f.text}: kind {f.kind}"
        for name in ("value", "low", "high"):
            if e[name] != "*":
                assert _close(getattr(f, name), e[name]), f"{f.text}: {name} {getattr(f, name)}"
        assert f.unit == e["unit"], f"{f.text}: unit {f.unit!r}"
        flags = {x for x, on in (("range", f.is_range), ("min", f.bound == "min"), ("max", f.bound == "max"),
                                 ("hedged", f.approx), ("vague", f.vague)) if on}
        assert flags == e["flags"], f"{f.text}: flags {flags}"


def _compare_cases() -> list:
    seen = set()
    out = []
    for n, (cid, claim, source, rel) in _rows("compare.txt", 4):
        assert cid not in seen, f"compare.txt:{n}: duplicate id {cid}"
        seen.add(cid)
        out.append(pytest.param(_unescape(claim), _unescape(source), Relation(rel), id=cid))
    return out


def _one(text: str):
    figs = read_figures(normalize(text).text)
    assert len(figs) == 1, f"{text!r} reads as {[f.text for f in figs]}, not one figure"
    return figs[0]


@pytest.mark.parametrize("claim,source,relation", _compare_cases())
def test_compare(claim, source, relation):
    assert compare(_one(claim), _one(source)) is relation


def test_case_tables_are_large_enough():
    assert len(_read_cases()) + len(_compare_cases()) >= 150


def test_offsets_index_the_text():
    text = "Some 975 million US dollars, 2.6m people and between 80,000 and 120,000 prisoners (2017)."
    for f in read_figures(text):
        assert text[f.start:f.end] == f.text


def test_figures_in_claims_and_sources_read_alike():
    claim = "About 2.6 million people live in slavery, the report says."
    source = "The Global Slavery Index estimates that 2,640,000 people live in modern slavery."
    assert compare(_one(claim), _one(source)) is Relation.MATCH


def test_read_is_fast_on_a_large_source():
    sentence = ("In February 2017 some 975 million US dollars, or 12 per cent of 2.6m people's wages, went to "
                "between 80,000 and 120,000 prisoners in six camps (see Article 25, page 4 [3]). ")
    text = sentence * (100_000 // len(sentence))
    t0 = time.perf_counter()
    figs = read_figures(text)
    assert time.perf_counter() - t0 < 2.0
    assert len(figs) == 6 * text.count("February")


def test_show_text_is_readable():
    out = render_figures("about 2.6 million people and $975m a year, up 3 percentage points")
    lines = out.splitlines()
    assert lines[0].split() == ["text", "kind", "value", "unit", "written", "accepts"]
    assert "2,522,000..2,678,000" in out and "e+06" not in out
    assert "USD" in lines[2] and "±500,000" in lines[2]
    assert "pp" in lines[3]
    assert render_figures("no numbers here") == "no figures\n"


def test_show_json_maps_offsets_to_the_original():
    text = "It rose to 400\u00a0000 (about 2.6\u2009million)"
    records = json.loads(render_figures(text, "json"))
    for r in records:
        assert text[r["start"]:r["end"]] == r["text"]
    assert records[1]["approx"] is True and records[1]["tolerance"] == 50000


@pytest.mark.parametrize("x,expected", [(2600000.0, "2,600,000"), (66.6667, "66.67"), (0.0031, "0.0031"),
                                        (math.inf, "inf"), (12.5, "12.5")])
def test_fmt_number(x, expected):
    assert fmt_number(x) == expected


@pytest.mark.parametrize("text", [
    " ".join(["123"] * 104),  # issue 15: once an OverflowError
    "9" * 400, "1" + ",000" * 120, "0." + "0" * 400 + "1", "1e999", "-" * 50 + "5", "½" * 50, "⁄" * 9 + "1⁄",
    "minus minus minus 5", "point point nine", "a hundred and and and", "2 1/2/3/4", "$" * 40 + "5T",
    "between September 3 and and 17, 2024", "" , "\x00\ud800 12",
])
def test_read_never_raises(text):
    for f in read_figures(text):
        assert text[f.start:f.end] == f.text
        assert not math.isnan(f.value) and not math.isinf(f.value)


def test_absurdly_long_digit_runs_are_no_figure():
    assert read_figures(" ".join(["123"] * 104)) == []
    assert [f.text for f in read_figures("it cost 123 123 dollars")] == ["123 123 dollars"]


def _marks_cases() -> list:
    return [pytest.param(text, marks, id=cid) for _, (cid, text, marks) in _rows("marks.txt", 3)]


@pytest.mark.parametrize("text,marks", _marks_cases())
def test_spans_and_sides_are_marked(text, marks):
    got = "; ".join(f"{f.text}={f.span or '-'}/{f.side or '-'}" for f in read_figures(normalize(text).text))
    assert (got or "-") == marks


def _span_cases() -> list:
    return [pytest.param(page, claim, source, Relation(rel), id=cid)
            for _, (cid, page, claim, source, rel) in _rows("spans.txt", 5)]


@pytest.mark.parametrize("page,claim,source,relation", _span_cases())
def test_compare_spans(page, claim, source, relation):
    page_date = None if page == "-" else datetime.date.fromisoformat(page)
    assert compare_spans(_one(claim), _one(source), page_date) is relation


def test_years_between_dates():
    first, second = read_figures("In 2010 it opened; a decade later, in 2020, it closed.")[0::2]
    assert years_between(first, second) == 10


def test_figures_command_on_104_digit_groups():
    """Issue 15: `citecheck figures "123 123 ... 123"` raised OverflowError; it has no figures."""
    r = subprocess.run([sys.executable, "-m", "citecheck", "figures", " ".join(["123"] * 104)],
                       capture_output=True, text=True)
    assert r.returncode == 0 and r.stdout == "no figures\n" and "Traceback" not in r.stderr
