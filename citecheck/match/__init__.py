"""Matching: check a claim against source texts. Pure functions, no I/O."""

from citecheck.match.check import SourceCheck, check_prepared, check_text
from citecheck.match.prepare import PreparedClaim, PreparedSource, prepare_claim, prepare_source
from citecheck.match.settings import DEFAULTS, Settings

__all__ = ["DEFAULTS", "PreparedClaim", "PreparedSource", "Settings", "SourceCheck", "check_prepared",
           "check_text", "prepare_claim", "prepare_source"]
