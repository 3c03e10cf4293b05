"""The real program's start when the store is damaged or unusable: a message each time.

``ui.main.main`` runs in this process with the message boxes recorded (``FakeDialogs``); the
window comes up (or not) as it would for a declarant, and ``CUSTOMS_RATING_STARTUP_PROBE`` ends
the event loop once it is shown. ``tests/ui/test_start_real_process.py`` does the same with the
program as its own process.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

import ui.messages
from app.paths import Paths
from app.store import Store
from tests.app.store.test_damage import DAMAGES, checkpoint, damage
from tests.ui.conftest import FakeDialogs
from ui.main import STARTUP_PROBE_ENV, main


@pytest.fixture
def recorded(qapp, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeDialogs]:
    dialogs = FakeDialogs()
    monkeypatch.setattr(ui.messages, "Dialogs", lambda: dialogs)
    monkeypatch.setenv(STARTUP_PROBE_ENV, "1")
    yield dialogs
    # The probe quits the application with its window shown; until the application's event loop
    # has run once more, later event loops in this process would return at once.
    QTimer.singleShot(0, lambda: qapp.exit(0))
    qapp.exec()


@pytest.fixture
def root(profile: Paths) -> Path:
    return profile.data_dir.parent


def a_store_with_data(profile: Paths) -> Path:
    from app.demo_data import demo_declarations

    with Store.open(profile.store_file) as store:
        store.declarations.upsert(demo_declarations(300))
    checkpoint(profile.store_file)
    return profile.store_file


@pytest.mark.parametrize("how", [*DAMAGES, "folder"])
def test_a_damaged_store_starts_with_a_message_and_the_next_start_is_quiet(
    qapp, recorded: FakeDialogs, profile: Paths, root: Path, how: str
) -> None:
    path = a_store_with_data(profile)
    if how == "folder":
        path.unlink()
        path.mkdir()
    else:
        damage(path, how)
    code = main(["--profile", str(root)])
    texts = [m.text for m in recorded.shown]
    if how.startswith("pages-") and not texts:
        # Damage the start's reads did not touch: the background check finds it in the session
        # (tests/ui/test_store_rescue.py); the start itself must simply work.
        assert code == 0
        return
    assert code == 0, texts
    assert len(texts) == 1 and "không bị xóa" in texts[0]
    assert list(path.parent.glob("store.corrupt-*"))
    recorded.shown.clear()
    assert main(["--profile", str(root)]) == 0
    assert recorded.shown == []


def _immutable(path: Path) -> Iterator[None]:
    from tests.app.store.test_damage import _immutable as immutable

    return immutable(path)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_store_is_a_message_and_exit_code_2(
    qapp, recorded: FakeDialogs, profile: Paths, root: Path, what: str
) -> None:
    path = a_store_with_data(profile)
    target = path if what == "file" else path.parent
    gen = _immutable(target)
    next(gen)
    try:
        assert main(["--profile", str(root)]) == 2
    finally:
        next(gen, None)
    (shown,) = recorded.shown
    assert "chỉ cho phép đọc" in shown.text
    recorded.shown.clear()
    assert main(["--profile", str(root)]) == 0  # writable again: it starts
    assert recorded.shown == []


def test_a_store_another_program_holds_is_a_message(
    qapp, recorded: FakeDialogs, profile: Paths, root: Path
) -> None:
    path = a_store_with_data(profile)
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
        assert main(["--profile", str(root)]) == 2
    finally:
        holder.communicate("\n", timeout=10)
    (shown,) = recorded.shown
    assert "chương trình khác giữ" in shown.text


def test_a_profile_folder_that_cannot_be_made_is_a_message(
    qapp, recorded: FakeDialogs, tmp_path: Path
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the profile should be")
    assert main(["--profile", str(blocked)]) == 2
    (shown,) = recorded.shown
    assert "Không tạo được thư mục dữ liệu" in shown.text


RUNNING_COPY = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QTimer
from ui.single_instance import SingleInstance

app = QCoreApplication([])
instance = SingleInstance(Path(sys.argv[1]))
print("holding" if instance.acquire() else "refused", flush=True)
instance.raise_requested.connect(lambda: (print("asked to show", flush=True), app.quit()))
QTimer.singleShot(60_000, app.quit)
app.exec()
"""


def test_a_second_copy_on_the_same_profile_says_so_and_brings_the_first_forward(
    qapp, recorded: FakeDialogs, profile: Paths, root: Path
) -> None:
    first = subprocess.Popen(
        [sys.executable, "-c", RUNNING_COPY, str(profile.data_dir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "holding"
        assert main(["--profile", str(root)]) == 3
        (shown,) = recorded.shown
        assert "đang chạy" in shown.text
        assert first.stdout.readline().strip() == "asked to show"
        assert first.wait(30) == 0
    finally:
        first.kill()
        first.communicate()


def test_the_lock_of_a_copy_that_died_does_not_block_the_next_start(
    qapp, recorded: FakeDialogs, profile: Paths, root: Path
) -> None:
    """A crash (here: SIGKILL) leaves the lock file behind; its process is gone, so it is stale."""
    script = (
        "import sys, time; from pathlib import Path; from PySide6.QtCore import QCoreApplication;"
        " from ui.single_instance import SingleInstance; app = QCoreApplication([]);"
        " s = SingleInstance(Path(sys.argv[1])); print(s.acquire(), flush=True); time.sleep(60)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", script, str(profile.data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
    holder.kill()
    holder.communicate(timeout=10)
    assert (profile.data_dir / "customs-rating.lock").exists()
    assert main(["--profile", str(root)]) == 0
    assert recorded.shown == []


def test_self_test_says_what_it_repaired(profile: Paths, root: Path) -> None:
    path = a_store_with_data(profile)
    damage(path, "garbage-header")
    done = subprocess.run(
        [sys.executable, "-m", "ui", "--self-test", "--profile", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert done.returncode == 0, done.stderr
    assert "store repaired: moved damaged store aside to store.corrupt-" in done.stdout
    assert "store ok" in done.stdout
