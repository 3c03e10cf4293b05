"""Officials log in and out of the console; the session cookie and every form are protected."""

from __future__ import annotations

from types import SimpleNamespace

from server.console.sessions import SESSION_COOKIE, Sessions, Signer
from server.console.web import safe_next, secure_cookies
from server.embedded import EmbeddedServer
from tests.server.console.conftest import Console, csrf_of, text_of


def test_a_page_without_a_session_sends_the_official_to_the_login_form(
    intake_server: EmbeddedServer,
) -> None:
    client = Console(intake_server)
    response = client.get("/queue", params={"state": "answered"})
    assert response.status_code == 303
    assert (
        response.headers["location"] == "/console/login?next=%2Fconsole%2Fqueue%3Fstate%3Danswered"
    )
    form = client.follow(response)
    assert "Đăng nhập" in text_of(form.text)
    # After logging in, the official lands on the page first asked for.
    logged_in = client.login(next_path="/console/queue?state=answered")
    assert logged_in.headers["location"] == "/console/queue?state=answered"
    client.close()


def test_the_session_cookie_is_httponly_strict_and_not_secure_on_loopback(
    intake_server: EmbeddedServer,
) -> None:
    client = Console(intake_server)
    response = client.login()
    assert response.status_code == 303
    cookie = next(
        v
        for k, v in response.headers.multi_items()
        if k == "set-cookie" and v.startswith(SESSION_COOKIE)
    )
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")}
    assert {"httponly", "samesite", "path"} <= attributes
    assert "samesite=strict" in cookie.lower()
    assert "secure" not in attributes  # plain HTTP on 127.0.0.1
    queue = client.follow(response)
    assert queue.status_code == 200
    assert "Phạm Minh Tuấn" in queue.text
    assert "default-src 'none'" in queue.headers["content-security-policy"]
    assert queue.headers["cache-control"] == "no-store"
    client.close()


def test_cookies_are_secure_when_the_server_listens_beyond_loopback() -> None:
    remote = SimpleNamespace(scope={"server": ("10.0.0.5", 8765)})
    local = SimpleNamespace(scope={"server": ("127.0.0.1", 8765)})
    assert secure_cookies(remote) is True  # type: ignore[arg-type]
    assert secure_cookies(local) is False  # type: ignore[arg-type]


def test_a_wrong_password_is_refused_with_a_message_and_keeps_the_user_name(
    intake_server: EmbeddedServer,
) -> None:
    client = Console(intake_server)
    response = client.login(password="sai-mat-khau")
    assert response.status_code == 401
    text = text_of(response.text)
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in text
    assert f'value="{intake_server.official_username}"' in response.text
    assert SESSION_COOKIE not in client.http.cookies
    # An enterprise's account is not an official's.
    refused = client.login(intake_server.demo_tax_code, intake_server.demo_password)
    assert refused.status_code == 401
    client.close()


def test_the_login_form_needs_its_own_token(intake_server: EmbeddedServer) -> None:
    client = Console(intake_server)
    client.get("/login")
    forged = client.http.post(
        "/console/login",
        data={
            "username": intake_server.official_username,
            "password": intake_server.official_password,
            "csrf": "0" * 64,
        },
    )
    assert forged.status_code == 403
    assert "Trang đăng nhập đã hết hạn" in text_of(forged.text)
    fresh = Console(intake_server)  # no login cookie at all: the form's token means nothing
    token = csrf_of(client.get("/login").text)
    stolen = fresh.http.post(
        "/console/login",
        data={
            "username": intake_server.official_username,
            "password": intake_server.official_password,
            "csrf": token,
        },
    )
    assert stolen.status_code == 403
    client.close()
    fresh.close()


def test_logout_needs_the_csrf_token_and_kills_the_session(console: Console) -> None:
    cookie = console.http.cookies[SESSION_COOKIE]
    refused = console.http.post("/console/logout", data={"csrf": "forged"})
    assert refused.status_code == 403
    assert console.get("/queue").status_code == 200  # still logged in
    done = console.post("/logout")
    assert done.status_code == 303
    assert "Bạn đã đăng xuất" in text_of(console.follow(done).text)
    # A copy of the old cookie no longer opens anything.
    console.http.cookies.set(SESSION_COOKIE, cookie, path="/console")
    again = console.get("/queue")
    assert again.status_code == 303
    assert "notice=session_expired" in again.headers["location"]


