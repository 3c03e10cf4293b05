"""The console in a real browser (Debian's chromium, headless, through chromium-driver).

The whole loop of issue 16: a declarant's desktop store rates a declaration 1 star and syncs
over loopback; an official logs in, finds the case in the queue and answers it with the keyboard
alone; the case leaves the queue; the desktop's next sync shows the answer in its inbox; the
declarant says "not resolved" and the case is back in the console as reopened. Screenshots of
the queue, the case and the statistics at 1366×768 go to ``CONSOLE_SCREENSHOT_DIR`` (default:
the test's temporary folder).
"""

from __future__ import annotations

import os
import shutil
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.domain.model import RatingSheet, RatingStage, Score, TargetScore
from app.store import Store
from app.sync.api_client import ApiClient
from app.sync.engine import SyncEngine
from server.embedded import EmbeddedServer

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
SIZE = (1366, 768)
ANSWER = "Đã xác minh: hồ sơ bị trả lại do thiếu chứng từ; đã hướng dẫn lại và nhắc nhở công chức."
NOT_RESOLVED = "Hàng vẫn bị giữ tại cảng, chưa được giải quyết."

if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):  # pragma: no cover
    pytest.skip(
        "chromium and chromium-driver are not installed (bash scripts/test installs them)",
        allow_module_level=True,
    )

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import (  # noqa: E402
    NoSuchElementException,
    StaleElementReferenceException,
)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402
from selenium.webdriver.remote.webelement import WebElement  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402


def wait_for(browser: WebDriver, condition: Callable[[WebDriver], object]) -> None:
    """Wait (up to 20 s) for what a key press started: a page load, the autofocus."""
    # A page a key press is replacing may hand out an element of the old page that is gone by
    # the time it is read: that is "not yet", like an element not found, not a failure.
    WebDriverWait(
        browser,
        20,
        poll_frequency=0.05,
        ignored_exceptions=(NoSuchElementException, StaleElementReferenceException),
    ).until(condition)


