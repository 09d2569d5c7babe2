"""Read what the user gives: a claims file or an article, as claims with their sources."""

from __future__ import annotations

import os
from dataclasses import dataclass

from citecheck.articles.blocks import Block, claims_from_blocks
from citecheck.articles.claims_file import read_claims_file
from citecheck.articles.html import read_html
from citecheck.articles.markdown import read_markdown
from citecheck.articles.plain import read_plain
from citecheck.errors import InputError
from citecheck.model import Claim

READERS = {".md": read_markdown, ".markdown": read_markdown, ".html": read_html, ".htm": read_html,
           ".txt": read_plain, ".text": read_plain}
CLAIMS_SUFFIXES = (".yaml", ".yml")
SUFFIXES = tuple(READERS) + CLAIMS_SUFFIXES


@dataclass(frozen=True)
class Document:
    path: str
    claims: tuple[Claim, ...]
    cassette: str | None = None  # from a claims file's `cassette:`


def read_text_file(path: str) -> str:
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{path}: is empty")
    return text


def read_document(path: str) -> Document:
    suffix = os.path.splitext(path)[1].lower()
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: unknown input format '{suffix or '(none)'}'; "
                         f"use one of {', '.join(SUFFIXES)}")
    text = read_text_file(path)
    if suffix in CLAIMS_SUFFIXES:
        claims, cassette, _article = read_claims_file(path, text)
        return Document(path, tuple(claims), cassette)
    blocks: list[Block] = READERS[suffix](text)
    if not any(b.text.strip() for b in blocks):
        raise InputError(f"{path}: has no article text")
    return Document(path, tuple(claims_from_blocks(blocks, path)))


__all__ = ["Document", "SUFFIXES", "read_document", "read_text_file"]
