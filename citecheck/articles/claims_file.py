"""Claims files (.yaml/.yml): reviewed claims with their sources, and an optional cassette.

    cassette: ../cassettes/example.yaml   # optional, relative to this file
    article: ../examples/example.md       # optional, for the record
    claims:
      - id: camps
        text: "Between 80,000 and 120,000 people are held in six camps."
        sources: [https://example.org/report]
        line: 5                            # optional: the line in the article
        quote: "..."                       # optional: words the claim quotes, checked almost verbatim
"""

from __future__ import annotations

import os

import yaml

from citecheck.claim_ids import with_stable_ids
from citecheck.errors import InputError
from citecheck.model import Claim


def read_claims_file(path: str, text: str) -> tuple[list[Claim], str | None, str | None]:
    """The claims, the cassette path (resolved) and the article path (resolved) of a claims file."""
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{path}: malformed YAML{where}: {getattr(e, 'problem', None) or e}") from None
    if doc is None:
        raise InputError(f"{path}: the claims file is empty")
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list):
        raise InputError(f"{path}: a claims file needs a top-level 'claims:' list")
    known = {"cassette", "article", "claims"}
    extra = set(doc) - known
    if extra:
        raise InputError(f"{path}: unknown key(s) {', '.join(sorted(map(str, extra)))}; known: {', '.join(sorted(known))}")
    here = os.path.dirname(os.path.abspath(path))
    cassette = os.path.normpath(os.path.join(here, doc["cassette"])) if doc.get("cassette") else None
    article = os.path.normpath(os.path.join(here, doc["article"])) if doc.get("article") else None
    claims: list[Claim] = []
    seen: set[str] = set()
    for i, item in enumerate(doc["claims"], 1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            raise InputError(f"{path}: claim #{i} needs a 'text'")
        # A claim without an id gets a stable one below, from its text and sources.
        cid = str(item["id"]) if item.get("id") is not None else ""
        if cid and cid in seen:
            raise InputError(f"{path}: claim id '{cid}' is used twice")
        seen.add(cid)
        name = cid or f"#{i}"
        sources = item.get("sources", [])
        if isinstance(sources, str):
            sources = [sources]
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise InputError(f"{path}: claim '{name}': 'sources' must be a list of URLs")
        line = item.get("line")
        if line is not None and not isinstance(line, int):
            raise InputError(f"{path}: claim '{name}': 'line' must be a whole number")
        quote = item.get("quote", "")
        if not isinstance(quote, str):
            raise InputError(f"{path}: claim '{name}': 'quote' must be text")
        claims.append(Claim(id=cid, text=" ".join(item["text"].split()), sources=tuple(sources),
                            file=path, line=line, quote=" ".join(quote.split())))
    unnamed = iter(with_stable_ids([c for c in claims if not c.id], taken=seen))
    claims = [c if c.id else next(unnamed) for c in claims]
    return claims, cassette, article
