"""Plain-text articles: paragraphs separated by blank lines, bare URLs as links.

A reference entry ("[3] https://...", or "3. Author, Title, https://..." under a "References"
heading) and a heading such as "References" stand on their own lines; `blocks` resolves "[3]" in
the text to the URLs of entry 3.
"""

from __future__ import annotations

from citecheck.articles.blocks import (COMMENT_DIRECTIVE_RE, REF_ENTRY_RE, REF_HEADING_RE, Block,
                                      apply_comment_directives)


def read_plain(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            current = None
            continue
        heading = bool(REF_HEADING_RE.match(line))
        entry = REF_ENTRY_RE.match(line)
        if COMMENT_DIRECTIVE_RE.fullmatch(line):  # a `citecheck: ignore` comment line: for the next paragraph
            blocks.append(Block())
            blocks[-1].add(line, number)
            current = None
            continue
        if current is None or heading or entry or current.heading:
            current = Block(heading=heading)
            blocks.append(current)
            if entry and not entry.group("br"):  # "3." or "(3)": a numbered item, its number kept aside
                current.item = int(entry.group("pa") or entry.group("dot"))
                line = line[entry.end():]
        else:
            current.add(" ", number)
        current.add(line, number)
    return apply_comment_directives(blocks)
