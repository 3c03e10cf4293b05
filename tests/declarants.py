"""Declarant profiles that met one of the intake server's scenarios, made with the real client.

The real sync engine and API client, against the real intake server on loopback: a first pass
under ``normal`` brings the enterprise's declarations, three sheets are saved (one of them a 1–2
star sheet with a contact phone), the server then misbehaves in the named way and the engine
runs a few passes against it, logging as the program does. What is left in the profile (store,
settings, logs) is what a declarant who met that trouble would export. Used by the tests of
issue 15 and by ``bench/replay.py``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from app.domain.model import DeclarationStatus, RatingSheet, RatingStage, Score, TargetScore
from app.logs import configure_logging
from app.paths import Paths
from app.settings import Settings
from app.store import Store
from app.sync.api_client import ApiClient
from app.sync.engine import SyncEngine
from server.embedded import EmbeddedServer
from server.scenarios import Scenario

#: How each scenario is met. ``slow`` holds replies longer than the client waits (its read
#: timeout is short here, so a pass takes seconds, not the program's 30 s); ``flaky`` fails every
#: request, half with a 500 and half by dropping the connection, so three passes surely meet it.
READ_TIMEOUT = 1.0
SCENARIO_SPECS: dict[str, str] = {
    "offline": "offline",
    "slow": f"slow:delay={READ_TIMEOUT + 1:g}",
    "flaky": "flaky:errors=0.5,drops=0.5,seed=3",
    "throttled": "throttled",
    "maintenance": "maintenance",
    "reject-all": "reject-all",
    "captive-portal": "captive-portal",
}
SCENARIOS = tuple(SCENARIO_SPECS)
ENTERPRISE = "Công ty TNHH Xuất nhập khẩu Đồ Sơn"
PASSWORD = "Mật-khẩu-khai 2026"


@dataclass(frozen=True)
class Declarant:
    paths: Paths
    tax_code: str
    numbers: list[str]  # the declarations rated, in order


def rate(store: Store, number: str, score: Score) -> None:
    declaration = store.declarations.get(number)
    assert declaration is not None
    low = score <= Score.DISSATISFIED
    store.sheets.save(
        RatingSheet(
            declaration_number=number,
            stage=RatingStage.AFTER_COMPLETION,
            scores=tuple(
                TargetScore(t, score, ("delay",) if low else ()) for t in declaration.targets[:3]
            ),
            content="Thủ tục bị kéo dài, đề nghị xem xét." if low else "",
            contact_name="Lê Văn Cường" if low else "",
            contact_phone="0912 345 678" if low else "",
        ),
        declaration.tax_code,
    )


def make_declarant(
    root: Path,
    server: EmbeddedServer,
    scenario: str,
    tax_code: str,
    *,
    passes: int = 3,
    read_timeout: float = READ_TIMEOUT,
) -> Declarant:
    """A profile under *root* whose sheets met *scenario*; the server is left in ``normal``."""
    paths = Paths(root / "data", root / "config", root / "logs").ensure()
    server.add_enterprise(tax_code, ENTERPRISE, PASSWORD)
    server.complete_declarations(4, tax_code=tax_code)
    server.simulator.new_declaration(tax_code=tax_code, status=DeclarationStatus.INSPECTION)
    handler = configure_logging(paths.log_dir)
    try:
        Settings(tax_code=tax_code, server_url=server.url).save(paths.settings_file)
        with Store.open(paths.store_file) as store:
            client = ApiClient(server.url, timeout=(5.0, read_timeout))
            engine = SyncEngine(store, client, tax_code=tax_code, password=lambda: PASSWORD)
            try:
                first = engine.sync(force=True)
                assert first.ok, first.error
                numbers = store.declarations.unrated_numbers(3)
                for number, score in zip(
                    numbers,
                    (Score.VERY_DISSATISFIED, Score.SATISFIED, Score.VERY_SATISFIED),
                    strict=True,
                ):
                    rate(store, number, score)
                spec = SCENARIO_SPECS[scenario]
                if scenario == "slow":  # held back past the read timeout, whatever it is
                    spec = f"slow:delay={read_timeout + 1:g}"
                server.set_scenario(Scenario.parse(spec))
                for _ in range(passes):
                    engine.sync(force=True)
            finally:
                server.set_scenario("normal")
                client.close()
    finally:
        handler.flush()
        logging.getLogger().removeHandler(handler)
        handler.close()
    return Declarant(paths, tax_code, numbers)


_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code_for(serial: int) -> str:
    """A valid tax code (province 31, Hai Phong) per serial, so each declarant is its own."""
    while True:
        first_nine = f"31{serial + 5_100_000:07d}"
        check = 10 - sum(int(d) * w for d, w in zip(first_nine, _WEIGHTS, strict=True)) % 11
        if check < 10:
            return first_nine + str(check)
        serial += 1000


@dataclass(frozen=True)
class Broker:
    """A customs broker's profile: several enterprises, each logged in with its own password."""

    paths: Paths
    tax_codes: list[str]  # in the order of the list
    numbers: dict[str, list[str]]  # each enterprise's declarations, as the profile has them
    names: dict[str, str]


