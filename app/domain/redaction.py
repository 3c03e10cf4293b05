"""Masking phone numbers and e-mail addresses, and blanking credentials, in text that leaves us.

Logs and support bundles are read by people other than the declarant; both pass everything
through here. Kept apart from validation so the logging set-up, which runs at every start,
imports nothing heavy: ``phonenumbers`` is imported the first time a text holds something
shaped like a phone number, never for the ordinary log line.

How a phone number is found in free text (``mask_text``):

1. a cheap pre-check (``_CANDIDATE``): a run of at least 7 digits, separators allowed, that starts
   as Vietnamese numbers are written (``0…``, ``84…``, ``+84…``, ``(+84)…``, ``(0…``). Text
   without one is returned untouched, so most log lines cost one regex search. Log timestamps
   (``2026-03-01 10:11:12,345``) and declaration numbers (12 digits starting ``10``/``30``) never
   pass it;
2. around each candidate, ``phonenumbers.PhoneNumberMatcher`` (region VN) finds the forms people
   write: spaces, dots, dashes, ``+84``, ``(+84)``, ``+84 (0)``, ``84…`` without the plus,
   ``(0912) 345-678``, ``09 12 34 56 78``;
3. the regex ``_PHONE_RE`` adds what the matcher refuses: a number glued to a word
   (``SĐT0912345678``), two numbers joined by a dash, the old 11-digit mobiles (``0168 …``);
4. a 10-digit number that is a valid tax code (MST check digit) *and* follows words that say so
   (``MST``, ``mã số thuế``, ``tax code``, a ``"tax_code":`` key) is left alone, as is any number
   listed in ``keep`` (the bundle passes the profile's own tax codes). Anything else shaped like a
   phone is masked, erring on the safe side: a bare HCMC tax code ``0312345673`` in a comment is
   masked like the Viettel number it looks like.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Collection, Iterator
from functools import cache
from typing import Any


def mask_phone(value: str) -> str:
    """Keep enough of a number to recognise it in a log, not enough to call it."""
    digits = re.sub(r"\D", "", value)
    if len(digits) < 6:
        return "***"
    prefix = "+" if "+" in value else ""
    if digits.startswith("0084"):  # 0084 912… is +84 912…: shown alike, so they compare alike
        prefix, digits = "+", digits[2:]
    if prefix and digits.startswith("840"):  # +84 (0) 912…
        digits = "84" + digits[3:]
    return f"{prefix}{digits[:4]}***{digits[-2:]}"


def mask_email(value: str) -> str:
    """``nguyen.an@congty.vn`` → ``ng***@congty.vn``: the domain tells addresses apart."""
    local, _, domain = value.rpartition("@")
    return f"{local[:2] if len(local) > 2 else local[:1]}***@{domain}"


class _Lazy:
    """A regex compiled on first use. Logging imports this module at every start, and most of
    these patterns never run in a session: the ordinary line stops at the pre-checks."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int = 0):
        self._pattern, self._flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    @property
    def re(self) -> re.Pattern[str]:
        if self._compiled is None:  # two threads may both compile: harmless, same result
            self._compiled = re.compile(self._pattern, self._flags)
        return self._compiled


# The pre-check: digits (≥ 7, separators between) starting the way Vietnamese numbers start.
_SEP = r"[ \t\u00a0.\-()]"
# Each branch starts with its literal, then looks behind: sre then skips ahead to the next
# '+', '(', '0' or '8' instead of trying every position (4–5× faster on a log line than the
# same pattern led by the look-behind).
_CANDIDATE = re.compile(
    r"(?:\+(?<!\d\+)[ \t]?(?:0|84)|\((?<!\d\()\+?(?:0|84)|0(?<!\d0)|8(?<!\d8)4)"
    rf"(?:{_SEP}{{0,3}}\d){{6,}}"
)

# What the matcher misses. Not glued to a digit, a '+', or the hex of a UUID or hash ("…8e0912…"
# is a key, "SĐT0912…" a phone); not followed by a digit or by a branch suffix "-001", which makes
# a tax code. Mobiles 0[35789]x xxx xxxx, landlines 02x xxxx xxxx, old mobiles 01[2689]x xxx xxxx,
# or +84/0084 with 9–10 digits.
_PHONE_RE = _Lazy(
    r"(?<![\d+_])(?<![\dA-Fa-f][A-Fa-f])"
    r"(?:\(?(?:\+84|0084)\)?[ .\-]?(?:\(0\)[ .\-]?)?(?:\d[ .\-]?){8,9}\d"
    r"|\(?0[35789]\d(?:[ .\-()]{0,2}\d){7}"
    r"|\(?02\d(?:[ .\-()]{0,2}\d){8}"
    r"|\(?01[2689]\d(?:[ .\-()]{0,2}\d){7})"
    r"(?!\d|-\d{3}(?!\d))"
)
_EMAIL_RE = _Lazy(
    r"(?<![\w.%+\-])[\w.%+\-]{1,64}@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}(?![\w\-])"
)
# Words after which a valid 10-digit tax code is a tax code, with only punctuation in between.
_TAX_CONTEXT = _Lazy(
    r"(?i)(?:\bmst|m[ãa]\s*s[ốo]\s*(?:thu[ếe]|dn\b|doanh\s*nghi[ệe]p)|\btax[\s_\-]*(?:code|id)?)"
    r"[\s:=#\"'()\-.,]*$"
)
_MST_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_WINDOW = 6  # characters of context each side of a candidate that the matcher sees

