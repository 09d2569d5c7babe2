"""The config file: `[tool.citecheck]` in pyproject.toml, or a `.citecheck.toml`, found from the
current directory upwards (the nearest wins; in one directory `.citecheck.toml` before
pyproject.toml), or named with `--config PATH`.

Keys are the long option names of `citecheck check` and `batch` (`fail-on`, `format`, `timeout`,
`jobs`, `allow-private`, `baseline`, `scheduler`, `scheduler-file`, ...; `_` works for `-`). The CLI
reads them into Click's `default_map`, so a flag on the command line always wins over the file. A key
that is no option is an error that names the nearest one, so a typo never silently does nothing.
"""

from __future__ import annotations

import difflib
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from citecheck.errors import InputError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

CONFIG_FILE = ".citecheck.toml"
PYPROJECT = "pyproject.toml"
# Keys whose values are paths: relative to the config file's directory, not to where citecheck runs.
PATH_KEYS = ("baseline", "cache-dir", "cassette", "scheduler-file")


@dataclass(frozen=True)
class Config:
    path: str | None = None  # None: no config file
    values: dict = field(default_factory=dict)  # normalised key ("fail-on") -> value


def _read_toml(path: str) -> dict:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise InputError(f"{path}: no such config file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, not a config file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: malformed TOML: {e}") from None


def _table(path: str, doc: dict) -> dict | None:
    """The citecheck settings of a file: `[tool.citecheck]` in a pyproject.toml (None when it has
    none), the top level of a .citecheck.toml (which may also use `[tool.citecheck]`)."""
    tool = doc.get("tool")
    section = tool.get("citecheck") if isinstance(tool, dict) else None
    if os.path.basename(path) == PYPROJECT:
        if section is None:
            return None
    elif section is None:
        section = doc
    if not isinstance(section, dict):
        raise InputError(f"{path}: [tool.citecheck] must be a table")
    return section


def find_config(start: str | None = None) -> str | None:
    """The nearest .citecheck.toml, or pyproject.toml with a [tool.citecheck] table, from `start`
    (the working directory) upwards."""
    return _find(start)[0]


def _find(start: str | None) -> tuple[str | None, dict | None]:
    """find_config's file and, for a pyproject.toml, its parsed document (read once, not twice)."""
    directory = os.path.abspath(start or os.getcwd())
    while True:
        candidate = os.path.join(directory, CONFIG_FILE)
        if os.path.isfile(candidate):
            return candidate, None
        candidate = os.path.join(directory, PYPROJECT)
        if os.path.isfile(candidate):
            try:
                doc = _read_toml(candidate)
                if _table(candidate, doc) is not None:
                    return candidate, doc
            except InputError:
                pass  # someone else's broken pyproject.toml is not ours to reject: keep looking
        parent = os.path.dirname(directory)
        if parent == directory:
            return None, None
        directory = parent


def load_config(path: str | None, known: Iterable[str]) -> Config:
    """Read a config file (`path`, or the one found from the working directory) and check its keys
    against `known` option names. No file found: an empty Config."""
    doc = None
    if not path:
        path, doc = _find(None)
    if path is None:
        return Config()
    section = _table(path, doc if doc is not None else _read_toml(path))
    if section is None:
        raise InputError(f"{path}: has no [tool.citecheck] table")
    known = sorted(set(known))
    base = os.path.dirname(os.path.abspath(path))
    values = {}
    for raw_key, value in section.items():
        key = raw_key.replace("_", "-").lower()
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(known)}"
            raise InputError(f"{path}: unknown key '{raw_key}'{hint}")
        if key in PATH_KEYS and isinstance(value, str):
            value = os.path.normpath(os.path.join(base, os.path.expanduser(value)))
        values[key] = value
    return Config(path, values)
