"""``store.support`` and the support form's local reads, on a real store file."""

from __future__ import annotations

from pathlib import Path

from app.domain.model import SupportRequest
from app.paths import Paths
from app.store import Office, Store
from app.store.support import known_offices, last_enterprise_name
from tests.factories import TAX_CODE, declaration

BRANCH = "0100109106-001"


def request(tax_code: str, enterprise_name: str) -> SupportRequest:
    return SupportRequest(
        tax_code=tax_code,
        enterprise_name=enterprise_name,
        office_code="03CC",
        operation_code="IDC",
        content="Khai IDC báo lỗi E1000 khi đăng ký tờ khai, xin hướng dẫn.",
    )


def test_the_form_lists_each_office_of_the_local_declarations_once(profile: Paths) -> None:
    with Store.open(profile.store_file) as store:
        store.declarations.upsert(
            [
                declaration("104512345670", office_code="03CC"),
                declaration("104512345671", office_code="03CC", office_name=""),
                declaration("104512345672", office_code="01NV", office_name="Chi cục Nội Bài"),
            ]
        )
        # A reader of its own, while the window's connection stays open.
        assert known_offices(store.path) == [
            Office("01NV", "Chi cục Nội Bài"),
            Office("03CC", "Chi cục Hải quan cửa khẩu cảng Hải Phòng KV I"),
        ]


def test_the_form_is_prefilled_with_this_enterprise_s_last_name(profile: Paths) -> None:
    with Store.open(profile.store_file) as store:
        assert last_enterprise_name(store.path, TAX_CODE) == ""
        store.support.save(request(TAX_CODE, "Công ty TNHH Hải Long"))
        store.support.save(request(BRANCH, "Chi nhánh Hải Long tại Hải Phòng"))
        store.support.save(request(TAX_CODE, "Công ty TNHH Xuất nhập khẩu Hải Long"))
        assert last_enterprise_name(store.path, TAX_CODE) == "Công ty TNHH Xuất nhập khẩu Hải Long"
        assert last_enterprise_name(store.path, BRANCH) == "Chi nhánh Hải Long tại Hải Phòng"


def test_a_store_not_made_yet_gives_the_form_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "store.sqlite3"
    assert known_offices(missing) == []
    assert last_enterprise_name(missing, TAX_CODE) == ""
    assert not missing.exists()  # reading never creates the file
