"""Stable claim ids: from what a claim says and what it cites, not from where it stands.

An id made from the claim's position (c1, c2, ...) renames every later claim when one sentence is
inserted, so nothing (a baseline, a reviewer's note) could remember a claim. The id here is a short
hash of the claim's normalised text and its sorted sources: it survives edits elsewhere in the article
and changes exactly when the claim or its sources change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from citecheck.model import Claim
from citecheck.text.normalize import normalize


def claim_id(text: str, sources: Iterable[str]) -> str:
    """`c-` and 10 hex digits of the SHA-1 of the normalised text (NFKC, one kind of quote and dash,
    case folded, spaces collapsed) and the sorted, distinct sources."""
    words = " ".join(normalize(text).text.casefold().split())
    key = "\n".join([words, *sorted(set(sources))])
    return "c-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def with_stable_ids(claims: Iterable[Claim], taken: Iterable[str] = ()) -> list[Claim]:
    """The claims with stable ids. The same claim said twice in one article gets `-2`, `-3` ... after
    its second and later copies, so ids stay unique; `taken` are ids already in use (given by hand)."""
    used = set(taken)
    out: list[Claim] = []
    for c in claims:
        base = claim_id(c.text, c.sources)
        cid, n = base, 1
        while cid in used:
            n += 1
            cid = f"{base}-{n}"
        used.add(cid)
        out.append(replace(c, id=cid))
    return out