def make_broker(root: Path, server: EmbeddedServer, *, passes: int = 2) -> Broker:
    """A broker's profile with the three demo enterprises and sheets of each in other states.

    The first: a sheet delivered, then two more refused by ``reject-all``. The second: two
    sheets delivered (the enterprise a bundle for the others must say nothing of). The third:
    two sheets still queued, the server unreachable. The server is left in ``normal``.
    """
    from server.demo import DEMO_ENTERPRISES

    paths = Paths(root / "data", root / "config", root / "logs").ensure()
    accounts = {e.tax_code: e for e in DEMO_ENTERPRISES}
    first, second, third = DEMO_ENTERPRISES
    for demo in DEMO_ENTERPRISES:
        server.complete_declarations(4, tax_code=demo.tax_code)
    handler = configure_logging(paths.log_dir)
    engines: dict[str, SyncEngine] = {}
    clients: list[ApiClient] = []
    try:
        Settings(tax_code=first.tax_code, server_url=server.url).save(paths.settings_file)
        with Store.open(paths.store_file) as store:
            for demo in DEMO_ENTERPRISES:
                store.enterprises.add(demo.tax_code, demo.name, server.url)
                client = ApiClient(server.url, timeout=(5.0, READ_TIMEOUT))
                clients.append(client)
                password = accounts[demo.tax_code].password
                engines[demo.tax_code] = SyncEngine(
                    store, client, tax_code=demo.tax_code, password=lambda p=password: p
                )
                assert engines[demo.tax_code].sync(force=True).ok

            def rate_some(tax_code: str, count: int) -> None:
                numbers = store.declarations.unrated_numbers(count, tax_code=tax_code)
                assert len(numbers) == count
                for index, number in enumerate(numbers):
                    rate(store, number, Score.VERY_DISSATISFIED if index else Score.SATISFIED)

            rate_some(first.tax_code, 1)
            rate_some(second.tax_code, 2)
            for tax_code in (first.tax_code, second.tax_code):
                assert engines[tax_code].sync(force=True).delivered
            rate_some(first.tax_code, 2)
            server.set_scenario("reject-all")
            for _ in range(passes):
                engines[first.tax_code].sync(force=True)
            rate_some(third.tax_code, 2)
            server.set_scenario("offline")
            for _ in range(passes):
                engines[third.tax_code].sync(force=True)
            store.enterprises.set_current(second.tax_code)
            numbers = {
                code: [
                    str(row[0])
                    for row in store.execute(
                        "SELECT number FROM declarations WHERE tax_code = ? ORDER BY number",
                        (code,),
                    )
                ]
                for code in accounts
            }
    finally:
        server.set_scenario("normal")
        for client in clients:
            client.close()
        handler.flush()
        logging.getLogger().removeHandler(handler)
        handler.close()
    return Broker(
        paths,
        [e.tax_code for e in DEMO_ENTERPRISES],
        numbers,
        {e.tax_code: e.name for e in DEMO_ENTERPRISES},
    )
