"""``customs-rating-intake accounts …``: onboarding, resets and disabling without library code."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from server import accounts
from server.database import Database
from server.embedded import EmbeddedServer
from server.main import main
from tests.server.conftest import http_client, storage_args, token

NEW_PASSWORD = "mat-khau-moi-2026"


def login(server: EmbeddedServer, **credentials: str) -> httpx.Response:
    with http_client(server) as client:
        return client.post("/api/v1/auth/token", json=credentials)


@pytest.fixture
def typed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What the operator types at the getpass prompts, in order."""
    answers: list[str] = []
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return answers.pop(0)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    yield answers
    assert not answers, "not every typed answer was asked for"


def test_an_enterprise_added_with_a_typed_password_can_log_in(
    intake_server: EmbeddedServer, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    typed += [NEW_PASSWORD, NEW_PASSWORD]
    args = ["accounts", "add-enterprise", "0100109106", "--name", "Công ty TNHH Bình Minh"]
    code = main([*args, *storage_args(intake_server)])
    assert code == 0
    out = capsys.readouterr().out
    assert NEW_PASSWORD not in out
    reply = login(intake_server, tax_code="0100109106", password=NEW_PASSWORD)
    assert reply.status_code == 200, reply.text
    assert reply.json()["enterprise_name"] == "Công ty TNHH Bình Minh"


def test_two_different_typed_passwords_change_nothing(
    intake_server: EmbeddedServer, typed: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    typed += [NEW_PASSWORD, NEW_PASSWORD + "x"]
    args = ["accounts", "add-enterprise", "0100109106", "--name", "Công ty TNHH Bình Minh"]
    assert main(args + storage_args(intake_server)) == 1
    assert "differ" in capsys.readouterr().err
    assert login(intake_server, tax_code="0100109106", password=NEW_PASSWORD).status_code == 401


def test_a_generated_password_is_shown_once_and_works(
    intake_server: EmbeddedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["accounts", "add-official", "kiemtra02", "--name", "Lê Thị Hoa", "--office", "03CC"]
    assert main([*args, "--generate-password", *storage_args(intake_server)]) == 0
    out = capsys.readouterr().out
    (line,) = [line for line in out.splitlines() if "shown once" in line]
    password = line.rsplit(" ", 1)[1]
    assert len(password) >= accounts.PASSWORD_MIN
    reply = login(intake_server, username="kiemtra02", password=password)
    assert reply.status_code == 200, reply.text
    log = (intake_server.data_dir / "logs" / "intake-server.log").read_text(encoding="utf-8")
    assert password not in log


def test_a_reset_password_ends_old_sessions_and_the_old_password(
    intake_server: EmbeddedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = token(
        intake_server, tax_code=intake_server.demo_tax_code, password=intake_server.demo_password
    )
    monkeypatch.setattr("sys.stdin", io.StringIO(NEW_PASSWORD + "\n"))
    args = ["accounts", "reset-password", "--enterprise", intake_server.demo_tax_code]
    assert main([*args, "--password-stdin", *storage_args(intake_server)]) == 0
    with http_client(intake_server, headers={"Authorization": f"Bearer {old}"}) as client:
        # The session check keeps an answer for up to 2 s: poll until the reset has reached it.
        deadline = time.monotonic() + 30
        while client.get("/api/v1/declarations").status_code == 200:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert client.get("/api/v1/declarations").status_code == 401
    demo = intake_server.demo_tax_code
    assert (
        login(intake_server, tax_code=demo, password=intake_server.demo_password).status_code == 401
    )
    assert login(intake_server, tax_code=demo, password=NEW_PASSWORD).status_code == 200


def test_a_disabled_official_cannot_log_in_until_enabled_again(
    intake_server: EmbeddedServer,
) -> None:
    who = ["--official", intake_server.official_username, *storage_args(intake_server)]
    credentials = {
        "username": intake_server.official_username,
        "password": intake_server.official_password,
    }
    assert main(["accounts", "disable", *who]) == 0
    assert login(intake_server, **credentials).status_code == 401
    assert main(["accounts", "disable", "--enable", *who]) == 0
    assert login(intake_server, **credentials).status_code == 200


def test_the_list_marks_demo_and_disabled_accounts(
    intake_server: EmbeddedServer, capsys: pytest.CaptureFixture[str], typed: list[str]
) -> None:
    typed += [NEW_PASSWORD, NEW_PASSWORD]
    storage = storage_args(intake_server)
    args = ["accounts", "add-official", "quantri01", "--name", "Đỗ Văn An", "--office", "03CC"]
    assert main([*args, "--admin", *storage]) == 0
    assert main(["accounts", "disable", "--official", "quantri01", *storage]) == 0
    capsys.readouterr()
    assert main(["accounts", "list", "--json", *storage]) == 0
    rows = {r["subject"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows[intake_server.demo_tax_code]["demo"] is True
    assert rows[intake_server.official_username]["demo"] is True
    assert rows["quantri01"] | {"created_at": ""} == {
        "kind": "official",
        "subject": "quantri01",
        "name": "Đỗ Văn An",
        "role": "admin",
        "office_code": "03CC",
        "can_log_in": True,
        "disabled": True,
        "demo": False,
        "created_at": "",
    }
    # The simulator's enterprises have no password: listed only with --all.
    assert all(r["can_log_in"] for r in rows.values())
    assert main(["accounts", "list", "--all", "--json", *storage]) == 0
    everyone = json.loads(capsys.readouterr().out)
    assert any(not r["can_log_in"] and r["demo"] for r in everyone)
    assert main(["accounts", "list", *storage]) == 0
    assert "[disabled]" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["add-enterprise", "0100109107", "--name", "X"], "tax_code"),  # wrong check digit
        (["add-enterprise", "0100109106", "--name", " "], "name"),
        (["add-official", "Bad Name", "--name", "A B", "--office", "03CC"], "username"),
        (["add-official", "kiemtra03", "--name", "A B", "--office", "3c"], "office_code"),
        (["add-official", "official01", "--name", "A B", "--office", "03CC"], "exists"),
        (["reset-password", "--official", "nobody"], "no such account"),
        (["disable", "--enterprise", "0100109106"], "no such account"),
    ],
)
def test_refusals_say_what_is_wrong_and_change_nothing(
    intake_server: EmbeddedServer,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    says: str,
) -> None:
    password = [] if args[0] == "disable" else ["--generate-password"]
    assert main(["accounts", *args, *password, *storage_args(intake_server)]) == 1
    captured = capsys.readouterr()
    assert says in captured.err
    assert "shown once" not in captured.out


@pytest.mark.parametrize("password", ["short", "x" * 300, "mật khẩu\x00dài", " leading-space-pw"])
def test_a_weak_or_strange_password_is_refused(password: str) -> None:
    with pytest.raises(accounts.ValidationFailed):
        accounts.check_password(password)


def test_a_simulated_enterprise_becomes_a_real_account(tmp_path: Path) -> None:
    db = Database.for_data_dir(tmp_path)
    db.create_schema()
    try:
        with db.write() as conn:
            accounts.add_enterprise(conn, "0100109106", "Công ty mô phỏng", None, demo=True)
            accounts.create_enterprise(conn, "0100109106", "Công ty thật", NEW_PASSWORD)
            (row,) = [r for r in accounts.list_accounts(conn) if r.subject == "0100109106"]
            assert (row.name, row.demo, row.can_log_in) == ("Công ty thật", False, True)
            with pytest.raises(accounts.AccountExists):
                accounts.create_enterprise(conn, "0100109106", "Lần nữa", NEW_PASSWORD)
    finally:
        db.dispose()


def test_db_upgrade_and_current(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    storage = ["--data-dir", str(tmp_path)]
    assert main(["db", "current", *storage]) == 0
    assert capsys.readouterr().out.strip() == "none"
    assert main(["db", "upgrade", *storage]) == 0
    assert "created at" in capsys.readouterr().out
    assert main(["db", "upgrade", *storage]) == 0
    assert "up to date" in capsys.readouterr().out
    assert main(["db", "current", *storage]) == 0
    from server.migrate import HEAD

    assert capsys.readouterr().out.strip() == HEAD
