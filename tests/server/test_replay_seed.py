"""server.replay_seed: a data dir holding one declarant's world and nothing of the demo's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests

from app.domain.model import DeclarationStatus, StatusChange
from server.embedded import start_embedded
from server.replay_seed import AlreadySeeded, declaration_row, seed_replay
from tests.factories import TAX_CODE, declaration


def test_the_seeded_server_serves_the_declarants_declarations_and_no_demo_world(
    tmp_path: Path,
) -> None:
    history = (
        StatusChange(DeclarationStatus.REGISTERED, datetime(2026, 11, 20, 8, 30, tzinfo=UTC)),
        StatusChange(DeclarationStatus.CLEARED, datetime(2026, 11, 21, 9, 0, tzinfo=UTC)),
    )
    mine = [declaration("104512345670", history=history), declaration("304512345671")]
    other = declaration("104512345672", tax_code="0299987654")
    count = seed_replay(
        tmp_path / "intake", tax_code=TAX_CODE, name="Công ty Thử", password="mật khẩu 1",
        declarations_of_enterprise=[*mine, other],
    )  # fmt: skip
    assert count == 2
    with pytest.raises(AlreadySeeded):
        seed_replay(tmp_path / "intake", tax_code=TAX_CODE, name="x", password="y",
                    declarations_of_enterprise=[])  # fmt: skip
    with start_embedded(tmp_path / "intake", pace=0) as server:
        assert server.declaration_numbers(tax_code=TAX_CODE) == ["104512345670", "304512345671"]
        assert server.declaration_numbers(tax_code=server.demo_tax_code) == []
        token = requests.post(
            f"{server.url}/api/v1/auth/token",
            json={"tax_code": TAX_CODE, "password": "mật khẩu 1"},
            timeout=10,
        ).json()["access_token"]
        page = requests.get(
            f"{server.url}/api/v1/declarations",
            headers={"Authorization": f"Bearer {token}"},
            timeout=10,
        ).json()
    first = page["items"][0]
    assert first["status"] == "cleared" and [h["status"] for h in first["history"]] == [
        "registered",
        "cleared",
    ]
    assert {(t["kind"], t["code"]) for t in first["targets"]} == {
        (t.kind.value, t.code) for t in mine[0].targets
    }


def test_a_declaration_without_history_gets_its_status_at_registration() -> None:
    row = declaration_row(declaration(), 7)
    assert row["history"] == [{"status": "cleared", "at": "2026-11-20T08:30:00+00:00"}]
    assert row["change_seq"] == 7 and row["channel"] == 1


def test_a_brokers_bundle_seeds_each_of_its_enterprises_and_none_of_the_demo_ones(
    tmp_path: Path,
) -> None:
    from server.demo import DEMO_ENTERPRISES
    from server.replay_seed import ReplayEnterprise, seed_replay_enterprises

    first, left_out, branch = DEMO_ENTERPRISES  # the bundle is for the first and the branch
    a = [declaration("104512345670", tax_code=first.tax_code)]
    c = [declaration("104512345671", tax_code=branch.tax_code)]
    stray = declaration("104512345672", tax_code=left_out.tax_code)
    count = seed_replay_enterprises(
        tmp_path / "intake",
        [
            ReplayEnterprise(first.tax_code, first.name, "mật khẩu A", [*a, stray]),
            ReplayEnterprise(branch.tax_code, branch.name, "mật khẩu C", c),
        ],
    )
    assert count == 2
    with start_embedded(tmp_path / "intake", pace=0) as server:
        assert server.declaration_numbers(tax_code=first.tax_code) == ["104512345670"]
        assert server.declaration_numbers(tax_code=branch.tax_code) == ["104512345671"]
        # The demo enterprise the bundle left out is not added to the replay's world.
        assert server.declaration_numbers(tax_code=left_out.tax_code) == []
        for code, password, ok in (
            (first.tax_code, "mật khẩu A", 200),
            (branch.tax_code, "mật khẩu C", 200),
            (branch.tax_code, "mật khẩu A", 401),  # each its own credentials
            (left_out.tax_code, left_out.password, 401),
        ):
            reply = requests.post(
                f"{server.url}/api/v1/auth/token",
                json={"tax_code": code, "password": password},
                timeout=10,
            )
            assert reply.status_code == ok, (code, reply.status_code)
