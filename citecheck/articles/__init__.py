"""Read what the user gives: a claims file, an article file or a published article's URL, as claims."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from citecheck.articles.blocks import Block, claims_from_blocks
from citecheck.articles.claims_file import read_claims_file
from citecheck.articles.docx import read_docx
from citecheck.articles.html import read_html
from citecheck.articles.markdown import read_markdown
from citecheck.articles.plain import read_plain
from citecheck.claim_ids import with_stable_ids
from citecheck.errors import InputError
from citecheck.locate import with_columns
from citecheck.model import Claim

if TYPE_CHECKING:
    from citecheck.sources.fetch import FetchOptions

READERS = {".md": read_markdown, ".markdown": read_markdown, ".html": read_html, ".htm": read_html,
           ".txt": read_plain, ".text": read_plain}
BINARY_READERS = {".docx": read_docx}
CLAIMS_SUFFIXES = (".yaml", ".yml")
SUFFIXES = tuple(READERS) + tuple(BINARY_READERS) + CLAIMS_SUFFIXES
URL_RE = re.compile(r"^https?://", re.I)


@dataclass(frozen=True)
class Document:
    path: str
    claims: tuple[Claim, ...]
    cassette: str | None = None  # from a claims file's `cassette:`


def is_url(path: str) -> bool:
    return bool(URL_RE.match(path))


def read_bytes(path: str) -> bytes:
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if not data.strip():
        raise InputError(f"{path}: is empty")
    return data


def read_text_file(path: str) -> str:
    data = read_bytes(path)
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{path}: is empty")
    return text


def read_document(path: str, fetch: FetchOptions | None = None) -> Document:
    """The claims of one input: a claims file, an article file, or an article's http(s) URL.

    `fetch` is used to fetch an article given by URL (timeout and the like)."""
    if is_url(path):
        return read_url(path, fetch)
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".doc":
        raise InputError(f"{path}: Word 97-2003 .doc files are not read; save the article as .docx")
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: unknown input format '{suffix or '(none)'}'; "
                         f"use one of {', '.join(SUFFIXES)} or an http(s) URL")
    if suffix in BINARY_READERS:
        blocks = BINARY_READERS[suffix](read_bytes(path), path)
        return _article(path, blocks)
    text = read_text_file(path)
    if suffix in CLAIMS_SUFFIXES:
        claims, cassette, _article_path = read_claims_file(path, text)
        return Document(path, tuple(claims), cassette)
    return _article(path, READERS[suffix](text), text)


def read_documents(paths: Sequence[str], fetch: FetchOptions | None = None) -> list[Document]:
    return [read_document(p, fetch) for p in paths]


def _article(path: str, blocks: list[Block], raw: str = "") -> Document:
    """The article's claims, with stable ids (see claim_ids) and, given its raw text, their columns."""
    if not any(b.text.strip() for b in blocks):
        raise InputError(f"{path}: has no article text")
    claims = with_stable_ids(claims_from_blocks(blocks, path))
    return Document(path, tuple(with_columns(claims, raw) if raw else claims))


def read_url(url: str, fetch: FetchOptions | None = None) -> Document:
    """Fetch a published article (HTML) and read its claims; links are made absolute against it.

    With a cassette the article comes from it (and is recorded into it) like its sources, so a check
    of a published article replays offline too."""
    from citecheck.sources.fetch import FetchError, Fetcher, FetchOptions, cassette, replay_only

    options = fetch or FetchOptions()
    with cassette(options.cassette, options.record_mode):
        fetcher = Fetcher(options, replaying=replay_only(options))
        try:
            raw = fetcher.fetch_raw(url)
        except FetchError as e:
            raise InputError(f"{url}: cannot fetch the article: {e}") from None
        finally:
            fetcher.close()
    media = (raw.content_type or "").split(";")[0].strip().lower()
    head = raw.body[:1024].lstrip().lower()
    looks_html = head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<p", b"<div"))
    if media not in ("text/html", "application/xhtml+xml") and not (media in ("", "application/octet-stream")
                                                                     and looks_html):
        raise InputError(f"{url}: is not an HTML page ({media or 'no content type'}); "
                         f"give a published article's URL")
    html = decode_html(raw.body, raw.charset)
    return _article(url, read_html(html, raw.final_url or url), html)


def decode_html(body: bytes, charset: str | None = None) -> str:
    from bs4 import UnicodeDammit

    dammit = UnicodeDammit(body, [charset] if charset else [], is_html=True)
    if dammit.unicode_markup is None:
        return body.decode("utf-8", errors="replace")
    return dammit.unicode_markup


__all__ = ["Document", "SUFFIXES", "decode_html", "is_url", "read_bytes", "read_document", "read_documents",
           "read_text_file", "read_url"]