def test_a_forged_or_tampered_cookie_is_no_session(console: Console) -> None:
    cookie = console.http.cookies[SESSION_COOKIE]
    token, mac = cookie.rsplit(".", 1)
    console.http.cookies.clear()
    console.http.cookies.set(SESSION_COOKIE, f"{token[:-1]}x.{mac}", path="/console")
    assert console.get("/queue").status_code == 303


def test_forms_without_the_sessions_csrf_token_change_nothing(console: Console) -> None:
    response = console.http.post("/console/cases/PDG-ANY/assign", data={"csrf": "nope"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in text_of(response.text)


def test_the_language_switch_shows_english_and_stays_inside_the_console(console: Console) -> None:
    switched = console.get("/language/en", params={"next": "/console/queue"})
    assert switched.status_code == 303 and switched.headers["location"] == "/console/queue"
    page = console.follow(switched)
    assert '<html lang="en">' in page.text
    assert "Low rating verification queue" in text_of(page.text)
    back = console.get("/language/vi", params={"next": "https://evil.example/"})
    assert back.headers["location"] == "/console/queue"
    assert "Hàng đợi xác minh" in text_of(console.follow(back).text)


def test_next_paths_outside_the_console_are_replaced() -> None:
    assert safe_next("/console/stats?from=2025-01-01") == "/console/stats?from=2025-01-01"
    for bad in ("https://evil.example/", "//evil.example/console/", "/api/v1/health", None, ""):
        assert safe_next(bad) == "/console/queue"


def test_the_signer_refuses_what_it_did_not_sign() -> None:
    signer = Signer("secret")
    assert signer.unsign(signer.sign("abc")) == "abc"
    assert signer.unsign(Signer("other").sign("abc")) is None
    assert signer.unsign("abc") is None and signer.unsign(None) is None


def test_an_expired_session_is_no_session(intake_server: EmbeddedServer) -> None:
    from datetime import timedelta

    from server.clock import utc_now
    from server.console.sessions import SESSION_TTL

    sessions = Sessions(intake_server.runtime.db)
    cookie = sessions.create(intake_server.official_username)
    assert sessions.lookup(cookie) is not None
    assert sessions.lookup(cookie, now=utc_now() + SESSION_TTL + timedelta(seconds=1)) is None


def test_every_page_reads_in_both_languages(console: Console) -> None:
    from tests.server.conftest import Api, token
    from tests.server.console.conftest import low_sheet

    server = console.server
    demo = Api(server, token(server, tax_code=server.demo_tax_code, password=server.demo_password))
    receipt = low_sheet(demo)["receipt_id"]
    demo.close()
    pages = ("/queue", f"/cases/{receipt}", "/stats", "/support", "/support?state=answered")
    for language, words in (("en", "Log out"), ("vi", "Đăng xuất")):
        console.get(f"/language/{language}", params={"next": "/console/queue"})
        for path in pages:
            page = console.get(path)
            assert page.status_code == 200, (language, path)
            assert f'<html lang="{language}">' in page.text
            assert words in text_of(page.text)


def test_failed_log_ins_are_throttled_like_the_apis(intake_server: EmbeddedServer) -> None:
    """The console logs in through the server's LoginGate: the same lockout as /auth/token."""
    client = Console(intake_server)
    statuses = [client.login(password="sai-mat-khau").status_code for _ in range(6)]
    assert statuses == [401] * 6
    locked = client.login()  # even the right password waits out the lockout
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) >= 1
    assert "Đăng nhập sai quá nhiều lần" in text_of(locked.text)
    assert SESSION_COOKIE not in client.http.cookies
    api = client.http.post(
        "/api/v1/auth/token",
        json={
            "username": intake_server.official_username,
            "password": intake_server.official_password,
        },
    )
    assert api.status_code == 429  # one count for the account, whichever door was knocked at
    client.close()


def test_a_disabled_official_or_a_reset_password_ends_the_session(console: Console) -> None:
    from server import accounts

    db = console.server.runtime.db
    username = console.server.official_username
    assert console.get("/queue").status_code == 200
    with db.write() as conn:
        accounts.set_disabled(conn, accounts.OFFICIAL, username, True)
    assert console.get("/queue").status_code == 303
    with db.write() as conn:
        accounts.set_disabled(conn, accounts.OFFICIAL, username, False)
    assert console.login().status_code == 303
    assert console.get("/queue").status_code == 200
    with db.write() as conn:
        accounts.set_password(conn, accounts.OFFICIAL, username, "mat-khau-moi-2026!")
    assert console.get("/queue").status_code == 303
