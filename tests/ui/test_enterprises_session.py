"""Several enterprises logged in on one profile, against the real embedded intake server: each
logs in on its own (one keyring entry per server and tax code), syncs on the one worker thread
with its own engine, and a sheet always goes out under its own enterprise's token."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from PySide6.QtCore import Qt

from app.domain.model import RatingSheet, RatingStage, Score, TargetScore
from app.domain.states import OutboxState, RatingState
from app.store import Store
from app.sync.credentials import SERVICE
from app.sync.engine import ConnectionState
from server.demo import DEMO_ENTERPRISES
from server.embedded import EmbeddedServer, start_embedded
from server.schema import rating_sheets
from tests.ui.conftest import type_text
from ui.rating_dialog import QueueItem
from ui.session import EMBEDDED_KEY, ClientSession

A, B, BRANCH = DEMO_ENTERPRISES[:3]


def _session(qtbot, make_window, profile, settings, tmp_path):
    servers: list[EmbeddedServer] = []

    def start(paths, scenario):
        server = start_embedded(tmp_path / "intake", pace=None, scenario=scenario or "normal")
        servers.append(server)
        return server

    window = make_window()
    settings.server_url = ""
    client = ClientSession(window, profile, settings, start_server=start)
    client.start()
    qtbot.waitUntil(
        lambda: client.sync is not None and client.sync.last_report is not None, timeout=30_000
    )
    return window, client, servers


def _log_in(
    qtbot, client: ClientSession, tax_code: str, password: str, *, remember: bool = True
) -> None:
    """Through the login box, as a user: the built-in server's address is filled in."""
    client.window.store.enterprises.add(tax_code)
    dialog = client.show_login(tax_code)
    assert dialog.server_edit.text() == client.server.url
    assert dialog.tax_code_edit.text() == tax_code
    type_text(qtbot, dialog.password_edit, password)
    assert not dialog.remember_box.isChecked()  # nothing is kept unless the user asks
    if remember:
        qtbot.mouseClick(dialog.remember_box, Qt.MouseButton.LeftButton)
        assert dialog.remember_box.isChecked()
    qtbot.mouseClick(dialog.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: client.is_logged_in(tax_code), timeout=20_000)
    qtbot.waitUntil(
        lambda: (
            client.syncs[tax_code].last_report is not None
            and client.syncs[tax_code].last_report.started
        ),
        timeout=30_000,
    )


def _queue_sheet(store: Store, number: str, tax_code: str) -> None:
    declaration = store.declarations.get(number)
    assert declaration is not None and declaration.tax_code == tax_code
    store.sheets.save(
        RatingSheet(
            declaration_number=number,
            stage=RatingStage.AFTER_COMPLETION,
            scores=tuple(TargetScore(t, Score.SATISFIED) for t in declaration.targets),
        ),
        tax_code,
    )


def _unrated(store: Store, number: str) -> bool:
    return store.declarations.rating_state(number) == RatingState.UNRATED


def _server_tax_code_of(server: EmbeddedServer, number: str) -> str | None:
    with server.runtime.db.read() as conn:
        return conn.execute(
            sa.select(rating_sheets.c.tax_code).where(
                rating_sheets.c.declaration_number == number, rating_sheets.c.status == "accepted"
            )
        ).scalar()


