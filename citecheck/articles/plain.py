"""Plain-text articles: paragraphs separated by blank lines, bare URLs as links."""

from __future__ import annotations

from citecheck.articles.blocks import Block


def read_plain(text: str) -> list[Block]:
    blocks: list[Block] = []
    current: Block | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            current = None
            continue
        if current is None:
            current = Block()
            blocks.append(current)
        else:
            current.add(" ", number)
        current.add(line, number)
    return blocks
