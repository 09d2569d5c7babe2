"""Claims files (.yaml/.yml): reviewed claims with their sources, and an optional cassette.

    cassette: ../cassettes/example.yaml   # optional, relative to this file
    article: ../examples/example.md       # optional, for the record
    claims:
      - id: camps
        text: "Between 80,000 and 120,000 people are held in six camps."
        sources: [https://example.org/report]
        line: 5                            # optional: the line in the article
        quote: "..."                       # optional: words the claim quotes, checked almost verbatim

A claim's `file` and `line` are its own place in the claims file; the article's path and `line:`
are kept as its `article_location` ("../examples/example.md:5").

A claims file is read defensively: YAML aliases are refused before anything expands them (a few
hundred bytes of nested aliases can stand for gigabytes), nesting is bounded before the document is
composed (composing recurses), and every field is checked for its type and length, an error naming
the field and its line.
"""

from __future__ import annotations

import os

import yaml

from citecheck.claim_ids import with_stable_ids
from citecheck.errors import InputError
from citecheck.model import Claim

MAX_DEPTH = 100
MAX_CLAIMS = 100_000
MAX_TEXT = 20_000  # characters of a claim's text or quote
MAX_PATH = 4_096  # characters of a path, URL or id
MAX_SOURCES = 1_000
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_claims_file(path: str, text: str) -> tuple[list[Claim], str | None, str | None]:
    """The claims, the cassette path (resolved) and the article path (resolved) of a claims file."""
    node = _compose(path, text)
    if node is None:
        raise InputError(f"{path}: the claims file is empty")
    doc = _construct(path, node)
    if not isinstance(doc, dict) or not isinstance(doc.get("claims"), list):
        raise InputError(f"{path}: a claims file needs a top-level 'claims:' list")
    known = {"cassette", "article", "claims"}
    extra = set(doc) - known
    if extra:
        raise InputError(f"{path}: unknown key(s) {', '.join(sorted(map(str, extra)))}; known: {', '.join(sorted(known))}")
    lines = _lines(node)
    here = os.path.dirname(os.path.abspath(path))
    for key in ("cassette", "article"):
        _check_text(path, lines.get(key), key, doc.get(key), MAX_PATH, optional=True)
    cassette = os.path.normpath(os.path.join(here, doc["cassette"])) if doc.get("cassette") else None
    article = os.path.normpath(os.path.join(here, doc["article"])) if doc.get("article") else None
    shown_article = os.path.normpath(os.path.join(os.path.dirname(path), doc["article"])) if article else ""
    if len(doc["claims"]) > MAX_CLAIMS:
        raise InputError(f"{path}: more than {MAX_CLAIMS:,} claims")
    item_lines = lines.get("claims items", [])
    claims: list[Claim] = []
    seen: set[str] = set()
    for i, item in enumerate(doc["claims"], 1):
        line = item_lines[i - 1] if i - 1 < len(item_lines) else None
        where = f"{path}: line {line}: claim #{i}" if line else f"{path}: claim #{i}"
        if not isinstance(item, dict):
            raise InputError(f"{where} must be a mapping with a 'text'")
        if not isinstance(item.get("text"), str) or not item["text"].strip():
            raise InputError(f"{where} needs a 'text'")
        # A claim without an id gets a stable one below, from its text and sources.
        raw_id = item.get("id")
        if raw_id is not None and (isinstance(raw_id, bool) or not isinstance(raw_id, (str, int))):
            raise InputError(f"{where}: 'id' must be text or a number, not {_shown(raw_id)}")
        cid = "" if raw_id is None else str(raw_id)
        if len(cid) > MAX_PATH:
            raise InputError(f"{where}: 'id' is longer than {MAX_PATH:,} characters")
        if cid and cid in seen:
            raise InputError(f"{path}: claim id '{cid}' is used twice")
        seen.add(cid)
        if cid:
            where = f"{path}: line {line}: claim '{cid}'" if line else f"{path}: claim '{cid}'"
        _check_text(where, None, "text", item["text"], MAX_TEXT)
        sources = item.get("sources", [])
        if isinstance(sources, str):
            sources = [sources]
        if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
            raise InputError(f"{where}: 'sources' must be a list of URLs, not {_shown(item.get('sources'))}")
        if len(sources) > MAX_SOURCES or any(len(s) > MAX_PATH for s in sources):
            raise InputError(f"{where}: 'sources' holds more than {MAX_SOURCES:,} URLs or a URL longer than "
                             f"{MAX_PATH:,} characters")
        article_line = item.get("line")
        if article_line is not None and (isinstance(article_line, bool) or not isinstance(article_line, int)
                                         or article_line < 1):
            raise InputError(f"{where}: 'line' must be a whole number from 1, not {_shown(article_line)}")
        quote = item.get("quote", "")
        _check_text(where, None, "quote", quote, MAX_TEXT, optional=True)
        location = shown_article
        if article_line is not None:
            location = f"{shown_article}:{article_line}" if shown_article else f"line {article_line}"
        claims.append(Claim(id=cid, text=" ".join(item["text"].split()), sources=tuple(sources),
                            file=path, line=line, quote=" ".join((quote or "").split()),
                            article_location=location))
    unnamed = iter(with_stable_ids([c for c in claims if not c.id], taken=seen))
    claims = [c if c.id else next(unnamed) for c in claims]
    return claims, cassette, article


def _compose(path: str, text: str):
    """The document's node tree, after checking its event stream: no aliases, nesting bounded."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=Loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                raise InputError(f"{path}: line {mark.line + 1}: YAML aliases (*{event.anchor}) are not allowed "
                                 f"in a claims file")
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise InputError(f"{path}: line {mark.line + 1}: nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        loader = Loader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as e:
        raise _yaml_error(path, e) from None


def _construct(path: str, node):
    loader = Loader("")
    try:
        return loader.construct_document(node)
    except yaml.YAMLError as e:
        raise _yaml_error(path, e) from None
    finally:
        loader.dispose()


def _yaml_error(path: str, e: yaml.YAMLError) -> InputError:
    mark = getattr(e, "problem_mark", None)
    where = f" at line {mark.line + 1}" if mark is not None else ""
    return InputError(f"{path}: malformed YAML{where}: {getattr(e, 'problem', None) or e}")


def _lines(node) -> dict:
    """Line (from 1) of each top-level key's value, and of each item of `claims` ("claims items")."""
    out: dict = {}
    if not isinstance(node, yaml.MappingNode):
        return out
    for key, value in node.value:
        if isinstance(key, yaml.ScalarNode):
            out[key.value] = value.start_mark.line + 1
            if key.value == "claims" and isinstance(value, yaml.SequenceNode):
                out["claims items"] = [item.start_mark.line + 1 for item in value.value]
    return out


def _check_text(where: str, line: int | None, key: str, value, limit: int, optional: bool = False) -> None:
    if optional and value is None:
        return
    at = f"{where}: line {line}" if line else where
    if not isinstance(value, str):
        raise InputError(f"{at}: '{key}' must be text, not {_shown(value)}")
    if len(value) > limit:
        raise InputError(f"{at}: '{key}' is longer than {limit:,} characters")


def _shown(value) -> str:
    """A value as the error names it: its YAML type and, if short, itself ("a number (5)", "a list ([1, 2])")."""
    kinds = {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "a mapping",
             type(None): "nothing"}
    kind = kinds.get(type(value), type(value).__name__)
    shown = repr(value)
    return f"{kind} ({shown})" if len(shown) <= 40 and value is not None else kind
