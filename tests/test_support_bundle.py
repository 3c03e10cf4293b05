"""Support bundles hold what support needs and nothing secret."""

from __future__ import annotations

import json
import logging
import sqlite3
import zipfile
from pathlib import Path

import pytest

from app.credentials import Credentials
from app.logs import configure_logging
from app.settings import Settings
from app.store import Store
from app.support_bundle import BundleError, unpack_bundle, write_bundle
from tests.factories import TAX_CODE, declaration, low_sheet

PASSWORD = "Bí-mật 2026!"
PHONE_DIGITS = "912345678"


@pytest.fixture
def lived_in_profile(profile):
    """A profile as a declarant leaves it: sheets with phones, a saved password, logs."""
    handler = configure_logging(profile.log_dir)
    Settings(tax_code=TAX_CODE, server_url="https://intake.example").save(profile.settings_file)
    Credentials().remember("https://intake.example", TAX_CODE, PASSWORD)
    store = Store.open(profile.store_file)
    store.upsert_declarations([declaration(f"10451234567{i}") for i in range(3)])
    for i in range(3):
        store.save_sheet(low_sheet(f"10451234567{i}"), TAX_CODE)
    logging.getLogger("test").warning(
        "login with password=%s token=abc.def.ghi phone 0912 345 678", PASSWORD
    )
    handler.flush()
    yield profile, store
    store.close()
    logging.getLogger().removeHandler(handler)
    handler.close()


def every_member_text(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_bundle_has_logs_store_settings_versions_and_outbox(lived_in_profile, tmp_path) -> None:
    profile, _store = lived_in_profile
    steps: list[tuple[int, int]] = []
    bundle = write_bundle(
        profile,
        tmp_path / "bundle.zip",
        versions={"qt": "6.x"},
        progress=lambda done, total: steps.append((done, total)),
    )
    members = every_member_text(bundle)
    assert {"store.sqlite3", "settings.json", "manifest.json", "logs/customs-rating.log"} <= set(
        members
    )
    manifest = json.loads(members["manifest.json"])
    assert (
        manifest["app_version"]
        and manifest["python"]
        and manifest["os"]
        and manifest["qt"] == "6.x"
    )
    assert [item["state"] for item in manifest["outbox"]] == ["queued"] * 3
    assert steps[-1][0] == steps[-1][1]
    assert [done for done, _ in steps] == sorted(done for done, _ in steps)


def test_no_password_token_or_full_phone_anywhere_in_the_zip(lived_in_profile, tmp_path) -> None:
    profile, _store = lived_in_profile
    bundle = write_bundle(profile, tmp_path / "bundle.zip")
    raw = bundle.read_bytes()
    for name, data in every_member_text(bundle).items():
        for secret in (PASSWORD.encode(), b"abc.def.ghi", PHONE_DIGITS.encode(), b"912 345 678"):
            assert secret not in data, f"{secret!r} found in {name}"
    assert PASSWORD.encode() not in raw


def test_the_store_copy_is_consistent_and_readable(lived_in_profile, tmp_path) -> None:
    profile, store = lived_in_profile
    # Committed but still only in the -wal file: a plain file copy would lose this declaration.
    store.upsert_declarations([declaration("304512345679")])
    assert Path(str(profile.store_file) + "-wal").stat().st_size > 0
    bundle = write_bundle(profile, tmp_path / "bundle.zip")
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(every_member_text(bundle)["store.sqlite3"])
    conn = sqlite3.connect(copy)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM declarations").fetchone()[0] == 4
        phones = {r[0] for r in conn.execute("SELECT contact_phone FROM rating_sheets")}
        assert phones == {"+8491***78"}
    finally:
        conn.close()


def test_a_bundle_unpacks_into_a_profile_the_store_opens(lived_in_profile, tmp_path) -> None:
    profile, _store = lived_in_profile
    bundle = write_bundle(profile, tmp_path / "bundle.zip")
    paths = unpack_bundle(bundle, tmp_path / "support")
    with Store.open(paths.store_file) as opened:
        assert opened.notice is None
        assert opened.count_outbox_waiting() == 3
    assert Settings.load(paths.settings_file).tax_code == TAX_CODE


@pytest.mark.parametrize("evil", ["../outside.txt", "/etc/passwd", "logs/../../x", "other.bin"])
def test_a_crafted_zip_cannot_write_outside_the_profile(tmp_path, evil: str) -> None:
    crafted = tmp_path / "crafted.zip"
    with zipfile.ZipFile(crafted, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr(evil, "boom")
    with pytest.raises(BundleError):
        unpack_bundle(crafted, tmp_path / "support")
    assert not (tmp_path / "outside.txt").exists()


def test_not_a_zip_is_a_clear_error(tmp_path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"not a zip at all")
    with pytest.raises(BundleError) as failed:
        unpack_bundle(junk, tmp_path / "support")
    assert "gói hỗ trợ" in failed.value.message.vi
