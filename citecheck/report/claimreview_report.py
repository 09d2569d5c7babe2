"""schema.org ClaimReview as JSON-LD, the markup fact-checking sites publish: one review per checked
claim, rated from its verdict (the rating's `alternateName` is the verdict in words), with the claim
as `itemReviewed` (where it appears) and the cited sources as `citation`. Ignored claims were not
checked and get no review."""

from __future__ import annotations

import datetime as dt
import json

from citecheck import __version__
from citecheck.model import Verdict
from citecheck.report.base import Report, relative_path

# ratingValue on a 1 (false) .. 5 (true) scale, and the verdict in words. A claim whose source could
# not be read, or that cites none, was not rated: only alternateName says so.
RATINGS = {
    "supported": (5, "Supported by the cited source"),
    "partial": (3, "Partly supported by the cited source"),
    "misquoted": (2, "Misquoted: the source words it otherwise"),
    "unsupported": (2, "Not supported by the cited source"),
    "contradicted": (1, "Contradicted by the cited source"),
    "unreachable": (None, "Not checked: the cited source could not be read"),
    "unsourced": (None, "Not checked: no source cited"),
}


def _work(location: str) -> dict:
    if "://" in location:
        return {"@type": "CreativeWork", "url": location}
    return {"@type": "CreativeWork", "name": relative_path(location)}


def review(v: Verdict, today: str) -> dict:
    c = v.claim
    value, words = RATINGS[v.verdict]
    rating = {"@type": "Rating", "alternateName": words, "bestRating": 5, "worstRating": 1}
    if value is not None:
        rating["ratingValue"] = value
    body = v.reason or words
    if v.evidence is not None:
        body += f' The source says: "{" ".join(v.evidence.quote.split())}"'
    return {
        "@type": "ClaimReview",
        "identifier": c.id,
        "datePublished": today,
        "author": {"@type": "Organization", "name": f"citecheck {__version__}"},
        "claimReviewed": c.text,
        "reviewRating": rating,
        "reviewBody": body,
        "itemReviewed": {"@type": "Claim", "text": c.text, "appearance": _work(c.file),
                         "firstAppearance": _work(c.file)},
        "citation": [{"@type": "CreativeWork", "url": u} for u in c.sources],
    }


def render(report: Report, today: str | None = None) -> str:
    today = today or dt.date.today().isoformat()
    graph = [review(v, today) for v in report.verdicts if v.verdict in RATINGS]
    doc = {"@context": "https://schema.org", "@graph": graph}
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
