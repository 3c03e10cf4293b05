"""The declarant's main window."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow

from app.settings import Settings
from app.store import RatingState, Store


class MainWindow(QMainWindow):
    def __init__(self, store: Store, settings: Settings):
        super().__init__()
        self.store = store
        self.settings = settings
        self.setWindowTitle(self.tr("Đánh giá mức độ hài lòng — Hải quan"))
        total = store.execute("SELECT count(*) FROM declarations").fetchone()[0]
        unrated = store.count_by_rating_state(RatingState.UNRATED)
        self.summary = QLabel(
            self.tr("{total} tờ khai, {unrated} chưa đánh giá").format(total=total, unrated=unrated)
        )
        self.setCentralWidget(self.summary)
        self.resize(1200, 700)
