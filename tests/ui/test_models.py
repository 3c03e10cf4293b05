"""Every model passes Qt's model tester; the table model sorts and filters through SQLite."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.domain.model import Channel, DeclarationStatus
from app.domain.states import RatingState
from app.store import Store
from app.store.query import DeclarationFilter, GroupCounts, SortColumn
from tests.factories import declaration
from ui import texts
from ui.declaration_model import (
    FIRST_PAGE,
    DeclarationTableModel,
    IdRole,
    NumberRole,
    RatingStateRole,
)
from ui.group_tree import GroupModel, GroupTree


def _fill(store: Store) -> None:
    store.declarations.upsert(
        [
            declaration("104512345670", channel=Channel.GREEN),
            declaration("104512345671", channel=Channel.RED, type_code="A12"),
            declaration("304512345672", status=DeclarationStatus.INSPECTION, type_code="B11"),
            declaration("304512345673", status=DeclarationStatus.RELEASED, channel=None),
        ]
    )


def numbers(model: DeclarationTableModel) -> list[str]:
    return [model.index(r, 0).data(NumberRole) for r in range(model.rowCount())]


def test_table_model_passes_the_model_tester(qtmodeltester, store: Store) -> None:
    _fill(store)
    model = DeclarationTableModel(store, background=False)
    assert model.rowCount() == 4
    qtmodeltester.check(model)
    model.sort(SortColumn.NUMBER, Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(model)


def test_empty_table_model_passes_the_model_tester(qtmodeltester, store: Store) -> None:
    model = DeclarationTableModel(store, background=False)
    assert model.rowCount() == 0
    qtmodeltester.check(model)


def test_cells_show_words_and_channel_colours(store: Store) -> None:
    _fill(store)
    model = DeclarationTableModel(store, background=False)
    model.sort(SortColumn.NUMBER, Qt.SortOrder.AscendingOrder)
    red = model.index(1, SortColumn.CHANNEL)
    assert red.data() == "Đỏ"
    assert red.data(Qt.ItemDataRole.BackgroundRole) == texts.CHANNEL_COLOURS[Channel.RED][0]
    assert model.index(0, SortColumn.STATUS).data() == "Đã chấp nhận thông quan"
    assert model.index(0, SortColumn.RATING).data() == "Chưa đánh giá"
    assert model.index(2, SortColumn.RATING).data() == "—"
    assert model.index(2, SortColumn.RATING).data(RatingStateRole) == RatingState.NOT_RATABLE
    assert model.index(0, SortColumn.REGISTERED).data() == texts.format_time(
        declaration().registered_at
    )
    assert model.index(3, SortColumn.CHANNEL).data() == ""
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Số tờ khai"
    assert isinstance(model.index(0, 0).data(IdRole), int)


def test_sort_and_filter_are_new_id_lists(store: Store) -> None:
    _fill(store)
    model = DeclarationTableModel(store, background=False)
    model.sort(SortColumn.NUMBER, Qt.SortOrder.DescendingOrder)
    assert numbers(model) == sorted(numbers(model), reverse=True)
    model.sort(SortColumn.TYPE, Qt.SortOrder.AscendingOrder)
    assert numbers(model)[:3] == ["104512345670", "304512345673", "104512345671"]  # A11, A12
    model.set_filter(DeclarationFilter.of(rating_states=[RatingState.UNRATED]))
    assert numbers(model) == ["104512345670", "304512345673", "104512345671"]
    model.set_filter(DeclarationFilter(number_prefix="30"))
    assert numbers(model) == ["304512345673", "304512345672"]  # A11 before B11
    model.set_filter(DeclarationFilter(number_prefix="3045 1234 5672"))
    assert numbers(model) == ["304512345672"]


def test_loading_happens_off_the_gui_thread_and_signals_when_done(qtbot, store: Store) -> None:
    _fill(store)
    model = DeclarationTableModel(store)  # background loading, as in the window
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.refresh()
    assert model.rowCount() == 4
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.set_filter(DeclarationFilter.of(statuses=[DeclarationStatus.INSPECTION.value]))
    assert numbers(model) == ["304512345672"]
    model.shutdown()


def test_a_newer_request_wins_over_an_older_one(qtbot, store: Store) -> None:
    _fill(store)
    model = DeclarationTableModel(store)
    model.set_filter(DeclarationFilter(number_prefix="10"))
    model.set_filter(DeclarationFilter(number_prefix="30"))
    qtbot.waitUntil(lambda: not model.is_loading, timeout=10_000)
    assert set(numbers(model)) == {"304512345672", "304512345673"}
    model.shutdown()


def test_group_model_passes_the_model_tester(qtmodeltester, qtbot) -> None:
    model = GroupModel("vi")
    qtmodeltester.check(model)
    model.set_counts(
        GroupCounts(
            5,
            {"cleared": 3, "inspection": 2},
            {RatingState.UNRATED: 3, RatingState.NOT_RATABLE: 2},
        )
    )
    qtmodeltester.check(model)
    texts_shown = []
    stack = [model.invisibleRootItem()]
    while stack:
        item = stack.pop()
        for row in range(item.rowCount()):
            child = item.child(row)
            texts_shown.append(child.text())
            stack.append(child)
    assert "Chưa đánh giá (3)" in texts_shown
    assert "Tất cả tờ khai (5)" in texts_shown
    assert "Đang làm thủ tục (2)" in texts_shown
    tree = GroupTree("vi")
    qtbot.addWidget(tree)
    with qtbot.waitSignal(tree.group_chosen) as chosen:
        tree.setCurrentIndex(tree.group_model.index_for("all", RatingState.UNRATED))
    assert chosen.args == ["all", RatingState.UNRATED]


def test_the_first_screen_comes_at_once_and_the_rest_is_appended(
    qtbot,
    qtmodeltester,
    store: Store,
) -> None:
    store.declarations.upsert([declaration(f"1045{i:08d}") for i in range(FIRST_PAGE + 44)])
    model = DeclarationTableModel(store)
    qtbot.waitUntil(lambda: not model.is_loading, timeout=10_000)
    assert model.counts is not None and model.counts.total == FIRST_PAGE + 44
    inserted: list[tuple[int, int]] = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    with qtbot.waitSignal(model.loaded, timeout=10_000):
        model.sort(SortColumn.NUMBER, Qt.SortOrder.DescendingOrder)
        assert model.rowCount() == FIRST_PAGE  # the first screen, synchronously
        assert model.index(0, 0).data(NumberRole) == f"1045{FIRST_PAGE + 43:08d}"
    assert inserted == [(FIRST_PAGE, FIRST_PAGE + 43)]  # the rest appended, no reset
    assert numbers(model) == sorted(numbers(model), reverse=True)
    qtmodeltester.check(model)
    model.shutdown()
