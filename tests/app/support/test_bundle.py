"""Support bundles hold what support needs and nothing secret, even from a damaged store.

Every store here is a real SQLite file written by ``Store``; damage is done to the bytes on disk
(garbage header, truncation, random pages overwritten, zero length), as disks and crashes do.
"""

from __future__ import annotations

import json
import logging
import random
import re
import shutil
import sqlite3
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from app.domain.messages import Message
from app.domain.model import Response, SupportRequest
from app.logs import configure_logging
from app.paths import Paths
from app.settings import Settings
from app.store import Store
from app.support.bundle import BundleError, unpack_bundle, write_bundle
from app.sync.credentials import Credentials
from tests.factories import TAX_CODE, declaration, low_sheet

PASSWORD = "Bí-mật 2026!"
TOKEN = "abc.def.ghi"
CONTACT_PHONE = "0912 345 678"  # the contact field of every low sheet (factories)
COMMENT_PHONE = "0944 555 666"  # typed into a sheet's comment
WAL_PHONE = "0355 222 333"  # typed into a comment saved last: only in the -wal file
SUPPORT_PHONE = "0977 888 999"  # typed into a support question
SUPPORT_CONTACT = "0903 123 456"
RESPONSE_PHONE = "0868 765 432"  # in customs' answer
FEEDBACK_PHONE = "0988 777 666"  # in the declarant's "not resolved" follow-up
ERROR_PHONE = "0966 111 222"  # echoed in an outbox error text
EMAIL = "an.nguyen@congty-hp.vn"
PHONES = (
    CONTACT_PHONE,
    COMMENT_PHONE,
    WAL_PHONE,
    SUPPORT_PHONE,
    SUPPORT_CONTACT,
    RESPONSE_PHONE,
    FEEDBACK_PHONE,
    ERROR_PHONE,
)
CORRUPT_NAME = "store.corrupt-20260301T101112.sqlite3"


def forbidden() -> list[bytes]:
    """Every way a full number or address could show: as typed, in E.164, its tail."""
    found = [PASSWORD.encode(), TOKEN.encode(), EMAIL.encode(), b"an.nguyen"]
    for phone in PHONES:
        national = re.sub(r"\D", "", phone)[1:]
        found += [national.encode(), phone[1:].encode(), phone[-7:].encode()]
    return found


def assert_nothing_secret(bundle: Path) -> dict[str, bytes]:
    members = every_member(bundle)
    for name, data in members.items():
        for secret in forbidden():
            assert secret not in data, f"{secret!r} found in {name}"
    assert PASSWORD.encode() not in bundle.read_bytes()
    return members


