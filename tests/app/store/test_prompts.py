"""The rating prompt is raised once per declaration, across restarts."""

from __future__ import annotations

from app.demo_data import demo_declarations
from app.domain.model import DeclarationStatus
from app.paths import Paths
from app.store import Store


def test_claim_returns_only_numbers_never_prompted(profile: Paths) -> None:
    with Store.open(profile.store_file) as store:
        ledger = store.prompts
        assert ledger.claim(["104512345670", "104512345671", "104512345670"]) == [
            "104512345670",
            "104512345671",
        ]
        assert ledger.claim(["104512345671", "104512345672"]) == ["104512345672"]
        assert ledger.claim([]) == []
        assert ledger.was_prompted("104512345670")
        assert not ledger.was_prompted("999999999999")
    with Store.open(profile.store_file) as store:
        assert store.prompts.claim(["104512345670"]) == []


def test_demo_data_looks_like_customs_data(profile: Paths) -> None:
    declarations = list(demo_declarations(200, seed=1))
    assert all(len(d.number) == 12 and d.number[:2] in ("10", "30") for d in declarations)
    assert all(len(d.office_code) == 4 and d.office_code[:2].isdigit() for d in declarations)
    assert any(d.status is DeclarationStatus.CLEARED for d in declarations)
    for d in declarations:
        keys = [t.key for t in d.targets]
        assert len(keys) == len(set(keys))
    with Store.open(profile.store_file) as store:
        store.declarations.upsert(declarations)
        assert store.declarations.count() > 190
