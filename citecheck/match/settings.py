"""Thresholds of the matcher, with their defaults. Chosen on development data; see the README."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, fields

# Settings the learned claim decision replaced (see the comments at each field).
DEPRECATED = ("missing_names_allowed", "supported_coverage", "words_threshold")


@dataclass(frozen=True)
class Settings:
    # A passage backs a figure only if it is at least this much about the claim (0..1) ...
    about_threshold: float = 0.15
    # ... and not far less about it than the passage most about the claim.
    contradiction_margin: float = 0.3
    # A differing figure contradicts only in a passage at least this much about the claim.
    contradiction_threshold: float = 0.6
    # A claim is supported only if its best passage is at least this much about it ...
    claim_about_threshold: float = 0.3
    # Deprecated, no longer read: the learned decision (decision.py) weighs missing names and
    # coverage instead. Kept so that code passing them still runs; setting one warns.
    missing_names_allowed: int = 1
    supported_coverage: float = 0.6
    # Partial: some figures backed, or (for a claim of 3 words or more) this share of its words found.
    partial_coverage: float = 0.5
    # Deprecated, no longer read: the words model of the learned decision decides such claims.
    words_threshold: float = 0.6
    # Score every passage and every figure of a source for each claim instead of the index's candidates
    # (match/index.py). Slower; the verdicts are the same (tests compare the two).
    exhaustive: bool = False

    def __post_init__(self) -> None:
        changed = [name for name in DEPRECATED if getattr(self, name) != _DEFAULT_OF[name]]
        if changed:
            warnings.warn(f"Settings: {', '.join(changed)} no longer change any verdict (the claim decision "
                          "is learned; see citecheck/match/decision.py)", DeprecationWarning, stacklevel=3)

    @classmethod
    def from_mapping(cls, values: dict) -> "Settings":
        names = {f.name: f.type for f in fields(cls)}
        unknown = set(values) - set(names)
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(names))}")
        return cls(**{k: _typed(names[k], v) for k, v in values.items()})


def _typed(kind, value):
    if kind in (bool, "bool"):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes", "on")
    return int(value) if kind in (int, "int") else float(value)


_DEFAULT_OF = {f.name: f.default for f in fields(Settings) if f.name in DEPRECATED}
DEFAULTS = Settings()
