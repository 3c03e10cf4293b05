"""Profiles, logging redaction and settings: the plumbing support staff and tests rely on."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from app.logs import configure_logging, redact
from app.paths import APP_AUTHOR, APP_NAME, PROFILE_ENV, resolve_paths
from app.settings import Settings


def test_the_profile_variable_moves_data_config_and_logs(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path / "p"))
    paths = resolve_paths()
    for directory in (paths.data_dir, paths.config_dir, paths.log_dir):
        assert directory.is_relative_to(tmp_path / "p")
    assert len({paths.data_dir, paths.config_dir, paths.log_dir}) == 3


def test_an_explicit_profile_wins_over_the_variable(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(PROFILE_ENV, str(tmp_path / "env"))
    paths = resolve_paths(tmp_path / "arg")
    assert paths.store_file.is_relative_to(tmp_path / "arg")


def test_without_a_profile_the_platform_user_dirs_are_used(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.delenv(PROFILE_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    paths = resolve_paths()
    assert paths.data_dir.is_relative_to(tmp_path / "xdg-data")
    assert APP_NAME in paths.data_dir.parts or APP_AUTHOR in paths.data_dir.parts


def test_phone_numbers_and_secrets_never_reach_the_log_file(profile) -> None:
    handler = configure_logging(profile.log_dir)
    logger = logging.getLogger("tests.redaction")
    logger.info("contact %s called about %s", "0912 345 678", "104512345670")
    logger.info("login payload %s", {"tax_code": "0100109106", "password": "Mật-khẩu 123"})
    logger.warning("sent with Authorization: Bearer eyJhbGciOi.abc.def and token=s3cr3t")
    handler.flush()
    text = profile.log_file.read_text(encoding="utf-8")
    assert "345 678" not in text and "912345678" not in text
    assert "0912***78" in text
    assert "104512345670" in text  # declaration numbers are not phones
    assert "Mật-khẩu" not in text and "s3cr3t" not in text and "eyJhbGciOi" not in text
    logging.getLogger().removeHandler(handler)
    handler.close()


@pytest.mark.parametrize(
    ("raw", "hidden"),
    [
        ("+84 91 234 5678", "234 5678"),
        ("phone=0385123456;", "0385123456"),
        ('{"access_token": "abc def"}', "abc def"),
    ],
)
def test_redact_hides(raw: str, hidden: str) -> None:
    assert hidden not in redact(raw)


def test_settings_roundtrip_and_ignore_damage(profile) -> None:
    path = profile.settings_file
    assert Settings.load(path) == Settings()
    Settings(language="en", server_url="https://intake.example", tax_code="0100109106").save(path)
    loaded = Settings.load(path)
    assert loaded.language == "en" and loaded.tax_code == "0100109106"
    path.write_text("{not json", encoding="utf-8")
    assert Settings.load(path) == Settings()
    path.write_text('{"language": "fr", "sync_interval_seconds": "soon"}', encoding="utf-8")
    assert Settings.load(path) == Settings()


def test_settings_refuse_to_hold_a_secret(profile, monkeypatch) -> None:
    settings = Settings()
    monkeypatch.setattr("app.settings.asdict", lambda _s: {"language": "vi", "password": "x"})
    with pytest.raises(ValueError, match="secret"):
        settings.save(profile.settings_file)
    assert not profile.settings_file.exists()
