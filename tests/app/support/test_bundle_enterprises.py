"""A support bundle made for some of a broker's enterprises holds nothing of the others: not in
the store copy, the logs, the settings or the manifest (the zip's bytes and every member's are
searched for the other enterprise's tax code, declaration numbers, name and keys)."""

from __future__ import annotations

import json
import logging
import sqlite3
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.model import Response, SupportRequest
from app.logs import configure_logging
from app.paths import Paths
from app.settings import Settings
from app.store import Store
from app.support.bundle import unpack_bundle, write_bundle
from tests.factories import declaration, low_sheet, sheet

A, A_NAME = "0100109106", "Công ty TNHH Ánh Dương Hải Phòng"
B, B_NAME = "0100109106-001", "Chi nhánh Bạch Đằng Quảng Ninh"
C, C_NAME = "0299987661", "Công ty Cổ phần Cửu Long"
A_NUMBERS = [f"10451234567{i}" for i in range(3)]
B_NUMBERS = ["305598765430", "305598765431"]
C_NUMBERS = ["105577777770"]


def _request(tax_code: str, name: str, key: str) -> SupportRequest:
    return SupportRequest(
        idempotency_key=key,
        tax_code=tax_code,
        enterprise_name=name,
        office_code="03CC",
        operation_code="IDA",
        content=f"Lỗi khi gửi IDA của {name}",
        contact_name="Nguyễn Văn An",
        contact_phone="0903 123 456",
    )


@pytest.fixture
def broker(profile: Paths) -> dict[str, list[str]]:
    """A broker's profile: three enterprises with rows of every kind, logs naming each."""
    configure_logging(profile.log_dir)
    log = logging.getLogger("app.store.sheets")
    keys: dict[str, list[str]] = {A: [], B: [], C: []}
    with Store.open(profile.store_file) as store:
        enterprises = ((A, A_NAME, A_NUMBERS), (B, B_NAME, B_NUMBERS), (C, C_NAME, C_NUMBERS))
        for index, (code, name, numbers) in enumerate(enterprises):
            store.enterprises.add(code, name)
            store.declarations.upsert([declaration(n, tax_code=code) for n in numbers])
            store.sheets.save(
                low_sheet(numbers[0], content=f"Phản ánh về tờ khai {numbers[0]} của {name}"),
                code,
            )
            if len(numbers) > 1:
                store.sheets.save(sheet(numbers[1]), code)
            items = store.outbox.items(tax_code=code)
            keys[code] = [i.idempotency_key for i in items]
            store.responses.upsert(
                [
                    Response(
                        f"RESP-{code}",
                        keys[code][0],
                        numbers[0],
                        "upheld",
                        f"Đã xử lý phản ánh của {name}.",
                        datetime(2026, 3, 1, tzinfo=UTC),
                    )
                ],
                code,
            )
            store.support.save(_request(code, name, f"00000000-0000-4000-8000-{index:012d}"))
            store.meta.set(f"cursor:declarations:http://127.0.0.1:8000:{code}", f"c-{code}")
            for key, number in zip(keys[code], numbers, strict=False):
                log.info("sheet %s for declaration %s saved and queued", key, number)
            logging.getLogger("ui.session").info("logged in as %s (%s)", name, code)
        store.enterprises.set_current(B)
    Settings(tax_code=B).save(profile.settings_file)
    for handler in logging.getLogger().handlers:
        handler.flush()
    return keys


def _members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _traces(code: str, name: str, numbers: list[str], keys: list[str]) -> list[bytes]:
    return [
        code.encode(),
        name.encode(),
        *(n.encode() for n in numbers),
        *(k.encode() for k in keys),
    ]


def test_a_bundle_for_one_enterprise_holds_nothing_of_the_others(
    profile: Paths, broker: dict[str, list[str]], tmp_path: Path
) -> None:
    # The others are really in the profile, in the store and in the log.
    whole = write_bundle(profile, tmp_path / "all.zip")
    everything = b"".join(_members(whole).values())
    assert B.encode() in everything and B_NUMBERS[0].encode() in everything
    assert B_NAME.encode() in everything

    target = write_bundle(profile, tmp_path / "only-a.zip", enterprises=[A])
    members = _members(target)
    raw = target.read_bytes()
    for code, name, numbers in ((B, B_NAME, B_NUMBERS), (C, C_NAME, C_NUMBERS)):
        for trace in _traces(code, name, numbers, broker[code]):
            assert trace not in raw, trace
            for member, data in members.items():
                assert trace not in data, f"{trace!r} found in {member}"
    # A's own data is all there.
    store_bytes = members["store.sqlite3"]
    for trace in _traces(A, A_NAME, A_NUMBERS, broker[A]):
        assert trace in store_bytes, trace
    log_text = b"".join(data for name, data in members.items() if name.startswith("logs/"))
    assert A_NUMBERS[0].encode() in log_text and A.encode() in log_text
    manifest = json.loads(members["manifest.json"])
    assert manifest["enterprises"] == {"included": [A], "left_out": 2}
    assert manifest["log_lines_left_out"] >= 6
    assert json.loads(members["settings.json"])["tax_code"] == ""  # it was B's

    # Opened by support, the copy is A's store, complete, with A current.
    unpacked = unpack_bundle(target, tmp_path / "support")
    conn = sqlite3.connect(unpacked.store_file)
    try:
        codes = {
            table: {r[0] for r in conn.execute(f"SELECT DISTINCT tax_code FROM {table}")}
            for table in ("declarations", "rating_sheets", "outbox", "responses",
                          "support_requests", "enterprises")
        }  # fmt: skip
        assert all(found == {A} for found in codes.values()), codes
        assert conn.execute("SELECT count(*) FROM declarations").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM sheet_scores").fetchone()[0] == 3
        cursors = [k for (k,) in conn.execute("SELECT key FROM meta WHERE key LIKE 'cursor:%'")]
        assert cursors == [f"cursor:declarations:http://127.0.0.1:8000:{A}"]
        current = conn.execute("SELECT value FROM meta WHERE key = 'current_enterprise'")
        assert current.fetchone()[0] == A
    finally:
        conn.close()


def test_a_bundle_for_two_keeps_both_and_leaves_the_third_out(
    profile: Paths, broker: dict[str, list[str]], tmp_path: Path
) -> None:
    target = write_bundle(profile, tmp_path / "a-b.zip", enterprises=[A, B])
    members = _members(target)
    everything = b"".join(members.values())
    for trace in _traces(C, C_NAME, C_NUMBERS, broker[C]):
        assert trace not in everything, trace
    for code, numbers in ((A, A_NUMBERS), (B, B_NUMBERS)):
        assert code.encode() in members["store.sqlite3"]
        assert numbers[0].encode() in members["store.sqlite3"]
    assert json.loads(members["settings.json"])["tax_code"] == B  # B is one of them


def test_a_damaged_file_stays_out_of_a_bundle_for_some_enterprises(
    profile: Paths, broker: dict[str, list[str]], tmp_path: Path
) -> None:
    """Raw bytes cannot be sorted by enterprise: they would carry the others' rows too."""
    damaged = profile.store_file.with_name("store.corrupt-20260301T101112.sqlite3")
    damaged.write_bytes(b"garbage " * 100 + B.encode() + B_NAME.encode())
    target = write_bundle(profile, tmp_path / "only-a.zip", enterprises=[A])
    members = _members(target)
    (entry,) = json.loads(members["manifest.json"])["data_files"]
    assert entry["member"] is None and entry["copy"] == "left out"
    assert not any(name.startswith("data/") for name in members)
    assert B.encode() not in b"".join(members.values())
