"""The desktop client's demo server listens on a port the README can name, when it is free."""

from __future__ import annotations

import socket
from pathlib import Path

import httpx

from server.embedded import DEMO_PORT, start_embedded
from ui.session import _start_embedded


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_preferred_port_is_used_when_free_and_another_one_when_taken(
    tmp_path: Path, intake_template: Path
) -> None:
    wanted = free_port()
    with start_embedded(tmp_path / "a", pace=None, preferred_port=wanted) as server:
        assert server.port == wanted
        page = httpx.get(f"http://127.0.0.1:{wanted}/console/login", timeout=10)
        assert page.status_code == 200 and "Đăng nhập" in page.text
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen(1)
        taken = holder.getsockname()[1]
        with start_embedded(tmp_path / "b", pace=None, preferred_port=taken) as server:
            assert server.port not in (0, taken)
            assert httpx.get(f"{server.url}/console/login", timeout=10).status_code == 200


def test_the_desktop_client_asks_for_the_demo_port(monkeypatch, profile) -> None:
    asked: dict[str, object] = {}

    def fake_start(data_dir: Path, **options: object) -> str:
        asked.update(options, data_dir=data_dir)
        return "server"

    monkeypatch.setattr("server.embedded.start_embedded", fake_start)
    assert _start_embedded(profile, None) == "server"  # type: ignore[comparison-overlap]
    assert asked["preferred_port"] == DEMO_PORT == 8765
    assert asked["scenario"] == "normal"