def test_a_sheet_of_a_goes_out_under_a_s_token_while_b_is_current_and_b_outlives_a_s_logout(
    qtbot, make_window, profile, settings, tmp_path, memory_keyring
) -> None:
    window, client, servers = _session(qtbot, make_window, profile, settings, tmp_path)
    server = servers[0]
    store = window.store
    try:
        assert client.current_tax_code == A.tax_code
        assert store.enterprises.get(A.tax_code).name == A.name
        _log_in(qtbot, client, B.tax_code, B.password)
        # Logging in for B made it current; A goes on syncing beside it.
        assert client.current_tax_code == B.tax_code
        assert set(client.syncs) == {A.tax_code, B.tax_code}
        assert client.state_of(B.tax_code)[0] == ConnectionState.ONLINE
        assert store.enterprises.get(B.tax_code).name == B.name
        # One keyring entry per server and tax code; the built-in server's by a stable name.
        assert (SERVICE, f"{B.tax_code}@{EMBEDDED_KEY}") in memory_keyring.secrets
        assert store.enterprises.get(B.tax_code).remember

        # Each enterprise sees its own declarations only.
        b_numbers = set(server.declaration_numbers(tax_code=B.tax_code))
        qtbot.waitUntil(lambda: store.declarations.count(B.tax_code) == len(b_numbers))
        assert store.declarations.count() == len(b_numbers)  # B is current
        assert not set(store.declarations.unrated_numbers()) - b_numbers

        # A sheet of A, queued while B is current, is sent with A's token.
        (number,) = server.complete_declarations(1, tax_code=A.tax_code)
        client.syncs[A.tax_code].sync_now()
        qtbot.waitUntil(lambda: _unrated(store, number), timeout=20_000)
        _queue_sheet(store, number, A.tax_code)
        window.sheet_saved.emit(number)
        client.sync_now()
        qtbot.waitUntil(
            lambda: store.declarations.rating_state(number) == RatingState.SENT, timeout=30_000
        )
        assert _server_tax_code_of(server, number) == A.tax_code
        assert client.current_tax_code == B.tax_code
        assert not store.outbox.items(tax_code=B.tax_code)

        # Logging A out leaves B syncing; A's next sheet waits and says why, and what to do.
        client.logout(A.tax_code)
        assert set(client.syncs) == {B.tax_code} and client.is_logged_in(B.tax_code)
        (a_later,) = server.complete_declarations(1, tax_code=A.tax_code)
        (b_new,) = server.complete_declarations(1, tax_code=B.tax_code)
        client.sync_now()
        qtbot.waitUntil(lambda: _unrated(store, b_new), timeout=20_000)
        # Completed on the server, but A's feed is not read while A is logged out.
        assert not _unrated(store, a_later)
        unrated_a = [n for n in store.declarations.unrated_numbers(tax_code=A.tax_code)]
        _queue_sheet(store, unrated_a[0], A.tax_code)
        window.sheet_saved.emit(unrated_a[0])
        (waiting,) = [
            i for i in store.outbox.items(tax_code=A.tax_code) if i.state is OutboxState.QUEUED
        ]
        assert waiting.error is not None and waiting.error.code == "not_logged_in"
        assert A.tax_code in waiting.error.vi and "Đăng nhập" in waiting.error.vi
        assert A.tax_code in waiting.error.en and "Log in" in waiting.error.en
        assert client.state_of(A.tax_code)[0] == ConnectionState.NOT_LOGGED_IN
    finally:
        client.shutdown()


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_remember_is_kept_per_enterprise(
    qtbot, make_window, profile, settings, tmp_path, memory_keyring
) -> None:
    window, client, _servers = _session(qtbot, make_window, profile, settings, tmp_path)
    try:
        _log_in(qtbot, client, BRANCH.tax_code, BRANCH.password, remember=False)
        # Logged in for this session only: nothing in keyring, and the list says so.
        assert client.state_of(BRANCH.tax_code)[0] == ConnectionState.ONLINE
        assert not any(BRANCH.tax_code in account for _service, account in memory_keyring.secrets)
        assert not window.store.enterprises.get(BRANCH.tax_code).remember
        assert window.store.enterprises.get(A.tax_code).remember
        client.login_dialog.close()
        assert not client.show_login(BRANCH.tax_code).remember_box.isChecked()
        client.login_dialog.close()
        assert client.show_login(A.tax_code).remember_box.isChecked()
    finally:
        client.shutdown()


def test_a_failed_login_of_one_enterprise_never_holds_up_the_others(
    qtbot, make_window, profile, settings, tmp_path, memory_keyring
) -> None:
    window, client, servers = _session(qtbot, make_window, profile, settings, tmp_path)
    try:
        store = window.store
        # The branch's remembered password is wrong (changed on the server side, say).
        store.enterprises.add(BRANCH.tax_code, BRANCH.name, "")
        client.credentials.remember(EMBEDDED_KEY, BRANCH.tax_code, "not-the-password")
        client._resume(servers[0].url, BRANCH.tax_code)
        branch = client.syncs[BRANCH.tax_code]
        qtbot.waitUntil(lambda: branch.last_report is not None, timeout=30_000)
        assert client.state_of(BRANCH.tax_code)[0] == ConnectionState.AUTH_FAILED
        (number,) = servers[0].complete_declarations(1, tax_code=A.tax_code)
        client.syncs[A.tax_code].sync_now()
        qtbot.waitUntil(lambda: _unrated(store, number), timeout=20_000)
        qtbot.waitUntil(lambda: client.state_of(A.tax_code)[0] == ConnectionState.ONLINE)
        # The window shows the current enterprise's state, not the branch's failure.
        assert window.indicators.state == ConnectionState.ONLINE
        assert client.state_of(BRANCH.tax_code)[0] == ConnectionState.AUTH_FAILED
    finally:
        client.shutdown()


# Two sessions / a whole round trip: a few seconds on the shared 2-core machine.
@pytest.mark.slow
@pytest.mark.timeout(180)
def test_the_next_start_logs_every_remembered_enterprise_in_again(
    qtbot, make_window, profile, settings, tmp_path, memory_keyring
) -> None:
    window, client, _servers = _session(qtbot, make_window, profile, settings, tmp_path)
    try:
        _log_in(qtbot, client, B.tax_code, B.password)
    finally:
        client.shutdown()
    window.close()
    window, client, _servers = _session(qtbot, make_window, profile, settings, tmp_path)
    try:
        qtbot.waitUntil(lambda: set(client.syncs) == {A.tax_code, B.tax_code}, timeout=30_000)
        assert client.current_tax_code == B.tax_code  # where the user left off
    finally:
        client.shutdown()


