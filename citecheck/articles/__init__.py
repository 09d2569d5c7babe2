"""Read what the user gives: a claims file, an article file or a published article's URL, as claims."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Callable, Union

from citecheck.articles.inputs import CLAIMS_SUFFIXES, STDIN, URL_RE, expand_inputs, sniff_format
from citecheck.claim_ids import with_stable_ids
from citecheck.errors import InputError
from citecheck.locate import with_columns
from citecheck.model import Claim

if TYPE_CHECKING:
    from citecheck.articles.blocks import Block
    from citecheck.sources.fetch import FetchOptions

    # Fetch options, or a function that makes them when an article is to be fetched (the fetching
    # modules are imported only then).
    FetchArg = Union[FetchOptions, Callable[[], FetchOptions], None]

# The readers are imported when first used: an input refused for its size or name is refused at once.
READERS = {".md": "markdown:read_markdown", ".markdown": "markdown:read_markdown", ".html": "html:read_html",
           ".htm": "html:read_html", ".txt": "plain:read_plain", ".text": "plain:read_plain"}
BINARY_READERS = {".docx": "docx:read_docx"}
SUFFIXES = tuple(READERS) + tuple(BINARY_READERS) + CLAIMS_SUFFIXES
MAX_ARTICLE_BYTES = 10 * 1024 * 1024
STDIN_READERS = {"md": READERS[".md"], "html": READERS[".html"], "txt": READERS[".txt"]}


def reader(name: str):
    module, function = name.split(":")
    return getattr(import_module(f"citecheck.articles.{module}"), function)


@dataclass(frozen=True)
class Document:
    path: str
    claims: tuple[Claim, ...]
    cassette: str | None = None  # from a claims file's `cassette:`


def is_url(path: str) -> bool:
    return bool(URL_RE.match(path))


def read_bytes(path: str, limit: int | None = None) -> bytes:
    """The bytes of a file, refused before reading when it is over `limit` bytes."""
    if not os.path.exists(path):
        raise InputError(f"{path}: no such file")
    if os.path.isdir(path):
        raise InputError(f"{path}: is a directory, not a file")
    try:
        if limit is not None:
            check_size(path, os.path.getsize(path), limit)
        with open(path, "rb") as fh:
            data = fh.read() if limit is None else fh.read(limit + 1)
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    if limit is not None:
        check_size(path, len(data), limit)  # a file that grew, or a pipe
    if not data.strip():
        raise InputError(f"{path}: is empty")
    return data


def check_size(path: str, size: int, limit: int) -> None:
    if size > limit:
        raise InputError(f"{path}: is over the article size limit ({size:,} bytes > {limit:,}; "
                         f"see --max-article-bytes)")


def decode_text(path: str, data: bytes) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{path}: is a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path}: is not UTF-8 text") from None
    if not text.strip():
        raise InputError(f"{path}: is empty")
    return text


def read_text_file(path: str, limit: int | None = None) -> str:
    return decode_text(path, read_bytes(path, limit))


def read_stdin(fmt: str | None = None, limit: int = MAX_ARTICLE_BYTES, stream=None) -> Document:
    """An article piped in: Markdown, HTML or plain text (`fmt`, or sniffed from its first bytes)."""
    stream = stream if stream is not None else sys.stdin.buffer
    data = stream.read(limit + 1)
    check_size("<stdin>", len(data), limit)
    if not data.strip():
        raise InputError("<stdin>: is empty")
    text = decode_text("<stdin>", data)
    return _article("<stdin>", reader(STDIN_READERS[fmt or sniff_format(text)])(text))


def read_document(path: str, fetch: FetchArg = None, limit: int = MAX_ARTICLE_BYTES) -> Document:
    """The claims of one input: a claims file, an article file, or an article's http(s) URL.

    `fetch` is used to fetch an article given by URL (timeout and the like). An input over `limit`
    bytes is refused before it is read."""
    if is_url(path):
        return read_url(path, fetch, limit)
    suffix = os.path.splitext(path)[1].lower()
    if suffix == ".doc":
        raise InputError(f"{path}: Word 97-2003 .doc files are not read; save the article as .docx")
    if suffix not in SUFFIXES:
        raise InputError(f"{path}: unknown input format '{suffix or '(none)'}'; "
                         f"use one of {', '.join(SUFFIXES)} or an http(s) URL")
    if suffix in BINARY_READERS:
        blocks = reader(BINARY_READERS[suffix])(read_bytes(path, limit), path)
        return _article(path, blocks)
    text = read_text_file(path, limit)
    if suffix in CLAIMS_SUFFIXES:
        from citecheck.articles.claims_file import read_claims_file

        claims, cassette, _article_path = read_claims_file(path, text)
        return Document(path, tuple(claims), cassette)
    return _article(path, reader(READERS[suffix])(text), text)


def read_documents(paths: Sequence[str], fetch: FetchArg = None, *, limit: int = MAX_ARTICLE_BYTES,
                   exclude: Sequence[str] = (), stdin_format: str | None = None, stdin=None) -> list[Document]:
    """The documents of the inputs as given: files, directories (walked), globs, URLs and `-` (stdin)."""
    docs = []
    for path in expand_inputs(paths, exclude):
        if path == STDIN:
            docs.append(read_stdin(stdin_format, limit, stdin))
        else:
            docs.append(read_document(path, fetch, limit))
    return docs


def _article(path: str, blocks: list[Block], raw: str = "") -> Document:
    """The article's claims, with stable ids (see claim_ids) and, given its raw text, the columns the
    reader did not give."""
    from citecheck.articles.blocks import claims_from_blocks

    if not any(b.text.strip() for b in blocks):
        raise InputError(f"{path}: has no article text")
    claims = with_stable_ids(claims_from_blocks(blocks, path))
    return Document(path, tuple(with_columns(claims, raw) if raw else claims))


def read_url(url: str, fetch: FetchArg = None, limit: int = MAX_ARTICLE_BYTES) -> Document:
    """Fetch a published article (HTML) and read its claims; links are made absolute against it.

    With a cassette the article comes from it (and is recorded into it) like its sources, so a check
    of a published article replays offline too."""
    from citecheck.sources.extract import media_type
    from citecheck.sources.fetch import FetchError, Fetcher, FetchOptions, cassette, replay_only

    options = (fetch() if callable(fetch) else fetch) or FetchOptions()
    with cassette(options.cassette, options.record_mode):
        fetcher = Fetcher(options, replaying=replay_only(options))
        try:
            raw = fetcher.fetch_raw(url)
        except FetchError as e:
            raise InputError(f"{url}: cannot fetch the article: {e}") from None
        finally:
            fetcher.close()
    check_size(url, len(raw.body), limit)
    media = media_type(raw.content_type)
    head = raw.body[:1024].lstrip().lower()
    looks_html = head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<article", b"<p", b"<div"))
    if media not in ("text/html", "application/xhtml+xml") and not (media in ("", "application/octet-stream")
                                                                     and looks_html):
        raise InputError(f"{url}: is not an HTML page ({media or 'no content type'}); "
                         f"give a published article's URL")
    html = decode_html(raw.body, raw.charset)
    return _article(url, reader(READERS[".html"])(html, raw.final_url or url), html)


def decode_html(body: bytes, charset: str | None = None) -> str:
    from bs4 import UnicodeDammit

    dammit = UnicodeDammit(body, [charset] if charset else [], is_html=True)
    if dammit.unicode_markup is None:
        return body.decode("utf-8", errors="replace")
    return dammit.unicode_markup


__all__ = ["Document", "MAX_ARTICLE_BYTES", "SUFFIXES", "decode_html", "is_url", "read_bytes", "read_document",
           "read_documents", "read_stdin", "read_text_file", "read_url"]
