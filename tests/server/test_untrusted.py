"""The bounded JSON reader and the character rule, without a server."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from server import untrusted

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5), children, max_size=4)
    ),
    max_leaves=20,
)


def strings_of(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings_of(item)]
    if isinstance(value, dict):
        return [*value, *(s for item in value.values() for s in strings_of(item))]
    return []


@given(json_values)
def test_inspect_finds_an_unsafe_string_exactly_when_there_is_one(value: Any) -> None:
    found = untrusted.inspect(value)
    assert (found.unsafe_field is not None) == any(map(untrusted.has_unsafe, strings_of(value)))


@given(json_values)
def test_the_byte_precheck_never_misses_an_unsafe_string(value: Any) -> None:
    """A body the pre-check passes holds no unsafe string, however it was encoded."""
    for body in (
        json.dumps(value).encode(),
        json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"),
    ):
        if untrusted.MAYBE_UNSAFE_JSON.search(body) is None:
            assert not any(map(untrusted.has_unsafe, strings_of(value)))


@given(json_values)
def test_loads_reads_what_json_reads(value: Any) -> None:
    assert untrusted.loads(json.dumps(value).encode()) == value


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b"\xff", "bad_encoding"),
        (b"{", "bad_json"),
        (b"[" * 50_000 + b"]" * 50_000, "too_deep"),
    ],
)
def test_loads_refuses_with_a_code(body: bytes, code: str) -> None:
    with pytest.raises(untrusted.BadJson) as refused:
        untrusted.loads(body)
    assert refused.value.code == code
    assert refused.value.to_error().message.code == code


def test_numbers_too_long_and_constants_are_not_numbers() -> None:
    value = untrusted.loads(b'{"a": [1' + b"0" * 100 + b", NaN, -Infinity, 12]}")
    assert value["a"][1:3] == [untrusted.NotANumber(), untrusted.NotANumber()]
    assert value["a"][3] == 12
    assert untrusted.inspect(value).bad_number_field == "a.0"


def test_depth_is_counted_in_lists_and_objects() -> None:
    assert not untrusted.inspect([[["x"]]], max_depth=3).too_deep
    assert untrusted.inspect([[[["x"]]]], max_depth=3).too_deep
    assert untrusted.inspect({"a": {"b": {"c": {}}}}, max_depth=3).too_deep


def test_split_items_parses_each_element_alone() -> None:
    deep = b"[" * 5_000 + b"]" * 5_000
    body = (
        b'{"first": "a]b,c", "items": [{"idempotency_key": "k1", "x": '
        + deep
        + b'}, {"y": "}]\\"[{"}, 3], "after": 1}'
    )
    items = untrusted.split_items(body)
    assert items == [untrusted.TooDeepItem("k1"), {"y": '}]"[{'}, 3]


def test_split_items_refuses_what_has_no_items_array() -> None:
    for body in (b"[1]", b'{"items": 3}', b'{"a": ' + b"[" * 100 + b"]" * 100 + b"}"):
        with pytest.raises(untrusted.BadJson):
            untrusted.split_items(body)
