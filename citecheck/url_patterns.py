"""URL patterns a project sets once (flags or config): sources never to fetch, and sources whose
being unreachable is accepted (a paywall or bot wall that always answers 403 to a checker).

Patterns are regular expressions searched in the URL (`re.search`), as link checkers take them:
`^https://www\\.example\\.com/`, `\\.pdf$`, `paywalled\\.org`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from citecheck.errors import InputError
from citecheck.model import IGNORED, Claim


def compile_patterns(patterns: Iterable[str], option: str) -> tuple[re.Pattern, ...]:
    out = []
    for p in patterns:
        try:
            out.append(re.compile(p))
        except re.error as e:
            raise InputError(f"{option} {p!r}: not a regular expression ({e})") from None
    return tuple(out)


def matches(url: str, patterns: Sequence[re.Pattern]) -> bool:
    return any(p.search(url) for p in patterns)


def exclude_sources(claims: Iterable[Claim], patterns: Sequence[re.Pattern]) -> list[Claim]:
    """The claims without their excluded sources. A claim left with none is `ignored` (it is still
    listed, with the excluded URLs as the reason), never `unsourced`: it does cite something."""
    if not patterns:
        return list(claims)
    out = []
    for c in claims:
        kept = tuple(u for u in c.sources if not matches(u, patterns))
        if kept == c.sources:
            out.append(c)
        elif kept:
            out.append(replace(c, sources=kept))
        elif c.status == IGNORED:
            out.append(replace(c, sources=()))
        else:
            out.append(replace(c, sources=(), status=IGNORED, note=f"its sources are excluded: {', '.join(c.sources)}"))
    return out
