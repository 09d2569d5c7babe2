"""Thresholds of the matcher, with their defaults. Chosen on development data; see the README."""

from __future__ import annotations

from dataclasses import dataclass, fields


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
    # ... and the source names all but this many of the names in the claim ...
    missing_names_allowed: int = 1
    # ... and at least this share of the claim's words stands somewhere in the source.
    supported_coverage: float = 0.6
    # Partial: some figures backed, or (for a claim of 3 words or more) this share of its words found.
    partial_coverage: float = 0.5
    # A claim without figures is supported when a passage is this much about it.
    words_threshold: float = 0.6
    # Score every passage and every figure of a source for each claim instead of the index's candidates
    # (match/index.py). Slower; the verdicts are the same (tests compare the two).
    exhaustive: bool = False

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


DEFAULTS = Settings()
