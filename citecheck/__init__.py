"""citecheck: check that an article's figures stand in the sources it cites."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/citecheck/citecheck"
USER_AGENT = f"citecheck/{__version__} (+{PROJECT_URL})"
