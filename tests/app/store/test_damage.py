"""A damaged store, for real: moved aside (never while held open), salvaged, and its unsent sheets
delivered exactly once to the real intake server.

Every damage here is done to a real file the way a declarant's machine does it: a first sector
overwritten, a file cut short, pages in the middle scribbled over, a zero-length file, a folder
where the file should be. Start-up failures that cannot be repaired (read-only, locked, full,
newer) must say why, and leave the file as it was.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import app.store.opening as store_opening
from app.domain.model import Score
from app.domain.states import OutboxState, RatingState
from app.store import (
    Store,
    StoreDamaged,
    StoreInUse,
    damage_of,
    damaged_marker,
    open_connections,
    quarantine,
    report_damage,
)
from app.store.opening import StartupFailure, open_store
from app.store.rescue import rescue
from tests.app.sync.test_faults import (  # noqa: F401 - fixtures
    enterprise,
    make_engine,
    normal_again,
    rate,
    ready,
    server,
    server_sheets,
)

PAGE = 4096


# -- damaging real files ---------------------------------------------------------------------------


def checkpoint(path: Path) -> None:
    """Fold the WAL into the main file, as a clean exit does, so damage hits the real pages."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "garbage-header":
        data[: PAGE * 2] = (b"this is not sqlite " * (PAGE // 8))[: PAGE * 2]
    elif how == "truncated":
        del data[len(data) * 2 // 3 :]
        data = data[: len(data) - 1000]  # mid-page, as an interrupted copy leaves it
    elif how == "zero-length":
        data = bytearray()
    elif how.startswith("pages-"):
        rng = random.Random(int(how.split("-")[1]))
        pages = len(data) // PAGE
        for _ in range(3):
            page = rng.randrange(2, pages)
            data[page * PAGE : (page + 1) * PAGE] = rng.randbytes(PAGE)
    else:
        raise ValueError(how)
    path.write_bytes(bytes(data))
    for side in ("-wal", "-shm"):
        path.with_name(path.name + side).unlink(missing_ok=True)


DAMAGES = ["garbage-header", "truncated", "zero-length", *(f"pages-{seed}" for seed in range(5))]


@pytest.fixture
def guarded_quarantine(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every move the opening makes, checked: never while this process holds the file open."""
    moved: list[Path] = []

    def checked(path: Path) -> Path:
        assert open_connections(path) == 0, f"{path.name} moved while held open"
        moved.append(path)
        return quarantine(path)

    monkeypatch.setattr(store_opening, "quarantine", checked)
    return moved


def filled_store(
    server,  # noqa: F811
    enterprise: str,  # noqa: F811
    path: Path,
    *,
    unsent: int,
    sent: int,
    spare: list[str] | None = None,
) -> list[str]:
    """A store with real declarations from the server, *sent* sheets delivered, *unsent* queued.

    Returns the idempotency keys of the unsent sheets; *spare* receives a completed declaration
    left unrated.
    """
    with Store.open(path) as store:
        engine = make_engine(store, server, enterprise)
        numbers = ready(server, store, engine, unsent + sent + 1)
        extra = numbers.pop()
        if spare is not None:
            spare.append(extra)
        for number in numbers[:sent]:
            rate(store, number)
        assert engine.sync(force=True).delivered == sent
        for index, number in enumerate(numbers[sent:]):
            rate(store, number, Score.DISSATISFIED if index % 2 else Score.SATISFIED)
        engine.client.close()
        keys = [i.idempotency_key for i in store.outbox.items([OutboxState.QUEUED])]
    checkpoint(path)
    return keys


def deliver(server, enterprise: str, path: Path) -> int:  # noqa: F811
    """Restart the app on the store, as the next session would, and sync it once."""
    with Store.open(path, deep_check=False) as store:
        engine = make_engine(store, server, enterprise)
        report = engine.sync(force=True)
        engine.client.close()
        assert report.ok, report.error
        return report.delivered


# -- damaged files are moved aside and salvaged -------------------------------------------------------


@pytest.mark.parametrize("how", DAMAGES)
def test_a_damaged_store_is_kept_salvaged_and_its_unsent_sheets_delivered_exactly_once(
    server,  # noqa: F811
    enterprise,  # noqa: F811
    profile,
    guarded_quarantine: list[Path],
    how: str,
) -> None:
    path = profile.store_file
    unsent = filled_store(server, enterprise, path, unsent=12, sent=3)
    damage(path, how)
    damaged_bytes = path.read_bytes()

    opened = open_store(path, deep_check=True)  # as --self-test and a start after the marker
    report_line = " ".join(opened.repairs)
    opened.store.close()

    # Told, with the file it was moved to; the damaged bytes kept exactly as they were.
    assert opened.notices and opened.notices[0].code == "store_recovered"
    kept = sorted(path.parent.glob("store.corrupt-*.sqlite3"))
    assert len(kept) == 1 and kept[0].name in opened.notices[0].vi
    assert kept[0].read_bytes() == damaged_bytes
    assert guarded_quarantine == [path]

    delivered = deliver(server, enterprise, path)
    on_server = [key for key, _receipt in server_sheets(server, enterprise)]
    assert len(on_server) == len(set(on_server)), "a sheet was counted twice"
    arrived = set(unsent) & set(on_server)
    assert delivered >= len(arrived) - 0  # resends of the sent ones are duplicates, not new
    missing = set(unsent) - arrived
    if how == "zero-length":
        assert missing == set(unsent)  # nothing was left in the file to save
        assert "0 byte" in opened.notices[0].vi
    else:
        # Whatever was not saved, the user was told could not be read.
        assert not missing or "không đọc được" in opened.notices[0].vi, report_line
    if how == "garbage-header":
        # The schema page is gone, but the outbox payloads are found in the raw bytes.
        assert arrived == set(unsent), report_line
    # The next start is an ordinary one.
    again = open_store(path)
    again.store.close()
    assert again.notices == [] and again.repairs == []


def test_every_unsent_sheet_comes_back_when_only_the_sheet_tables_are_damaged(
    server,  # noqa: F811
    enterprise,  # noqa: F811
    profile,
) -> None:
    path = profile.store_file
    unsent = filled_store(server, enterprise, path, unsent=20, sent=0)
    _scribble_over_table(path, "sheet_scores")
    _scribble_over_table(path, "rating_sheets")

    opened = open_store(path, deep_check=True)
    with opened.store as store:
        # The sheets were rebuilt from the outbox payloads: the table shows them waiting again.
        assert store.declarations.count_by_rating_state(RatingState.QUEUED) == 20
    assert deliver(server, enterprise, path) == 20
    assert set(unsent) <= {key for key, _ in server_sheets(server, enterprise)}


def test_a_sheet_whose_outbox_row_was_lost_is_queued_again_under_its_own_key(
    server,  # noqa: F811
    enterprise,  # noqa: F811
    profile,
) -> None:
    path = profile.store_file
    unsent = filled_store(server, enterprise, path, unsent=8, sent=4)
    _scribble_over_table(path, "outbox")

    opened = open_store(path, deep_check=True)
    opened.store.close()
    deliver(server, enterprise, path)
    keys = [key for key, _ in server_sheets(server, enterprise)]
    assert set(unsent) <= set(keys)
    assert len(keys) == len(set(keys)) == 12  # the four sent before: duplicates, counted once


def test_a_salvage_cut_short_by_a_crash_is_done_again_at_the_next_start(
    server,  # noqa: F811
    enterprise,  # noqa: F811
    profile,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = profile.store_file
    unsent = filled_store(server, enterprise, path, unsent=5, sent=0)
    damage(path, "pages-7")

    def power_cut(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(store_opening, "salvage", power_cut)
    with pytest.raises(KeyboardInterrupt):
        open_store(path, deep_check=True)
    monkeypatch.undo()
    assert path.with_name(path.name + ".salvage-pending").exists()

    opened = open_store(path, deep_check=True)
    opened.store.close()
    assert any(n.code == "store_recovered" for n in opened.notices)
    deliver(server, enterprise, path)
    arrived = {key for key, _ in server_sheets(server, enterprise)}
    assert set(unsent) <= arrived or any("không đọc được" in n.vi for n in opened.notices)


def _scribble_over_table(path: Path, table: str) -> None:
    """Overwrite every leaf page of *table* (found through dbstat's twin: the root page walk)."""
    conn = sqlite3.connect(path)
    try:
        root = conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
        pages = _btree_pages(conn, root[0])
    finally:
        conn.close()
    with path.open("r+b") as file:
        for page in pages:
            file.seek((page - 1) * PAGE)
            file.write(b"\xee" * PAGE)


def _btree_pages(conn: sqlite3.Connection, root: int) -> list[int]:
    """The pages of one table's b-tree, read from the file's own page layout."""
    data = conn.execute("SELECT 1").fetchone()  # keep the connection alive for the file read
    del data
    raw = Path(conn.execute("PRAGMA database_list").fetchone()[2]).read_bytes()
    found: list[int] = []
    stack = [root]
    while stack:
        page = stack.pop()
        found.append(page)
        offset = (page - 1) * PAGE + (100 if page == 1 else 0)
        kind = raw[offset]
        if kind in (0x05, 0x02):  # interior table / index page: follow the children
            cells = int.from_bytes(raw[offset + 3 : offset + 5], "big")
            stack.append(int.from_bytes(raw[offset + 8 : offset + 12], "big"))
            base = (page - 1) * PAGE
            for i in range(cells):
                pointer = int.from_bytes(raw[offset + 12 + 2 * i : offset + 14 + 2 * i], "big")
                stack.append(int.from_bytes(raw[base + pointer : base + pointer + 4], "big"))
    return found


# -- what cannot be repaired is refused in words, and the file left alone ------------------------------


def _immutable(path: Path) -> Iterator[None]:
    """Make *path* unwritable even for root (chattr +i), or by mode for an ordinary user."""
    if os.geteuid() == 0:
        if shutil.which("chattr") is None:
            pytest.skip("chattr is needed to make a file read-only for root")
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode:
            pytest.skip("this file system has no immutable attribute")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=False)
    else:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)


read_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")


@read_only
def test_a_read_only_store_file_is_refused_with_what_to_do(profile) -> None:
    path = profile.store_file
    Store.open(path).close()
    before = path.read_bytes()
    with _as_context(_immutable(path)), pytest.raises(StartupFailure) as failed:
        open_store(path)
    assert failed.value.message.code == "store_read_only"
    assert "Chỉ đọc" in failed.value.message.vi and "Read-only" in failed.value.message.en
    assert path.read_bytes() == before
    assert not list(path.parent.glob("store.corrupt-*"))
    open_store(path).store.close()  # once writable again, it opens


@read_only
def test_a_read_only_data_folder_is_refused_with_what_to_do(profile) -> None:
    path = profile.store_file
    Store.open(path).close()
    with _as_context(_immutable(path.parent)), pytest.raises(StartupFailure) as failed:
        open_store(path)
    assert failed.value.message.code == "store_read_only"
    open_store(path).store.close()


@read_only
def test_a_profile_folder_that_cannot_be_made_is_refused_with_what_to_do(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, where the profile folder should go")
    with pytest.raises(StartupFailure) as failed:
        open_store(blocked / "data" / "store.sqlite3")
    assert failed.value.message.code == "profile_unusable"
    assert "--profile" in failed.value.message.vi


def test_a_folder_in_place_of_the_store_is_moved_aside(profile, guarded_quarantine) -> None:
    path = profile.store_file
    path.mkdir(parents=True)
    (path / "left-by-someone.txt").write_text("kept")
    opened = open_store(path)
    opened.store.close()
    assert "thư mục" in opened.notices[0].vi
    (kept,) = path.parent.glob("store.corrupt-*.sqlite3")
    assert (kept / "left-by-someone.txt").read_text() == "kept"
    assert path.is_file()


def test_a_store_locked_by_another_program_is_refused_with_what_to_do(profile) -> None:
    path = profile.store_file
    Store.open(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            " c.execute('PRAGMA locking_mode = EXCLUSIVE'); c.execute('BEGIN EXCLUSIVE');"
            " print('holding', flush=True); sys.stdin.readline()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        with pytest.raises(StartupFailure) as failed:
            open_store(path)
        assert failed.value.message.code == "store_locked"
    finally:
        holder.communicate("\n", timeout=10)
    assert not list(path.parent.glob("store.corrupt-*"))
    open_store(path).store.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB file system (tmpfs), so "the disk is full" is the kernel's ENOSPC."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill_up(folder: Path) -> Path:
    """Write a filler file until the file system says no more."""
    filler = folder / "filler.bin"
    with filler.open("wb") as file:
        try:
            while True:
                file.write(b"\0" * 65536)
                file.flush()
        except OSError:
            pass
    return filler


def test_a_full_disk_at_start_is_refused_with_what_to_do(small_disk: Path) -> None:
    path = small_disk / "data" / "store.sqlite3"
    Store.open(path).close()
    before = path.read_bytes()
    filler = fill_up(small_disk)
    with pytest.raises(StartupFailure) as failed:
        open_store(path)
    assert failed.value.message.code == "store_disk_full"
    assert "giải phóng dung lượng" in failed.value.message.vi
    assert path.read_bytes() == before
    assert not list(path.parent.glob("store.corrupt-*"))
    filler.unlink()
    open_store(path).store.close()  # space freed: the next start works


class _as_context:
    """Use a generator-based fixture helper as a ``with`` block."""

    def __init__(self, gen: Iterator[None]):
        self._gen = gen

    def __enter__(self) -> None:
        next(self._gen)

    def __exit__(self, *exc: object) -> None:
        with pytest.raises(StopIteration):
            next(self._gen)


# -- one owner of the file ------------------------------------------------------------------------


def test_a_store_is_never_moved_while_a_connection_holds_it(profile) -> None:
    path = profile.store_file
    store = Store.open(path)
    reader = Store.attach(path)
    with pytest.raises(StoreInUse):
        quarantine(path)
    store.close()
    with pytest.raises(StoreInUse):
        quarantine(path)
    reader.close()
    assert open_connections(path) == 0
    assert quarantine(path).exists()


def test_damage_found_by_one_connection_stops_writes_on_every_other(profile) -> None:
    path = profile.store_file
    owner = Store.open(path)
    worker = Store.attach(path)
    try:
        report_damage(path, "quick_check: page 7 is never used")
        assert damage_of(path) is not None and damaged_marker(path).exists()
        for store in (owner, worker):
            with pytest.raises(StoreDamaged) as refused:
                store.meta.set("k", "v")
            assert "Nội dung bạn nhập vẫn còn" in refused.value.message.vi
    finally:
        worker.close()
        owner.close()


def test_a_sheet_saved_after_damage_mid_session_is_delivered_exactly_once(
    server,  # noqa: F811
    enterprise,  # noqa: F811
    profile,
) -> None:
    """The mid-session path: rescue file, switch, save, sync, and the next start promotes it."""
    path = profile.store_file
    spare: list[str] = []
    unsent = filled_store(server, enterprise, path, unsent=3, sent=1, spare=spare)
    (later,) = spare
    owner = Store.open(path, deep_check=False)

    report_damage(path, "quick_check: found by the background check")
    with pytest.raises(StoreDamaged):
        rate(owner, later)
    rescued = rescue(path, path)
    owner.switch_to(rescued.path)
    assert rescued.report.unsent_saved == 3
    rate(owner, later)  # typed after the damage: kept in the rescue file
    new_key = owner.outbox.items([OutboxState.QUEUED])[-1].idempotency_key
    worker = Store.attach(owner.path)  # the sync worker follows the window onto the rescue file
    engine = make_engine(worker, server, enterprise)
    assert engine.sync(force=True).delivered == 4
    engine.client.close()
    worker.close()
    owner.close()

    # The next start: the damaged file moved aside, the rescue file is the store.
    opened = open_store(path)
    with opened.store as store:
        assert [n.code for n in opened.notices] == ["store_rescue_promoted"]
        assert store.declarations.rating_state(later) == RatingState.SENT
        assert store.outbox.count_waiting() == 0
    assert list(path.parent.glob("store.corrupt-*.sqlite3"))
    assert not list(path.parent.glob("store.rescue-*"))
    keys = [key for key, _ in server_sheets(server, enterprise)]
    assert {*unsent, new_key} <= set(keys) and len(keys) == len(set(keys)) == 5
