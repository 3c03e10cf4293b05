"""Masking the raw bytes of a store SQLite cannot read: same length, nothing else touched.

Real SQLite files (WAL mode, rows still only in the -wal) stand in for a declarant's store.
"""

from __future__ import annotations

import io
import random
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.support import raw_masking
from app.support.raw_masking import mask_buffer, mask_file, mask_stream, reseal_wal

PHONES = [
    "0944 555 666",
    "0944.555.666",
    "0944-555-666",
    "0944555666",
    "+84 944 555 666",
    "+84944555666",
    "(+84) 944 555 666",
    "+84 (0) 944 555 666",
    "84 944 555 666",
    "0084 944 555 666",
    "(0944) 555 666",
    "09 44 55 56 66",
]


def _masked_only_what_it_should(before: bytes, after: bytes) -> None:
    """Same length; every changed byte became '*' and was a digit or part of an e-mail name."""
    assert len(before) == len(after)
    for old, new in zip(before, after, strict=True):
        if old != new:
            assert new == ord("*")
            assert chr(old).isalnum() or chr(old) in "._%+-", chr(old)


@pytest.mark.parametrize("phone", PHONES)
def test_each_written_form_is_masked_inside_binary_bytes(phone: str) -> None:
    before = b"\x00\x0f\x81Li\xc3\xaan h\xe1\xbb\x87 " + phone.encode() + b"\x02\x00\x13"
    buf = bytearray(before)
    count, _ = mask_buffer(buf)
    assert count == 1
    assert b"555" not in buf.replace(b" ", b"").replace(b".", b"").replace(b"-", b"")
    _masked_only_what_it_should(before, bytes(buf))


def test_values_side_by_side_in_a_record_mask_only_the_phone() -> None:
    # A rating_sheets record body: name, phone (E.164), tax code, time, with no separator.
    before = "Trần Thị Bình+849123456780312345673 2026-03-01T10:11:12+00:00".encode()
    buf = bytearray(before)
    mask_buffer(buf, keep={"0312345673"})
    assert b"+8491*****78" + b"0312345673 2026-03-01T10:11:12+00:00" in buf
    _masked_only_what_it_should(before, bytes(buf))


def test_identifiers_are_left_alone() -> None:
    before = (
        b"104512345670304512345679\x01"  # declaration numbers side by side, as in an index
        b"3f2a1b0c-9d8e-4f7a-b6c5-083912345678\x02"  # an idempotency key with a digit run
        b"2026-11-20T08:30:00+00:00104512345670\x03"  # (registered_at, number) in an index
        b"0100109106-001 0299987654"
    )
    buf = bytearray(before)
    assert mask_buffer(buf, keep={"0299987654"}) == (0, len(before))
    assert bytes(buf) == before


def test_email_names_are_starred_domains_kept() -> None:
    buf = bytearray(b"\x05nguyen.an@congty-hp.vn\x00x@y.vn\x00not@an-address")
    mask_buffer(buf)
    assert bytes(buf) == b"\x05ng*******@congty-hp.vn\x00x@y.vn\x00not@an-address"


_junk = st.binary(min_size=0, max_size=700)
_token = st.sampled_from([p.encode() for p in PHONES] + [b"an.nguyen@congty.vn", b"0100109106"])


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(st.tuples(_junk, _token), min_size=1, max_size=12), chunk=st.integers(1, 3000)
)
def test_chunked_masking_equals_one_pass(parts: list[tuple[bytes, bytes]], chunk: int) -> None:
    data = b"".join(junk + token for junk, token in parts)
    whole = bytearray(data)
    expected_count, _ = mask_buffer(whole)
    original = raw_masking.CHUNK
    raw_masking.CHUNK = chunk
    try:
        out = io.BytesIO()
        count = mask_stream(io.BytesIO(data), out)
    finally:
        raw_masking.CHUNK = original
    assert out.getvalue() == bytes(whole)
    assert count == expected_count


# --- real SQLite files ------------------------------------------------------------------------

COMMENT = "Gọi lại theo số 0944 555 666 hoặc an.nguyen@congty-hp.vn"


def _crashed_store(folder: Path, rows: int = 40) -> tuple[Path, sqlite3.Connection]:
    """A WAL store with rows only in its -wal, copied while open (what a crash leaves)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "store.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE sheets (id INTEGER PRIMARY KEY, content TEXT, phone TEXT)")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for i in range(rows):
        conn.execute(
            "INSERT INTO sheets(content, phone) VALUES (?, ?)", (f"{COMMENT} #{i}", "+84944555666")
        )
    assert (folder / "store.sqlite3-wal").stat().st_size > 0
    return path, conn


def _copy_files(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        shutil.copyfile(str(path) + suffix, folder / (path.name + suffix))
    return folder / path.name


def _rows(path: Path) -> list[tuple[str, str]]:
    """Open a throwaway copy (opening runs WAL recovery, which writes)."""
    probe = _copy_files(path, path.parent / "probe")
    conn = sqlite3.connect(probe)
    try:
        return conn.execute("SELECT content, phone FROM sheets ORDER BY id").fetchall()
    finally:
        conn.close()


def _mask_store(path: Path, folder: Path, *, reseal: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    mask_file(path, target)
    mask_file(Path(str(path) + "-wal"), Path(str(target) + "-wal"))
    if reseal:
        reseal_wal(Path(str(path) + "-wal"), Path(str(target) + "-wal"))
    return target


def test_a_masked_wal_keeps_its_committed_rows_readable(tmp_path: Path) -> None:
    live, conn = _crashed_store(tmp_path / "live")
    crashed = _copy_files(live, tmp_path / "crashed")
    conn.close()
    masked = _mask_store(crashed, tmp_path / "masked")

    rows = _rows(masked)
    assert len(rows) == 40 == len(_rows(crashed))
    assert rows[0] == (
        "Gọi lại theo số 0944 *** *66 hoặc an*******@congty-hp.vn #0",
        "+8494*****66",
    )
    for suffix in ("", "-wal"):
        before = Path(str(crashed) + suffix).read_bytes()
        after = Path(str(masked) + suffix).read_bytes()
        assert b"555 666" not in after and b"944555666" not in after and b"an.nguyen" not in after
        if not suffix:
            _masked_only_what_it_should(before, after)

    # Without new checksums SQLite would drop every masked frame: the rows would be gone.
    unsealed = _mask_store(crashed, tmp_path / "unsealed", reseal=False)
    assert _rows(unsealed) == []


def test_a_wal_torn_at_the_end_stays_torn_at_the_same_frame(tmp_path: Path) -> None:
    live, conn = _crashed_store(tmp_path / "live")
    crashed = _copy_files(live, tmp_path / "crashed")
    conn.close()
    wal = Path(str(crashed) + "-wal")
    data = bytearray(wal.read_bytes())
    rnd = random.Random(7)
    tail = len(data) - 2000
    data[tail : tail + 64] = rnd.randbytes(64)  # the last frame's page: its checksum now fails
    wal.write_bytes(bytes(data))
    readable_before = len(_rows(crashed))

    masked = _mask_store(crashed, tmp_path / "masked")
    assert len(_rows(masked)) == readable_before < 40


def test_a_file_that_is_not_a_wal_is_left_as_masked(tmp_path: Path) -> None:
    original = tmp_path / "x-wal"
    original.write_bytes(b"not a wal file at all 0944 555 666")
    masked = tmp_path / "y-wal"
    mask_file(original, masked)
    assert reseal_wal(original, masked) == 0
    assert masked.read_bytes() == b"not a wal file at all 0944 *** *66"
