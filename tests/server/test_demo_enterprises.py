"""The demo enterprises: a broker's two clients and a branch, each logging in with its own demo
password, each with declarations to rate; and ``--demo-data`` declarations that the embedded
server takes on, so a sheet rated on one is delivered (it used to wait "Chờ gửi" for ever)."""

from __future__ import annotations

import dataclasses

import requests

from app.demo_data import DEMO_TAX_CODE as CLIENT_DEMO_TAX_CODE
from app.demo_data import demo_declarations
from app.domain.model import RatingSheet, RatingStage, Score, TargetScore
from app.domain.states import OutboxState, RatingState
from app.domain.validation import validate_tax_code
from app.paths import Paths
from app.store import Store
from app.store.declarations import declarations_of
from app.sync.api_client import ApiClient
from app.sync.engine import SyncEngine
from server.demo import DEMO_ENTERPRISES, DEMO_TAX_CODE, demo_enterprise
from server.embedded import EmbeddedServer, start_embedded


def test_the_demo_enterprises_are_a_broker_s_clients_and_a_branch() -> None:
    codes = [e.tax_code for e in DEMO_ENTERPRISES]
    assert len(codes) == len(set(codes)) >= 3
    assert all(validate_tax_code(code) == code for code in codes)  # canonical and valid
    assert any(code.endswith("-001") for code in codes)
    assert len({e.password for e in DEMO_ENTERPRISES}) == len(codes)
    # The client's --demo-data makes declarations for the one the first start logs in as.
    assert CLIENT_DEMO_TAX_CODE == DEMO_TAX_CODE == codes[0]
    assert demo_enterprise(codes[2]) == DEMO_ENTERPRISES[2]
    assert demo_enterprise("0100109106") is None


def test_each_demo_enterprise_logs_in_and_has_its_own_declarations(
    intake_server: EmbeddedServer,
) -> None:
    seen: dict[str, set[str]] = {}
    for demo in DEMO_ENTERPRISES:
        reply = requests.post(
            f"{intake_server.url}/api/v1/auth/token",
            json={"tax_code": demo.tax_code, "password": demo.password},
            timeout=10,
        )
        assert reply.status_code == 200, reply.text
        token = reply.json()["access_token"]
        page = requests.get(
            f"{intake_server.url}/api/v1/declarations",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()
        numbers = {item["number"] for item in page["items"]}
        assert numbers and all(item["tax_code"] == demo.tax_code for item in page["items"])
        assert any(item["status"] in ("cleared", "released") for item in page["items"])
        seen[demo.tax_code] = numbers
    first, second, branch = (seen[e.tax_code] for e in DEMO_ENTERPRISES[:3])
    assert not first & second and not first & branch and not second & branch
    wrong = requests.post(
        f"{intake_server.url}/api/v1/auth/token",
        json={"tax_code": DEMO_ENTERPRISES[1].tax_code, "password": DEMO_ENTERPRISES[0].password},
        timeout=10,
    )
    assert wrong.status_code == 401


def test_a_data_dir_seeded_before_the_other_demo_enterprises_gets_them(tmp_path) -> None:
    """A profile's embedded server from before this version knew only the first enterprise."""
    import sqlalchemy as sa

    from server.schema import declarations, enterprises

    with (
        start_embedded(tmp_path / "intake", pace=None) as server,
        server.runtime.db.write() as conn,
    ):
        for demo in DEMO_ENTERPRISES[1:]:
            conn.execute(sa.delete(declarations).where(declarations.c.tax_code == demo.tax_code))
            conn.execute(sa.delete(enterprises).where(enterprises.c.tax_code == demo.tax_code))
    with start_embedded(tmp_path / "intake", pace=None) as server:
        for demo in DEMO_ENTERPRISES[1:]:
            assert server.declaration_numbers(tax_code=demo.tax_code)
            reply = requests.post(
                f"{server.url}/api/v1/auth/token",
                json={"tax_code": demo.tax_code, "password": demo.password},
                timeout=10,
            )
            assert reply.status_code == 200


def test_demo_data_sheets_are_delivered_once_the_server_took_the_declarations_on(
    intake_server: EmbeddedServer, profile: Paths
) -> None:
    with Store.open(profile.store_file) as store:
        store.declarations.upsert(demo_declarations(40))
        local = declarations_of(store.path, [DEMO_TAX_CODE])
        assert len(local) == 40 and all(d.targets and d.history for d in local)
        assert declarations_of(store.path, []) == []
        taken = intake_server.adopt_declarations(local)
        assert sorted(taken) == sorted(d.number for d in local)
        assert intake_server.adopt_declarations(local) == []  # once only
        # Not a demo enterprise's declaration: never taken on.
        stranger = dataclasses.replace(local[0], number="109999999990", tax_code="0100109106")
        assert intake_server.adopt_declarations([stranger]) == []

        number = store.declarations.unrated_numbers(1)[0]
        declaration = store.declarations.get(number)
        assert declaration is not None
        store.sheets.save(
            RatingSheet(
                declaration_number=number,
                stage=RatingStage.AFTER_COMPLETION,
                scores=tuple(TargetScore(t, Score.SATISFIED) for t in declaration.targets),
            ),
            DEMO_TAX_CODE,
        )
        client = ApiClient(intake_server.url, timeout=(5, 20))
        try:
            engine = SyncEngine(
                store,
                client,
                tax_code=DEMO_TAX_CODE,
                password=lambda: intake_server.demo_password,
            )
            report = engine.sync(force=True)
        finally:
            client.close()
        assert report.ok and report.delivered == 1, report
        (item,) = store.outbox.items()
        assert item.state is OutboxState.DELIVERED and item.receipt_id
        assert store.declarations.rating_state(number) is RatingState.SENT