# Credentials: blanked whatever they look like. Each pattern runs only on text holding one of
# its words (case-folded), so the usual line skips them all after one str.casefold().
_SECRETS: tuple[tuple[tuple[str, ...], _Lazy], ...] = (
    (
        ("authoriz",),
        _Lazy(r"(?i)(authorization\s*[:=]\s*)(?:bearer\s+|basic\s+)?[^\s,;'\"}]+"),
    ),
    (("bearer",), _Lazy(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=\-]+")),
    (
        ("passw", "secret", "token"),
        _Lazy(
            r"(?i)([\"']?(?:password|passwd|secret|token|access_token)[\"']?\s*[:=]\s*)"
            r"(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^\s,;&}]+)"
        ),
    ),
    # user:password@ in a URL (a database URL, a proxy): the user stays, the password goes.
    (("@",), _Lazy(r"(?i)(\b[a-z][a-z0-9+.\-]*://[^/\s:@]+:)[^@\s/]+(?=@)")),
)


def redact(text: str, keep: Collection[str] = ()) -> str:
    """Blank out anything that looks like a credential; mask phone numbers and e-mails."""
    lowered = text.casefold()  # as (?i) folds: "ſ" is an "s" to both
    for words, pattern in _SECRETS:
        if any(word in lowered for word in words):
            text = pattern.re.sub(lambda m: m.group(1) + "***", text)
    return mask_text(text, keep)


def may_hold_contact(text: str) -> bool:
    """The pre-check alone: False means ``mask_text`` would return *text* unchanged."""
    return "@" in text or _CANDIDATE.search(text) is not None


def mask_text(text: str, keep: Collection[str] = ()) -> str:
    """Mask every phone number and e-mail address in free text (see the module docstring).

    *keep* holds digit strings (e.g. the profile's tax codes) that are never masked.
    """
    if "@" in text:
        text = _EMAIL_RE.re.sub(lambda m: mask_email(m.group(0)), text)
    spans = phone_spans(text, keep)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for start, end in spans:
        out.append(text[last:start])
        out.append(mask_phone(text[start:end]))
        last = end
    out.append(text[last:])
    return "".join(out)


def phone_spans(text: str, keep: Collection[str] = ()) -> list[tuple[int, int]]:
    """The (start, end) of every phone number in *text*, in order, not overlapping."""
    candidates = [m.span() for m in _CANDIDATE.finditer(text)]
    if not candidates:
        return []
    # The regex only near candidates: every number it finds is inside one (its separators are a
    # subset of theirs); two characters before for its look-behinds, five after for "-001".
    found = [
        m.span()
        for lo, hi in _merge([(max(0, s - 2), e + 5) for s, e in candidates])
        for m in _PHONE_RE.re.finditer(text, lo, hi)
    ]
    # The matcher (~50 µs a call) only looks at what the regex cannot settle: not a candidate it
    # already covers whole, nor a bare "0…" digit run (a tax code, an ID), whose every valid
    # form the regex knows (0[35789] + 8, 02 + 9, 01[2689] + 8 digits).
    open_ = [
        (start, end)
        for start, end in candidates
        if not any(s <= start and end <= e for s, e in found)
        and not _bare_national(text[start:end])
    ]
    found += _matcher_spans(text, open_)
    return [
        span
        for span in _merge(found)
        if _overlaps(span, candidates) and not _protected(text, *span, keep)
    ]


def _bare_national(candidate: str) -> bool:
    return candidate.isdigit() and candidate.startswith("0") and not candidate.startswith("00")


def _matcher_spans(text: str, candidates: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """What phonenumbers finds near each candidate.

    Run on a small window around each, not the whole text: cheaper, and the matcher gives up
    after a fixed number of tries, so over a whole log file it would stop finding numbers.
    """
    if not candidates:
        return
    matcher = _matcher()
    for lo, hi in _merge([(max(0, s - _WINDOW), e + _WINDOW) for s, e in candidates]):
        for match in matcher(text[lo:hi], "VN"):
            yield lo + match.start, lo + match.end


@cache
def _matcher() -> Callable[[str, str], Any]:
    import phonenumbers  # ~16 ms: only once a text holds something shaped like a phone number

    return phonenumbers.PhoneNumberMatcher


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in others)


def _protected(text: str, start: int, end: int, keep: Collection[str]) -> bool:
    """A number we know is not a phone: a listed one, or a tax code named as one."""
    digits = re.sub(r"\D", "", text[start:end])
    if digits in keep:
        return True
    return (
        is_tax_code(digits) and _TAX_CONTEXT.re.search(text[max(0, start - 40) : start]) is not None
    )


def is_tax_code(digits: str) -> bool:
    """The 10-digit MST check digit (``stdnum.vn.mst`` without its 40 ms import)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    check = 10 - sum(int(d) * w for d, w in zip(digits, _MST_WEIGHTS, strict=False)) % 11
    return check != 10 and int(digits[9]) == check


class RedactingFormatter(logging.Formatter):
    """Formats as usual, then redacts the whole line, traceback included.

    Both programs log through it (the client's file, the intake server's), so it lives in the
    shared kernel rather than in either.
    """

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
