"""Exceptions the library raises for bad input; the CLI turns them into one line and exit code 2."""


class CitecheckError(Exception):
    """Base class of citecheck's own errors."""


class InputError(CitecheckError):
    """The user's input cannot be read: a missing file, malformed YAML, a binary file, ..."""
