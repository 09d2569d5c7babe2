"""Reasons a user can act on: HTTP statuses, bot walls and network failures in plain words."""

from __future__ import annotations

import http.client
import ssl

import requests
import urllib3.exceptions

STATUS_REASONS = {401: "unauthorized", 403: "blocked", 404: "not found", 410: "gone",
                  429: "rate limited", 451: "unavailable for legal reasons"}

# Text of the pages bot walls and challenges answer with (Cloudflare, DDoS-Guard, DataDome, PerimeterX,
# Imperva/Incapsula, Akamai and plain CAPTCHAs). Compared with the lowercased start of the body.
CHALLENGE_MARKERS = (
    "just a moment...", "captcha", "checking your browser", "challenge-platform", "cf-chl-", "cf_chl_",
    "attention required! | cloudflare", "ddos-guard", "verify you are human", "are you a robot",
    "px-captcha", "datadome", "_incapsula_resource", "enable javascript and cookies to continue",
)


def status_reason(code: int) -> str:
    if code in STATUS_REASONS:
        return f"{STATUS_REASONS[code]} ({code})"
    if code >= 500:
        return f"server error ({code})"
    return f"HTTP error ({code})"


def is_bot_challenge(status: int, headers, head: bytes) -> bool:
    """Whether an error answer is a bot wall or challenge rather than the site's own refusal."""
    if status not in (403, 429, 503):
        return False
    if (headers.get("cf-mitigated") or "").strip().lower() == "challenge":
        return True
    text = head[:65536].decode("latin-1").lower()
    if any(marker in text for marker in CHALLENGE_MARKERS):
        return True
    server = (headers.get("server") or "").lower()
    return "cloudflare" in server and ("ray id" in text or "cloudflare" in text)


def error_reason(status: int, headers, head: bytes) -> str:
    if is_bot_challenge(status, headers, head):
        return f"blocked ({status}, bot challenge)"
    return status_reason(status)


def exception_reason(e: BaseException) -> tuple[str, bool]:
    """(reason, worth retrying) for an exception raised while fetching."""
    name = type(e).__name__
    if name == "CannotOverwriteExistingCassetteException":
        return "not in cassette", False
    if isinstance(e, (requests.Timeout, urllib3.exceptions.TimeoutError, TimeoutError)):
        return "timeout", True
    if isinstance(e, (requests.exceptions.SSLError, ssl.SSLError, urllib3.exceptions.SSLError)):
        return "TLS error (the site's certificate or encryption was refused)", False
    if isinstance(e, (requests.exceptions.InvalidURL, requests.exceptions.InvalidSchema,
                      requests.exceptions.MissingSchema, urllib3.exceptions.LocationParseError)):
        return "bad URL", False
    if isinstance(e, (requests.TooManyRedirects,)):
        return "redirect loop", False
    text = f"{e!r} {e}".lower()
    if isinstance(e, (requests.ConnectionError, urllib3.exceptions.HTTPError, http.client.HTTPException, OSError)):
        if "nameresolution" in text or "name or service not known" in text or "nodename nor servname" in text \
                or "getaddrinfo" in text or "temporary failure in name resolution" in text:
            return "no such host", False
        if "refused" in text:
            return "connection refused", True
        if "reset" in text or "aborted" in text or "broken" in text or "incompleteread" in text \
                or "remotedisconnected" in text or "remote end closed" in text:
            return "connection reset", True
        return "connection failed", True
    if isinstance(e, requests.RequestException):
        return f"request failed ({name})", False
    return f"fetch failed ({name}: {e})", False
