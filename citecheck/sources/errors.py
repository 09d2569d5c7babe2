"""The one exception of fetching: a source could not be had, and why (in words a user can act on)."""


class FetchError(Exception):
    """A source could not be fetched; the message is the reason shown to the user."""