def every_member(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def fill(store: Store) -> None:
    """What a declarant leaves in a store: every place typed text lands, with phones in it."""
    store.declarations.upsert([declaration(f"10451234567{i}") for i in range(4)])
    for i in range(3):
        store.sheets.save(
            low_sheet(
                f"10451234567{i}",
                content=f"Hồ sơ bị trả lại; gọi theo số {COMMENT_PHONE} hoặc {EMAIL} (MST {TAX_CODE}).",
            ),
            TAX_CODE,
        )
    store.support.save(
        SupportRequest(
            tax_code=TAX_CODE,
            enterprise_name="Công ty TNHH Hải Phòng",
            office_code="03CC",
            operation_code="IDA",
            content=f"Lỗi khi gửi IDA, gọi {SUPPORT_PHONE} hoặc mail {EMAIL}",
            contact_name="Nguyễn Văn An",
            contact_phone=SUPPORT_CONTACT,
        )
    )
    store.responses.upsert(
        [
            Response(
                "PH-1",
                "key-1",
                "104512345670",
                "upheld",
                f"Đã xác minh; công chức sẽ gọi lại từ số {RESPONSE_PHONE}.",
                datetime(2026, 3, 1, tzinfo=UTC),
            )
        ],
        "0100109106",
    )
    store.responses.record_verdict(
        "PH-1", "unresolved", f"Chưa ổn, gọi tôi: {FEEDBACK_PHONE}", TAX_CODE
    )
    store.outbox.note_waiting(
        TAX_CODE,
        Message("rejected_phone", f"Số {ERROR_PHONE} không hợp lệ", f"{ERROR_PHONE} is invalid"),
        None,
    )


def save_wal_only_sheet(store: Store) -> None:
    """Checkpoint, then save one more sheet: its comment is in the -wal file and nowhere else."""
    store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.sheets.save(low_sheet("104512345673", content=f"Gọi {WAL_PHONE} nhé."), TAX_CODE)


def crash_copy(store_file: Path, target: Path) -> Path:
    """Copy a store's files while it is open: what a crash or a quarantine leaves behind."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal"):
        source = Path(str(store_file) + suffix)
        if source.exists():
            shutil.copyfile(source, Path(str(target) + suffix))
    return target


@pytest.fixture
def lived_in_profile(profile: Paths) -> Iterator[tuple[Paths, Store]]:
    """A profile as a declarant leaves it: phones and e-mails typed everywhere, a password, logs."""
    handler = configure_logging(profile.log_dir)
    Settings(tax_code=TAX_CODE, server_url="https://intake.example").save(profile.settings_file)
    Credentials().remember("https://intake.example", TAX_CODE, PASSWORD)
    store = Store.open(profile.store_file)
    fill(store)
    logging.getLogger("test").warning(
        "login with password=%s token=%s phone %s", PASSWORD, TOKEN, CONTACT_PHONE
    )
    logging.getLogger("test").warning("the comment was %r", f"gọi {COMMENT_PHONE} / {EMAIL}")
    handler.flush()
    yield profile, store
    store.close()
    logging.getLogger().removeHandler(handler)
    handler.close()


# --- damage, done to real files -----------------------------------------------------------------


def garbage_header(path: Path, rnd: random.Random) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = rnd.randbytes(100)
    path.write_bytes(bytes(data))


def truncated(path: Path, rnd: random.Random) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.truncate(size // 2 + rnd.randrange(1, 4096))


def middle_pages(path: Path, rnd: random.Random) -> None:
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    for page in rnd.sample(range(1, pages), k=min(3, pages - 1)):
        data[page * page_size : (page + 1) * page_size] = rnd.randbytes(page_size)
    path.write_bytes(bytes(data))


def zero_length(path: Path, rnd: random.Random) -> None:
    path.write_bytes(b"")


DAMAGE: dict[str, tuple[Callable[[Path, random.Random], None], int]] = {
    "garbage header": (garbage_header, 1),
    "truncated": (truncated, 1),
    "middle pages, seed 1": (middle_pages, 1),
    "middle pages, seed 2": (middle_pages, 2),
    "middle pages, seed 3": (middle_pages, 3),
    "zero length": (zero_length, 1),
}


def sqlite_verdict(path: Path, scratch: Path) -> str:
    """What SQLite makes of a file (and its -wal), read from a copy: opening may write."""
    if scratch.exists():
        shutil.rmtree(scratch)
    probe = crash_copy(path, scratch / path.name)
    try:
        conn = sqlite3.connect(probe)
    except sqlite3.Error as error:
        return f"error: {error}"
    try:
        return "; ".join(str(row[0]) for row in conn.execute("PRAGMA quick_check"))
    except sqlite3.Error as error:
        return f"error: {error}"
    finally:
        conn.close()


def unpacked(members: dict[str, bytes], name: str, folder: Path) -> Path:
    """Write a member (and its -wal/-shm members) to *folder* under its own name."""
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        if name + suffix in members:
            (folder / Path(name + suffix).name).write_bytes(members[name + suffix])
    return folder / Path(name).name


def _wal_checksum_bytes(wal: bytes) -> set[int]:
    """Offsets of the frame checksums in a -wal file: recomputed after masking, so they change."""
    if len(wal) < 32:
        return set()
    frame = 24 + int.from_bytes(wal[8:12], "big")
    return {i for start in range(32, len(wal), frame) for i in range(start + 16, start + 24)}


def assert_masked_raw(source: Path, raw: bytes) -> None:
    """Same length as the damaged file; changed only where a digit or an address was starred
    (and, in a -wal file, the frame checksums over what was starred)."""
    before = source.read_bytes()
    assert len(raw) == len(before)
    sealed = _wal_checksum_bytes(before) if source.name.endswith("-wal") else set()
    for offset, (old, new) in enumerate(zip(before, raw, strict=True)):
        if old != new and offset not in sealed:
            assert new == ord("*") and (chr(old).isalnum() or chr(old) in "._%+-"), offset


# --- what a bundle holds --------------------------------------------------------------------


def test_the_bundle_has_logs_store_settings_versions_and_outbox(lived_in_profile, tmp_path) -> None:
    profile, _store = lived_in_profile
    steps: list[tuple[int, int]] = []
    bundle = write_bundle(
        profile,
        tmp_path / "bundle.zip",
        versions={"qt": "6.x"},
        progress=lambda done, total: steps.append((done, total)),
    )
    members = every_member(bundle)
    assert {"store.sqlite3", "settings.json", "manifest.json", "logs/customs-rating.log"} <= set(
        members
    )
    manifest = json.loads(members["manifest.json"])
    assert (
        manifest["app_version"]
        and manifest["python"]
        and manifest["os"]
        and manifest["qt"] == "6.x"
    )
    assert [item["kind"] for item in manifest["outbox"]] == (
        ["rating_sheet"] * 3 + ["support_request", "response_feedback"]
    )
    assert {item["state"] for item in manifest["outbox"]} == {"queued"}
    assert manifest["store"]["readable"] is True and manifest["store"]["copy"] == "backup"
    assert manifest["data_files"] == []
    assert steps[-1][0] == steps[-1][1]
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)


def test_no_password_token_phone_or_email_anywhere_in_the_zip(lived_in_profile, tmp_path) -> None:
    profile, _store = lived_in_profile
    assert_nothing_secret(write_bundle(profile, tmp_path / "bundle.zip"))


def test_typed_text_is_masked_in_every_column_and_payload(lived_in_profile, tmp_path) -> None:
    profile, store = lived_in_profile
    save_wal_only_sheet(store)
    bundle = write_bundle(profile, tmp_path / "bundle.zip")
    copy = unpacked(every_member(bundle), "store.sqlite3", tmp_path / "copy")
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        sheets = conn.execute(
            "SELECT content, contact_phone, tax_code FROM rating_sheets"
        ).fetchall()
        assert len(sheets) == 4  # the one still in the -wal file too
        assert sheets[0] == (
            f"Hồ sơ bị trả lại; gọi theo số 0944***66 hoặc an***@congty-hp.vn (MST {TAX_CODE}).",
            "+8491***78",
            TAX_CODE,
        )
        assert sheets[3][0] == "Gọi 0355***33 nhé."
        assert conn.execute("SELECT content, contact_phone FROM support_requests").fetchone() == (
            "Lỗi khi gửi IDA, gọi 0977***99 hoặc mail an***@congty-hp.vn",
            "+8490***56",
        )
        assert "0868***32" in conn.execute("SELECT content FROM responses").fetchone()[0]
        errors = conn.execute(
            "SELECT DISTINCT error_vi, error_en FROM outbox WHERE error_vi IS NOT NULL"
        ).fetchall()
        assert errors == [("Số 0966***22 không hợp lệ", "0966***22 is invalid")]
        payloads = {
            kind: json.loads(text)
            for kind, text in conn.execute("SELECT kind, payload FROM outbox ORDER BY id")
        }
        assert payloads["response_feedback"]["content"] == "Chưa ổn, gọi tôi: 0988***66"
        assert payloads["support_request"]["contact_phone"] == "+8490***56"
        sheet = payloads["rating_sheet"]
        assert sheet["contact_phone"] == "+8491***78" and "0355***33" in sheet["content"]
        assert sheet["declaration_number"] == "104512345673" and len(sheet["idempotency_key"]) == 36
        assert {row[0] for row in conn.execute("SELECT tax_code FROM declarations")} == {TAX_CODE}
    finally:
        conn.close()


def test_the_store_copy_is_consistent_and_readable(lived_in_profile, tmp_path) -> None:
    profile, store = lived_in_profile
    # Committed but still only in the -wal file: a plain file copy would lose this declaration.
    store.declarations.upsert([declaration("304512345679")])
    assert Path(str(profile.store_file) + "-wal").stat().st_size > 0
    bundle = write_bundle(profile, tmp_path / "bundle.zip")
    copy = unpacked(every_member(bundle), "store.sqlite3", tmp_path / "copy")
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM declarations").fetchone()[0] == 5
        phones = {r[0] for r in conn.execute("SELECT contact_phone FROM rating_sheets")}
        assert phones == {"+8491***78"}
    finally:
        conn.close()


def test_a_bundle_unpacks_into_a_profile_the_store_opens(lived_in_profile, tmp_path) -> None:
    profile, _store = lived_in_profile
    bundle = write_bundle(profile, tmp_path / "bundle.zip")
    paths = unpack_bundle(bundle, tmp_path / "support")
    with Store.open(paths.store_file) as opened:
        assert opened.notice is None
        assert opened.outbox.count_waiting() == 5
    assert Settings.load(paths.settings_file).tax_code == TAX_CODE


# --- damaged stores ---------------------------------------------------------------------------


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_store_moved_aside_goes_in_masked(lived_in_profile, tmp_path, damage) -> None:
    profile, store = lived_in_profile
    save_wal_only_sheet(store)
    corrupt = crash_copy(profile.store_file, profile.data_dir / CORRUPT_NAME)
    assert Path(str(corrupt) + "-wal").stat().st_size > 0
    damage_file, seed = DAMAGE[damage]
    damage_file(corrupt, random.Random(seed))

    bundle = write_bundle(profile, tmp_path / "bundle.zip")

    members = assert_nothing_secret(bundle)
    manifest = json.loads(members["manifest.json"])
    (entry,) = manifest["data_files"]
    assert entry["file"] == CORRUPT_NAME and entry["size"] == corrupt.stat().st_size
    assert entry["readable"] is False and entry["copy"] == "raw" and entry["error"]
    member = f"data/{CORRUPT_NAME}"
    assert_masked_raw(corrupt, members[member])
    assert_masked_raw(Path(str(corrupt) + "-wal"), members[member + "-wal"])
    assert [c["member"] for c in entry["companions"]] == [member + "-wal"]
    raw = unpacked(members, member, tmp_path / "raw")
    assert sqlite_verdict(raw, tmp_path / "p1") == sqlite_verdict(corrupt, tmp_path / "p2")
    # The live store is still copied the consistent way, masked.
    assert manifest["store"]["readable"] is True


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_live_store_still_in_place_goes_in_raw(profile, tmp_path, damage) -> None:
    Settings(tax_code=TAX_CODE).save(profile.settings_file)
    scratch = tmp_path / "declarant" / "store.sqlite3"
    with Store.open(scratch) as store:
        fill(store)
        save_wal_only_sheet(store)
        crash_copy(scratch, profile.store_file)
    damage_file, seed = DAMAGE[damage]
    damage_file(profile.store_file, random.Random(seed))

    bundle = write_bundle(profile, tmp_path / "bundle.zip")

    members = assert_nothing_secret(bundle)
    manifest = json.loads(members["manifest.json"])
    store_entry = manifest["store"]
    assert store_entry["readable"] is False and store_entry["copy"] == "raw"
    assert store_entry["error"]
    assert_masked_raw(profile.store_file, members["store.sqlite3"])
    assert_masked_raw(Path(str(profile.store_file) + "-wal"), members["store.sqlite3-wal"])
    raw = unpacked(members, "store.sqlite3", tmp_path / "raw")
    assert sqlite_verdict(raw, tmp_path / "p1") == sqlite_verdict(
        profile.store_file, tmp_path / "p2"
    )
    assert isinstance(manifest["outbox"], list)  # best effort: what could be read, or the error
    assert manifest["outbox"] or manifest.get("outbox_error") or damage == "zero length"


def test_the_raw_copy_is_masked_where_the_text_survived(profile, tmp_path) -> None:
    """Damage in the header only: every page of text is intact, and every number in it starred."""
    scratch = tmp_path / "declarant" / "store.sqlite3"
    with Store.open(scratch) as store:
        fill(store)
        store.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(scratch, profile.store_file)
    garbage_header(profile.store_file, random.Random(5))
    before = profile.store_file.read_bytes()
    assert COMMENT_PHONE.encode() in before and EMAIL.encode() in before

    members = assert_nothing_secret(write_bundle(profile, tmp_path / "bundle.zip"))

    raw = members["store.sqlite3"]
    assert b"0944 *** *66" in raw and b"an*******@congty-hp.vn" in raw
    assert b"+8491*****78" in raw
    manifest = json.loads(members["manifest.json"])
    assert manifest["store"]["error"] == "file is not a database"
    assert manifest["store"]["masked_in_raw_bytes"] > 0


def test_a_readable_store_moved_aside_shows_its_stranded_outbox(lived_in_profile, tmp_path) -> None:
    profile, store = lived_in_profile
    save_wal_only_sheet(store)
    crash_copy(profile.store_file, profile.data_dir / CORRUPT_NAME)
    (profile.data_dir / "store.sqlite3.damaged").write_text(
        f"*** in database main ***\nPage 7: btreeInitPage() returns error code 11 {ERROR_PHONE}",
        encoding="utf-8",
    )
    rescue = profile.data_dir / "store.rescue-20260301T101112.sqlite3"
    conn = sqlite3.connect(rescue)
    conn.execute("CREATE TABLE recovered (id INTEGER PRIMARY KEY, note TEXT, tax_code TEXT)")
    conn.execute(
        "INSERT INTO recovered(note, tax_code) VALUES (?, ?)",
        (f"gọi {COMMENT_PHONE} hoặc {EMAIL}", "0312345673"),
    )
    conn.commit()
    conn.close()

    bundle = write_bundle(profile, tmp_path / "bundle.zip")

    members = assert_nothing_secret(bundle)
    manifest = json.loads(members["manifest.json"])
    entries = {entry["file"]: entry for entry in manifest["data_files"]}
    assert set(entries) == {CORRUPT_NAME, "store.sqlite3.damaged", rescue.name}
    moved = entries[CORRUPT_NAME]
    assert moved["readable"] is True and moved["copy"] == "backup"
    assert len(moved["outbox"]) == 6 and {row["state"] for row in moved["outbox"]} == {"queued"}
    assert "0966***22" in members["data/store.sqlite3.damaged"].decode()
    copy = unpacked(members, f"data/{CORRUPT_NAME}", tmp_path / "moved")
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT count(*) FROM rating_sheets").fetchone()[0] == 4
    finally:
        conn.close()
    # A table this version does not know is masked as free text; its tax code stays.
    copy = unpacked(members, f"data/{rescue.name}", tmp_path / "rescue")
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT note, tax_code FROM recovered").fetchone() == (
            "gọi 0944***66 hoặc an***@congty-hp.vn",
            "0312345673",
        )
    finally:
        conn.close()
    # Support opens it: the damaged files land beside the store, as the declarant had them.
    paths = unpack_bundle(bundle, tmp_path / "support")
    assert (paths.data_dir / CORRUPT_NAME).is_file()
    assert (paths.data_dir / "store.sqlite3.damaged").is_file()


def test_a_rescue_file_in_use_goes_in_with_what_is_still_in_its_wal(
    lived_in_profile, tmp_path
) -> None:
    """Mid-session damage moves the session onto store.rescue-<time>.sqlite3 (app.store.rescue):
    the bundle must carry its newest sheets, committed but not yet checkpointed."""
    profile, _store = lived_in_profile
    rescue = profile.data_dir / "store.rescue-20260301T101112000000.sqlite3"
    with Store.open(rescue) as in_use:
        in_use.declarations.upsert([declaration("104512345673")])
        in_use.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        in_use.sheets.save(low_sheet("104512345673", content=f"Gọi {WAL_PHONE} nhé."), TAX_CODE)
        assert Path(str(rescue) + "-wal").stat().st_size > 0

        members = assert_nothing_secret(write_bundle(profile, tmp_path / "bundle.zip"))

    (entry,) = json.loads(members["manifest.json"])["data_files"]
    assert entry["readable"] is True and [row["kind"] for row in entry["outbox"]] == [
        "rating_sheet"
    ]
    copy = unpacked(members, f"data/{rescue.name}", tmp_path / "rescue")
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("SELECT content FROM rating_sheets").fetchall() == [
            ("Gọi 0355***33 nhé.",)
        ]
    finally:
        conn.close()


def test_a_live_store_that_is_a_directory_is_noted_not_fatal(profile, tmp_path) -> None:
    profile.store_file.mkdir()
    bundle = write_bundle(profile, tmp_path / "bundle.zip")
    manifest = json.loads(every_member(bundle)["manifest.json"])
    assert manifest["store"]["member"] is None and manifest["store"]["error"]


def test_an_unreadable_log_is_noted_not_fatal(lived_in_profile, tmp_path) -> None:
    profile, _store = lived_in_profile
    (profile.log_dir / "customs-rating.log.1").mkdir()
    manifest = json.loads(every_member(write_bundle(profile, tmp_path / "b.zip"))["manifest.json"])
    assert [item["file"] for item in manifest["unreadable"]] == ["customs-rating.log.1"]


@pytest.mark.parametrize("obstacle", ["a file where the folder should be", "a folder named so"])
def test_a_bundle_that_cannot_be_written_is_a_message_and_leaves_nothing(
    lived_in_profile, tmp_path, obstacle: str
) -> None:
    profile, _store = lived_in_profile
    out = tmp_path / "out"
    if obstacle == "a file where the folder should be":
        out.write_text("x", encoding="utf-8")
        target = out / "bundle.zip"
    else:  # the zip is written whole beside, then cannot replace a folder of that name
        target = out / "bundle.zip"
        target.mkdir(parents=True)
    with pytest.raises(BundleError) as failed:
        write_bundle(profile, target)
    assert "Không tạo được tệp" in failed.value.message.vi
    assert "Could not create the file" in failed.value.message.en
    assert list(tmp_path.rglob("*.partial")) == []


# --- opening bundles ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "evil",
    [
        "../outside.txt",
        "/etc/passwd",
        "logs/../../x",
        "other.bin",
        "data/../outside.txt",
        "data/store.sqlite3",
        "data/sub/store.corrupt-1.sqlite3",
    ],
)
def test_a_crafted_zip_cannot_write_outside_the_profile(tmp_path, evil: str) -> None:
    crafted = tmp_path / "crafted.zip"
    with zipfile.ZipFile(crafted, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr(evil, "boom")
    with pytest.raises(BundleError):
        unpack_bundle(crafted, tmp_path / "support")
    assert not (tmp_path / "outside.txt").exists()


def test_not_a_zip_is_a_clear_error(tmp_path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(BundleError) as failed:
        unpack_bundle(junk, tmp_path / "support")
    assert "gói hỗ trợ" in failed.value.message.vi