def wait_for_path(browser: WebDriver, path: str) -> None:
    wait_for(browser, lambda b: b.current_url.split("?")[0].endswith(path))


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in (
        "--headless=new",
        f"--window-size={SIZE[0]},{SIZE[1]}",
        "--no-sandbox",  # CI runs as root in a container, where the sandbox cannot start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=vi",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    # The window's inner size (the screenshot) is what must be 1366×768.
    inner = driver.execute_script("return [window.innerWidth, window.innerHeight]")
    driver.set_window_size(2 * SIZE[0] - inner[0], 2 * SIZE[1] - inner[1])
    yield driver
    driver.quit()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CONSOLE_SCREENSHOT_DIR") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def shoot(browser: WebDriver, folder: Path, name: str) -> Path:
    path = folder / f"console-{name}.png"
    assert browser.save_screenshot(str(path))
    assert png_size(path) == SIZE
    return path


def focused(browser: WebDriver) -> WebElement:
    return browser.switch_to.active_element


def tab_to(browser: WebDriver, wanted: Callable[[WebElement], bool], limit: int = 80) -> WebElement:
    """Press Tab until the focused element is the wanted one (the keyboard's way there)."""
    for _ in range(limit):
        focused(browser).send_keys(Keys.TAB)
        element = focused(browser)
        if wanted(element):
            return element
    raise AssertionError("Tab never reached the element")


@pytest.fixture
def desktop(profile, intake_server: EmbeddedServer) -> Iterator[tuple[Store, SyncEngine]]:
    """The declarant's side: a local store and the sync engine, on loopback to the server."""
    with Store.open(profile.store_file) as store:
        engine = SyncEngine(
            store,
            ApiClient(intake_server.url, timeout=(2.0, 10.0)),
            tax_code=intake_server.demo_tax_code,
            password=lambda: intake_server.demo_password,
        )
        yield store, engine


def rate_one_star(store: Store, engine: SyncEngine, server: EmbeddedServer) -> str:
    [number] = server.complete_declarations(1)
    assert engine.sync(force=True).ok
    declaration = store.declarations.get(number)
    assert declaration is not None
    store.sheets.save(
        RatingSheet(
            declaration_number=number,
            stage=RatingStage.AFTER_COMPLETION,
            scores=tuple(
                TargetScore(target, Score.VERY_DISSATISFIED) for target in declaration.targets[:2]
            ),
            content="Hồ sơ bị trả lại ba lần mà không nêu lý do.",
            contact_name="Trần Thị Bình",
            contact_phone="0912 345 678",
        ),
        declaration.tax_code,
    )
    report = engine.sync(force=True)
    assert report.ok and report.delivered == 1, report
    return number


def log_in(browser: WebDriver, server: EmbeddedServer) -> None:
    browser.get(f"{server.url}/console/queue")
    assert "/console/login" in browser.current_url
    # The form puts the focus on the user name.
    wait_for(browser, lambda b: focused(b).get_attribute("id") == "username")
    focused(browser).send_keys(server.official_username, Keys.TAB)
    focused(browser).send_keys(server.official_password, Keys.ENTER)
    wait_for_path(browser, "/console/queue")


def queue_receipts(browser: WebDriver) -> list[str]:
    rows = browser.find_elements(By.CSS_SELECTOR, "tr[data-receipt]")
    return [str(row.get_attribute("data-receipt")) for row in rows]


def test_an_official_answers_a_one_star_case_by_keyboard_and_the_desktop_inbox_gets_it(
    browser: WebDriver,
    desktop: tuple[Store, SyncEngine],
    intake_server: EmbeddedServer,
    shots: Path,
) -> None:
    store, engine = desktop
    other = rate_one_star(store, engine, intake_server)  # a second case, so the queue has two
    number = rate_one_star(store, engine, intake_server)
    log_in(browser, intake_server)

    # The queue: both cases, oldest first, with the declaration numbers.
    assert len(queue_receipts(browser)) == 2
    assert browser.find_element(By.TAG_NAME, "h1").text == "Hàng đợi xác minh phiếu đánh giá thấp"
    shoot(browser, shots, "queue")
    link = tab_to(browser, lambda e: e.tag_name == "a" and e.text == number)
    link.send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "/console/cases/" in b.current_url)
    receipt = browser.current_url.split("/cases/")[1].split("?")[0]
    assert "Trần Thị Bình" in browser.page_source

    # The case, by keyboard: pick the result, write the answer, send.
    radio = tab_to(browser, lambda e: e.get_attribute("name") == "result")
    radio.send_keys(Keys.SPACE)
    assert radio.is_selected()
    text = tab_to(browser, lambda e: e.get_attribute("id") == "content")
    text.send_keys(ANSWER)
    shoot(browser, shots, "case")
    button = tab_to(browser, lambda e: e.get_attribute("id") == "send-answer")
    button.send_keys(Keys.ENTER)
    wait_for_path(browser, "/console/queue")
    notice = browser.find_element(By.CSS_SELECTOR, "p.notice").text
    assert receipt in notice
    remaining = queue_receipts(browser)
    assert receipt not in remaining and len(remaining) == 1  # it left the queue
    assert other

    # The declarant's next sync brings the answer into the desktop inbox.
    report = engine.sync(force=True)
    assert report.ok and report.new_responses == 1
    [response] = store.responses.all()
    assert response.content == ANSWER and response.declaration_number == number

    # "Not resolved" from the desktop reopens the case in the console.
    store.responses.record_verdict(
        response.response_id, "not_resolved", NOT_RESOLVED, intake_server.demo_tax_code
    )
    assert engine.sync(force=True).ok
    browser.get(f"{intake_server.url}/console/queue")
    assert receipt in queue_receipts(browser)
    row = browser.find_element(By.CSS_SELECTOR, f'tr[data-receipt="{receipt}"]')
    assert "Mở lại" in row.text
    browser.get(f"{intake_server.url}/console/cases/{receipt}")
    assert NOT_RESOLVED in browser.page_source
    assert "Chưa giải quyết được vướng mắc" in browser.find_element(By.TAG_NAME, "main").text

    # The statistics show the sheets in the month's trend.
    browser.get(f"{intake_server.url}/console/stats")
    assert browser.find_element(By.ID, "total-low").text == "2"
    shoot(browser, shots, "stats")


def test_the_language_switch_and_log_out_work_in_the_browser(
    browser: WebDriver, intake_server: EmbeddedServer
) -> None:
    log_in(browser, intake_server)
    switch = tab_to(browser, lambda e: e.get_attribute("class") == "lang")
    switch.send_keys(Keys.ENTER)
    wait_for(browser, lambda b: b.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Low rating verification queue"
    cookies = {c["name"]: c for c in browser.get_cookies()}
    session = cookies["console_session"]
    assert session["httpOnly"] is True and session["sameSite"] == "Strict"
    assert browser.execute_script("return document.cookie") == ""  # no script can read them
    logout = tab_to(browser, lambda e: e.text == "Log out")
    logout.send_keys(Keys.ENTER)
    wait_for(browser, lambda b: "/console/login" in b.current_url)
    assert "You have logged out." in browser.page_source
    browser.get(f"{intake_server.url}/console/queue")
    assert "/console/login" in browser.current_url
