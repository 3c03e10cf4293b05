"""Every window and dialog fits a 1366 × 768 laptop screen with a taskbar, at 100, 125 and 150 %.

Each scale runs tests/ui/screen_probe.py in a process of its own (the scale factor is read when
the QApplication starts) on the offscreen platform with a 1366 × 768 screen; the probe opens
each window of tests/ui/screens.py with real content and reports its frame and its buttons.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMargins, QRect, QSize, Qt

from tests.ui.screens import WINDOWS
from ui import geometry

ROOT = Path(__file__).resolve().parents[2]
SCREEN = {
    "synchronousWindowSystemEvents": False,
    "windowFrameMargins": False,
    "screens": [
        {
            "name": "laptop",
            "x": 0,
            "y": 0,
            "width": 1366,
            "height": 768,
            "logicalDpi": 96,
            "logicalBaseDpi": 96,
            "dpr": 1,
        }
    ],
}
#: The tallest Windows taskbar of the 40–60 px the declarants' screens have, at every scale.
TASKBAR = 60


def probe(tmp_path: Path, scale: float, language: str) -> list[dict[str, object]]:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps(SCREEN), encoding="utf-8")
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    env["QT_SCALE_FACTOR"] = str(scale)
    env.pop("QT_SCREEN_SCALE_FACTORS", None)
    env.pop("QT_ENABLE_HIGHDPI_SCALING", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.ui.screen_probe",
            "--taskbar",
            str(TASKBAR),
            "--language",
            language,
            "--profile",
            str(tmp_path / "profile"),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("scale", [1.0, 1.25, 1.5])
def test_every_window_and_its_buttons_fit_the_available_area(
    tmp_path: Path, scale: float, language: str
) -> None:
    reports = probe(tmp_path, scale, language)
    assert [r["name"] for r in reports] == list(WINDOWS)
    logical_height = round(768 / scale)
    for report in reports:
        area = report["area"]
        assert isinstance(area, list)
        # The probe really simulated the taskbar: the area is the screen less its height.
        assert logical_height - area[3] >= TASKBAR / scale - 1, report
        assert report["buttons"], f"{report['name']}: no button measured"
    problems = {r["name"]: r["problems"] for r in reports if r["problems"]}
    assert not problems, problems
    first_start = reports[0]
    assert first_start["maximized"], "the first start on a small screen opens maximised"


# -- the geometry rules themselves, without a screen -----------------------------------------


def test_a_client_rectangle_is_moved_then_shrunk_into_the_area() -> None:
    area = QRect(0, 0, 910, 472)
    frame = QMargins(8, 40, 8, 8)
    moved = geometry.clamp_client_rect(QRect(600, 300, 400, 300), area, frame)
    assert moved == QRect(502, 164, 400, 300)
    shrunk = geometry.clamp_client_rect(QRect(-50, -80, 1600, 900), area, frame)
    assert shrunk == QRect(8, 40, 894, 424)
    assert area.contains(shrunk.marginsAdded(frame))


def test_a_saved_geometry_reads_back_and_a_damaged_one_is_ignored() -> None:
    saved = geometry.SavedGeometry(QRect(10, 20, 800, 600), True)
    assert geometry.SavedGeometry.parse(saved.text()) == saved
    for damaged in ("", "1,2,3", "a,b,c,d,e", "0,0,0,600,1", "0,0,800,-1,0"):
        assert geometry.SavedGeometry.parse(damaged) is None


def test_the_main_window_comes_back_where_it_was_closed(make_window, settings) -> None:
    window = make_window()
    window.showNormal()
    area = geometry.available_area(window)
    wanted = QRect(area.x() + 20, area.y() + 60, 640, 400)
    window.setGeometry(wanted)
    window.close()
    assert geometry.SavedGeometry.parse(settings.window_geometry) == geometry.SavedGeometry(
        window.geometry(), False
    )
    again = make_window()
    assert again.geometry() == window.geometry()
    assert not again.windowState() & Qt.WindowState.WindowMaximized


def test_a_maximised_window_is_saved_with_its_normal_size(make_window, settings) -> None:
    window = make_window()
    window.showMaximized()
    window.close()
    saved = geometry.SavedGeometry.parse(settings.window_geometry)
    assert saved is not None and saved.maximized
    again = make_window()
    assert again.windowState() & Qt.WindowState.WindowMaximized


def test_a_window_smaller_than_the_screen_opens_at_its_size(qtbot) -> None:
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    geometry.place_main_window(widget, QSize(300, 200))
    assert widget.size() == QSize(300, 200)
    assert not widget.windowState() & Qt.WindowState.WindowMaximized
    area = geometry.available_area(widget)
    assert area.contains(widget.geometry().marginsAdded(geometry.ESTIMATED_FRAME))