def _rate_low_in_the_prompt(qtbot, window, number: str, owner: str) -> None:
    """In the one rating prompt, as a user: go to *number* (it names *owner*), one star
    everywhere, Ghi, Gửi."""
    dialog = window.rating_dialog
    qtbot.waitUntil(lambda: dialog.isVisible())
    for _ in range(len(dialog.queue)):
        if dialog.current.number == number:
            break
        qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.current.number == number
    assert owner in dialog.title_label.text()
    for star in [row.stars for row in dialog.form.rows]:
        star.setFocus()
        qtbot.keyClick(star, Qt.Key.Key_1)
    dialog.form.content_edit.setPlainText("Hồ sơ bị giữ quá lâu không rõ lý do.")
    dialog.form.name_edit.setText("Phạm Thị Dung")
    dialog.form.phone_edit.setText("0987 654 321")
    qtbot.mouseClick(dialog.record_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)


def _answer(server: EmbeddedServer, receipt: str) -> None:
    import requests

    official = requests.post(
        f"{server.url}/api/v1/auth/token",
        json={"username": server.official_username, "password": server.official_password},
        timeout=10,
    ).json()["access_token"]
    requests.post(
        f"{server.url}/api/v1/official/low-sheets/{receipt}/response",
        json={"result": "upheld", "content": "Đã xác minh và chấn chỉnh."},
        headers={"Authorization": f"Bearer {official}"},
        timeout=10,
    ).raise_for_status()


# Two sessions / a whole round trip: a few seconds on the shared 2-core machine.
@pytest.mark.slow
@pytest.mark.timeout(180)
def test_the_readme_s_broker_adds_a_second_demo_enterprise_rates_one_of_each_and_sees_both(
    qtbot, make_window, profile, settings, tmp_path, dialogs
) -> None:
    """README "Try it with the demo": Danh sách doanh nghiệp → Thêm… → Đăng nhập…, a sheet
    for each enterprise, both delivered and answered, each enterprise's data alone."""
    window, client, servers = _session(qtbot, make_window, profile, settings, tmp_path)
    server, store = servers[0], window.store
    try:
        listing = client.enterprise_menu.show_list()
        add = listing.add()
        type_text(qtbot, add.tax_code_edit, B.tax_code)
        qtbot.mouseClick(add.add_button, Qt.MouseButton.LeftButton)
        assert listing.selected() == B.tax_code
        qtbot.mouseClick(listing.login_button, Qt.MouseButton.LeftButton)
        login = client.login_dialog
        assert login.tax_code_edit.text() == B.tax_code
        type_text(qtbot, login.password_edit, B.password)
        qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: client.is_logged_in(B.tax_code), timeout=20_000)
        listing.close()

        # One completion for each; both join the one prompt, grouped, naming whose.
        (a_number,) = server.complete_declarations(1, tax_code=A.tax_code)
        (b_number,) = server.complete_declarations(1, tax_code=B.tax_code)
        client.sync_now()
        qtbot.waitUntil(
            lambda: (
                window.rating_dialog is not None
                and {a_number, b_number} <= {i.number for i in window.rating_dialog.queue}
            ),
            timeout=30_000,
        )
        queue = [i.number for i in window.rating_dialog.queue]
        assert queue.index(a_number) < queue.index(b_number)  # the on-screen enterprise first
        _rate_low_in_the_prompt(qtbot, window, b_number, B.name)
        if window.rating_dialog is None or not window.rating_dialog.isVisible():
            window.open_rating([QueueItem(a_number, RatingStage.AFTER_COMPLETION)])
        _rate_low_in_the_prompt(qtbot, window, a_number, A.name)
        for number in (a_number, b_number):
            qtbot.waitUntil(
                lambda n=number: store.declarations.rating_state(n) == RatingState.SENT,
                timeout=30_000,
            )
        assert _server_tax_code_of(server, a_number) == A.tax_code
        assert _server_tax_code_of(server, b_number) == B.tax_code

        # Customs answers both; each answer reaches its own enterprise's inbox.
        receipts = {
            i.payload["declaration_number"]: i.receipt_id
            for code in (A.tax_code, B.tax_code)
            for i in store.outbox.items(tax_code=code)
            if i.payload.get("declaration_number") in (a_number, b_number)
        }
        for number in (a_number, b_number):
            _answer(server, receipts[number])
        client.sync_now()
        qtbot.waitUntil(
            lambda: (
                store.responses.unread_count(A.tax_code) == 1
                and store.responses.unread_count(B.tax_code) == 1
            ),
            timeout=30_000,
        )
        store.enterprises.set_current(A.tax_code)
        assert [r.declaration_number for r in store.responses.all()] == [a_number]
        qtbot.waitUntil(lambda: window.is_idle)
        assert A.tax_code in window.windowTitle()
        assert store.declarations.count() == len(server.declaration_numbers(tax_code=A.tax_code))
        store.enterprises.set_current(B.tax_code)
        assert [r.declaration_number for r in store.responses.all()] == [b_number]

        overview = client.enterprise_menu.show_overview()
        rows = {row.tax_code: row for row in overview.model.rows}
        assert set(rows) == {A.tax_code, B.tax_code}
        assert all(row.summary.unread_responses == 1 for row in rows.values())
        assert all(row.state == ConnectionState.ONLINE for row in rows.values())
        assert all(row.last_sync for row in rows.values())
    finally:
        client.shutdown()
