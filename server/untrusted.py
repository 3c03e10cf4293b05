"""Reading what a client sent without trusting it: bounded JSON, and the characters we refuse.

Whatever arrives, the server must answer with a coded problem or a coded rejection, never a 500.
Three things in ordinary-looking input used to reach the database or the encoder and fail there:

- a lone surrogate (``"\\ud800"``): valid JSON, a valid Python ``str``, but no UTF-8 encoding, so
  hashing, the reply's encoder and the database driver all raise;
- a NUL (``"\\u0000"``): PostgreSQL's text types cannot hold one, so any query that binds it
  raises in the driver; other C0/C1 controls and the bidirectional overrides and isolates (the
  "Trojan Source" characters) are never part of a legitimate value and make logs and the
  officials' screens lie about what was sent;
- depth and size: ``json.loads`` recurses once per nesting level (``RecursionError`` at about a
  thousand) and refuses integers of more than 4,300 digits with a ``ValueError``.

``loads`` parses with those bounds and raises ``BadJson`` (a ``ValueError`` with a code); ``inspect``
walks a parsed value once for its depth and the first unsafe string; ``split_items`` takes a batch
body whose nesting defeats ``json.loads`` apart item by item, so only the deep item is refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from app.domain.messages import Message
from app.domain.validation import FieldError

#: Nesting a legitimate body never needs (a batch is 5 levels deep); bounded well below
#: ``json.loads``'s recursion limit, and below pydantic-core's own (200).
MAX_DEPTH = 32
#: Digits of an integer literal: no field of the API holds more than a few.
MAX_INT_DIGITS = 64

#: C0 controls except tab, line feed and carriage return; DEL and the C1 controls; surrogates;
#: the bidirectional embeddings, overrides and isolates; the two non-characters U+FFFE/FFFF.
UNSAFE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)
#: In raw JSON bytes, where an unsafe character could hide: a ``\\u`` escape of one, ``\\b`` or
#: ``\\f`` (backspace and form feed have short escapes), or one of
#: them written as UTF-8 (raw C0 controls and raw surrogates are invalid JSON already). A body
#: without a match cannot hold an unsafe string, so it needs no walk.
MAYBE_UNSAFE_JSON = re.compile(
    rb"\\[bf]|\\u(?:00[01]|007[fF]|00[89]|[dD][89a-fA-F]|202[a-eA-E]|206[6-9]|[fF]{3}[eEfF])"
    rb"|\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]|\xef\xbf[\xbe\xbf]"
)


def has_unsafe(text: str) -> bool:
    return UNSAFE_CHARACTERS.search(text) is not None


def bad_characters_error(field: str) -> FieldError:
    name = field or "body"
    return FieldError(
        field,
        Message(
            "bad_characters",
            f"Trường {name} có ký tự điều khiển hoặc ký tự ẩn không hợp lệ "
            "(ví dụ ký tự NUL, ký tự đảo chiều văn bản). Hãy xóa chúng rồi gửi lại.",
            f"The field {name} contains control or invisible characters that are not allowed "
            "(e.g. NUL, text-direction overrides). Remove them and send again.",
        ),
    )


class BadJson(ValueError):
    """The body is not JSON we will read; ``code`` says why (bad_json, bad_encoding, too_deep)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code

    def to_error(self) -> FieldError:
        if self.code == "too_deep":
            return too_deep_error("")
        if self.code == "bad_encoding":
            return FieldError(
                "",
                Message(
                    "bad_encoding",
                    "Dữ liệu gửi lên không phải văn bản UTF-8 hợp lệ.",
                    "The body is not valid UTF-8 text.",
                ),
            )
        return FieldError(
            "",
            Message(
                "bad_json", "Dữ liệu gửi lên không phải JSON hợp lệ.", "The body is not valid JSON."
            ),
        )


def bad_number_error(field: str) -> FieldError:
    name = field or "body"
    return FieldError(
        field,
        Message(
            "out_of_range",
            f"Giá trị số của {name} quá lớn hoặc không hợp lệ.",
            f"The number in {name} is too large or not a number.",
        ),
    )


def too_deep_error(field: str) -> FieldError:
    return FieldError(
        field,
        Message(
            "too_deep",
            f"Dữ liệu lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp).",
            f"The data is nested too deeply (at most {MAX_DEPTH} levels).",
        ),
    )


class NotANumber(dict[str, Any]):
    """What a number too long to be any field's value, or NaN/Infinity, parses to.

    An (empty) object: it fails every field's type check, so the item holding it gets an ordinary
    ``bad_type`` rejection, and it serialises back to JSON like any other value.
    """


def _int(text: str) -> Any:
    return int(text) if len(text) <= MAX_INT_DIGITS else NotANumber()


