"""The fast path's dict validation and body hash against the wire models they stand in for.

``server.ingest`` validates a batch into TypedDicts and hashes the validated dict; the stored
hashes were made by ``SheetIn.model_dump_json(exclude={"idempotency_key"},
exclude_defaults=True)``, and a sheet resent after the upgrade must still be a duplicate.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from app.domain.wire import SheetBatchIn, SheetIn
from server import ingest


def _normalised(schema: Any, names: dict[str, str]) -> Any:
    """A JSON schema without the words that differ between a model and its TypedDict."""
    if isinstance(schema, dict):
        out = {}
        for key, value in schema.items():
            if key in ("title", "description", "default"):
                continue
            if key == "$ref":
                prefix, _slash, name = value.rpartition("/")
                value = f"{prefix}/{names.get(name, name)}"
            if key == "$defs":
                value = {names.get(k, k): v for k, v in value.items()}
            out[key] = _normalised(value, names)
        return out
    if isinstance(schema, list):
        return [_normalised(v, names) for v in schema]
    return schema


def test_the_dict_schema_has_the_wire_models_constraints() -> None:
    names = {"_ScoreDict": "ScoreIn", "_SheetDict": "SheetIn"}
    ours = _normalised(ingest._BATCH.json_schema(), names)
    theirs = _normalised(TypeAdapter(SheetBatchIn).json_schema(), {})
    assert ours == theirs


def test_the_dicts_are_strict_and_ignore_unknown_fields_like_the_models() -> None:
    for adapter in (ingest._BATCH,):
        config = adapter.core_schema
        assert config["type"] == "typed-dict"
    for td in (ingest._BatchDict, ingest._SheetDict, ingest._ScoreDict):
        assert td.__pydantic_config__ == {"strict": True, "extra": "ignore"}  # type: ignore[attr-defined]
    assert SheetIn.model_config["strict"] is True
    assert SheetIn.model_config["extra"] == "ignore"


_text = st.text(max_size=12)
_maybe_empty = st.one_of(st.just(""), st.text(min_size=1, max_size=12))
_score = st.fixed_dictionaries(
    {
        "target_kind": st.sampled_from(["officer", "team", "sub_department", "stage"]),
        "target_code": _text,
        "target_name": _text,
        "score": st.integers(1, 5),
    },
    optional={
        "reasons": st.one_of(st.just([]), st.lists(_text, min_size=1, max_size=3)),
        "extra": st.integers(),
    },
)
_sheet = st.fixed_dictionaries(
    {
        "idempotency_key": st.uuids().map(str).flatmap(lambda k: st.sampled_from([k, k.upper()])),
        "declaration_number": st.one_of(st.from_regex(r"\A[0-9]{12}\Z"), _text),
        "stage": st.sampled_from(["after_completion", "during_clearance"]),
        "scores": st.lists(_score, max_size=4),
    },
    optional={
        "content": _maybe_empty,
        "contact_name": _maybe_empty,
        "contact_phone": st.one_of(_maybe_empty, st.from_regex(r"\A0[0-9]{9}\Z")),
        "unknown": _text,
    },
)


def _shuffled_keys(data: st.DataObject, item: dict[str, Any]) -> dict[str, Any]:
    keys = data.draw(st.permutations(list(item)))
    return {k: item[k] for k in keys}


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sheets=st.lists(_sheet, min_size=1, max_size=4), data=st.data())
def test_the_new_hash_and_sheet_are_the_old_ones(sheets: list[dict[str, Any]], data: Any) -> None:
    shared = data.draw(_score)  # a score several sheets of the batch give alike
    for sheet in sheets:
        if data.draw(st.booleans()):
            sheet["scores"] = [*sheet["scores"], dict(shared)]
    items = []
    for sheet in sheets:
        sheet = _shuffled_keys(data, sheet)
        sheet["scores"] = [_shuffled_keys(data, s) for s in sheet["scores"]]
        items.append(sheet)
    body = json.dumps({"items": items}, ensure_ascii=data.draw(st.booleans())).encode()
    made: dict[Any, Any] = {}
    new = [ingest._prepare(i, made) for i in ingest._BATCH.validate_json(body)["items"]]
    old = [ingest._prepare_model(m) for m in SheetBatchIn.model_validate_json(body).items]
    assert [n.body_hash for n in new] == [o.body_hash for o in old]
    assert new == old


_anything = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 300), st.text(max_size=3), st.lists(st.integers())
)


@settings(max_examples=300, deadline=None)
@given(sheet=_sheet, field=st.sampled_from(list(SheetIn.model_fields)), value=_anything)
def test_the_dicts_refuse_what_the_models_refuse(
    sheet: dict[str, Any], field: str, value: Any
) -> None:
    sheet = dict(sheet, **{field: value})
    body = json.dumps({"items": [sheet]}).encode()
    try:
        SheetBatchIn.model_validate_json(body)
        model_ok = True
    except ValidationError:
        model_ok = False
    try:
        ingest._BATCH.validate_json(body)
        dict_ok = True
    except ValidationError:
        dict_ok = False
    assert dict_ok == model_ok


def test_a_long_field_is_refused_by_both() -> None:
    base = {
        "idempotency_key": str(uuid.uuid4()),
        "declaration_number": "1" * 12,
        "stage": "after_completion",
        "scores": [],
    }
    for field, limit in (("content", 20_000), ("contact_name", 1000), ("contact_phone", 100)):
        for size, ok in ((limit, True), (limit + 1, False)):
            body = json.dumps({"items": [dict(base, **{field: "x" * size})]}).encode()
            for validate in (SheetBatchIn.model_validate_json, ingest._BATCH.validate_json):
                try:
                    validate(body)
                    assert ok, (field, size)
                except ValidationError:
                    assert not ok, (field, size)


def test_handling_targets_are_read_from_the_text_each_time_it_changes() -> None:
    one = '[{"kind":"team","code":"03NK-TT","name":"Đội"}]'
    two = (
        '[{"kind":"team","code":"03NK-TT","name":"Đội"},{"kind":"officer","code":"CC1","name":"A"}]'
    )
    assert ingest._handled_by(one) == {("team", "03NK-TT")}
    assert ingest._handled_by(two) == {("team", "03NK-TT"), ("officer", "CC1")}
    assert ingest._handled_by(one) == {("team", "03NK-TT")}
