"""Figures: read every way a figure is written, and compare figures as a fact-checker does."""

from citecheck.figures.compare import Relation, compare, comparable
from citecheck.figures.read import read_figures

__all__ = ["Relation", "compare", "comparable", "read_figures"]