def _constant(_text: str) -> Any:
    return NotANumber()


def loads(data: bytes | str) -> Any:
    """``json.loads`` with bounded integers, no NaN/Infinity, and nesting of at most MAX_DEPTH."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise BadJson("bad_encoding") from None
    try:
        value = json.loads(data, parse_int=_int, parse_constant=_constant)
    except RecursionError:
        raise BadJson("too_deep") from None
    except ValueError:
        raise BadJson("bad_json") from None
    return value


@dataclass(frozen=True, slots=True)
class Inspection:
    too_deep: bool
    #: Dotted path of the first string (or object key) holding an unsafe character, else None.
    unsafe_field: str | None
    #: Dotted path of the first number too long to read, or NaN/Infinity, else None.
    bad_number_field: str | None = None


def inspect(value: Any, *, max_depth: int = MAX_DEPTH) -> Inspection:
    """One iterative walk: is *value* deeper than *max_depth*, and where is its first unsafe text."""
    stack: list[tuple[Any, tuple[str, ...], int]] = [(value, (), 1)]
    unsafe: str | None = None
    number: str | None = None
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            if unsafe is None and has_unsafe(item):
                unsafe = ".".join(path)
            continue
        if not isinstance(item, dict | list):
            continue
        if depth > max_depth:
            return Inspection(True, unsafe, number)
        if isinstance(item, NotANumber):
            number = ".".join(path) if number is None else number
        elif isinstance(item, dict):
            # Pushed last to first, so fields are met in the order they were sent.
            for key, child in reversed(item.items()):
                stack.append((child, (*path, _safe_segment(key)), depth + 1))
            if unsafe is None and any(map(has_unsafe, item)):
                unsafe = ".".join(path)
        else:
            for index in range(len(item) - 1, -1, -1):
                stack.append((item[index], (*path, str(index)), depth + 1))
    return Inspection(False, unsafe, number)


def _safe_segment(key: str) -> str:
    return key if not has_unsafe(key) else "?"


# -- a batch too deep for json.loads ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TooDeepItem:
    """An item of ``items`` nested past what we read; its key if it had a plain one."""

    idempotency_key: str | None


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')
_COLON = re.compile(r"\s*:")


def _tokens(text: str, start: int = 0) -> Iterator[re.Match[str]]:
    return _TOKEN.finditer(text, start)


def split_items(body: bytes) -> list[Any]:
    """The ``items`` of a batch body, each parsed alone; an item too deep is a ``TooDeepItem``.

    Only for a body ``loads`` refused as too deep: a scan of its strings and brackets (strings
    are skipped whole, so a bracket inside one does not count) finds where each element of the
    top-level ``items`` array starts and ends. Raises ``BadJson`` if the body is not an object
    with such an array, or is too deep outside it.
    """
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadJson("bad_encoding") from None
    tokens = _tokens(text)
    first = next(tokens, None)
    if first is None or first.group() != "{" or text[: first.start()].strip():
        raise BadJson("too_deep")
    depth = 1
    key: str | None = None
    expect_key = True
    for token in tokens:
        word = token.group()
        if depth == 1 and word.startswith('"') and expect_key:
            key = json.loads(word)
            expect_key = False
        elif depth == 1 and word == ",":
            expect_key = True
        elif depth == 1 and word == "[" and key == "items":
            return _elements(text, token.end())
        elif word in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                raise BadJson("too_deep")
        elif word in "]}":
            depth -= 1
    raise BadJson("too_deep")


def _elements(text: str, start: int) -> list[Any]:
    items: list[Any] = []
    depth = 0
    element_start = start
    deepest = 0
    key_value: str | None = None
    last_key: str | None = None
    for token in _tokens(text, start):
        word = token.group()
        if word in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif word == "]" and depth == 0:
            if text[element_start : token.start()].strip():
                items.append(_element(text[element_start : token.start()], deepest, key_value))
            return items
        elif word in "]}":
            depth -= 1
        elif word == "," and depth == 0:
            items.append(_element(text[element_start : token.start()], deepest, key_value))
            element_start, deepest, key_value, last_key = token.end(), 0, None, None
        elif word.startswith('"') and depth == 1:
            # An element's own keys and values: remember its idempotency key for the result.
            if _COLON.match(text, token.end()):
                last_key = word
            elif last_key == '"idempotency_key"':
                key_value = json.loads(word)
                last_key = None
    raise BadJson("bad_json")


def _element(source: str, deepest: int, key: str | None) -> Any:
    if deepest >= MAX_DEPTH:
        return TooDeepItem(key if key is not None and not has_unsafe(key) else None)
    try:
        return loads(source)
    except BadJson as bad:
        if bad.code == "too_deep":
            return TooDeepItem(key)
        raise
