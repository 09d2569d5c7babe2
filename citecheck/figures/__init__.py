"""Figures: read every way a figure is written, and compare figures as a fact-checker does."""

from citecheck.figures.compare import Relation, compare, compare_spans, comparable, span_years, years_between
from citecheck.figures.read import read_figures

__all__ = ["Relation", "compare", "compare_spans", "comparable", "read_figures", "span_years", "years_between"]
