"""Thresholds of the matcher, with their defaults. Chosen on development data; see the README."""

from __future__ import annotations

from dataclasses import dataclass, fields


@dataclass(frozen=True)
class Settings:
    # A passage backs a figure only if it is at least this much about the claim (0..1).
    about_threshold: float = 0.45
    # ... and not far less about it than the passage most about the claim.
    contradiction_margin: float = 0.3
    # A differing figure contradicts only in a passage at least this much about the claim.
    contradiction_threshold: float = 0.6
    # A claim without figures is supported when a passage is this much about it.
    words_threshold: float = 0.8

    @classmethod
    def from_mapping(cls, values: dict) -> "Settings":
        names = {f.name for f in fields(cls)}
        unknown = set(values) - names
        if unknown:
            raise ValueError(f"unknown setting(s): {', '.join(sorted(unknown))}; known: {', '.join(sorted(names))}")
        return cls(**{k: float(v) for k, v in values.items()})


DEFAULTS = Settings()
