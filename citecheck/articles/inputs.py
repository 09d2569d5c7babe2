"""What the user names on the command line, as the list of inputs to read.

- `-` is the article on standard input;
- an http(s) URL is a published article; a URL of any other scheme (ftp:, file:, ...) is an input
  error that says which schemes are read;
- a directory is walked for articles and claims files (`ARTICLE_SUFFIXES`, and YAML files with a
  top-level `claims:` key), in sorted order, skipping hidden folders, what `.gitignore` files in
  it ignore (git's own rules, through pathspec) and what `--exclude` patterns name (the same
  syntax, relative to the directory);
- a path with glob characters (`*`, `?`, `[`) that names no file is expanded (`**` recursive),
  the same on every platform, whatever the shell did.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterator, Sequence

import pathspec

from citecheck.errors import InputError

STDIN = "-"
ARTICLE_SUFFIXES = (".md", ".markdown", ".html", ".htm", ".txt", ".docx")
CLAIMS_SUFFIXES = (".yaml", ".yml")
URL_SCHEMES = ("http", "https")
URL_RE = re.compile(r"^https?://", re.I)
SCHEME_RE = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]+):(?://|(?=[^\\]))", re.I)
OTHER_SCHEMES = {"file", "ftp", "ftps", "sftp", "ssh", "data", "mailto", "javascript", "gopher", "ws", "wss",
                 "smb", "nfs", "s3", "gs"}
CLAIMS_KEY_RE = re.compile(rb"^claims\s*:", re.M)
HTML_START_RE = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|main|section|div|p|h[1-6]"
                           r"|meta|title|table|ul|ol|span|a\s)", re.I | re.S)
MARKDOWN_HINT_RE = re.compile(r"^(?:#{1,6}\s|```|~~~|\s{0,3}[-*+]\s|\s{0,3}\d{1,9}[.)]\s|>\s?|\[[^\]\n]{1,200}\]:\s)|"
                              r"\]\([^)\s]{1,2000}\)|\[\^[^\]\s]{1,100}\]|\*\*\S|__\S|<https?://", re.M)


def sniff_format(text: str) -> str:
    """md, html or txt for an article piped in without --stdin-format."""
    head = text[:65536]
    if HTML_START_RE.match(head):
        return "html"
    if MARKDOWN_HINT_RE.search(head):
        return "md"
    return "txt"


def url_scheme_error(path: str) -> InputError | None:
    """An input error for a URL whose scheme is not read (None: not such a URL)."""
    m = SCHEME_RE.match(path)
    if not m or os.path.exists(path):
        return None
    scheme = m.group("scheme").lower()
    if scheme in URL_SCHEMES:
        return None
    if path[m.end(1):].startswith("://") or scheme in OTHER_SCHEMES:
        return InputError(f"{path}: {scheme}: URLs are not read; only {' and '.join(URL_SCHEMES)} articles are fetched")
    return None


def expand_inputs(paths: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """The inputs named by `paths`, in order: directories walked, globs expanded, each file once."""
    out: dict[str, None] = {}
    for path in paths:
        if path == STDIN:
            out.setdefault(STDIN, None)
            continue
        error = url_scheme_error(path)
        if error is not None:
            raise error
        if URL_RE.match(path):
            out.setdefault(path, None)
        elif os.path.isdir(path):
            found = list(walk_directory(path, exclude))
            if not found:
                raise InputError(f"{path}: holds no article or claims file "
                                 f"({', '.join(ARTICLE_SUFFIXES + CLAIMS_SUFFIXES)})")
            for f in found:
                out.setdefault(f, None)
        elif not os.path.exists(path) and glob.has_magic(path):
            matches = sorted(glob.glob(path, recursive=True))
            if not matches:
                raise InputError(f"{path}: no file matches this pattern")
            for m in matches:
                if os.path.isdir(m):
                    for f in walk_directory(m, exclude):
                        out.setdefault(f, None)
                else:
                    out.setdefault(m, None)
        else:
            out.setdefault(path, None)
    return list(out)


def walk_directory(root: str, exclude: Sequence[str] = ()) -> Iterator[str]:
    """Articles and claims files under `root`, sorted, without hidden folders, .gitignored or excluded paths."""
    excluded = pathspec.GitIgnoreSpec.from_lines(exclude) if exclude else None
    ignores: list[tuple[str, pathspec.PathSpec]] = []  # (folder, the spec of its .gitignore)
    for folder, dirs, files in os.walk(root):
        spec = _gitignore(folder)
        if spec is not None:
            ignores.append((folder, spec))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not _ignored(os.path.join(folder, d), True, root, excluded, ignores))
        for name in sorted(files):
            path = os.path.join(folder, name)
            suffix = os.path.splitext(name)[1].lower()
            if suffix not in ARTICLE_SUFFIXES + CLAIMS_SUFFIXES or name.startswith("."):
                continue
            if _ignored(path, False, root, excluded, ignores):
                continue
            if suffix in CLAIMS_SUFFIXES and not _is_claims_file(path):
                continue  # a cassette or a configuration file, not a claims file
            yield os.path.normpath(path)


def _gitignore(folder: str) -> pathspec.PathSpec | None:
    path = os.path.join(folder, ".gitignore")
    if not os.path.isfile(path):
        return None
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return pathspec.GitIgnoreSpec.from_lines(fh.read().splitlines())
    except OSError:
        return None


def _ignored(path: str, is_dir: bool, root: str, excluded, ignores) -> bool:
    def rel(base: str) -> str:
        r = os.path.relpath(path, base).replace(os.sep, "/")
        return r + "/" if is_dir else r

    if excluded is not None and excluded.match_file(rel(root)):
        return True
    for folder, spec in ignores:
        if (path + os.sep).startswith(folder.rstrip(os.sep) + os.sep) and spec.match_file(rel(folder)):
            return True
    return False


def _is_claims_file(path: str) -> bool:
    try:
        with open(path, "rb") as fh:
            return bool(CLAIMS_KEY_RE.search(fh.read(1 << 20)))
    except OSError:
        return False


__all__ = ["STDIN", "expand_inputs", "sniff_format", "walk_directory"]
