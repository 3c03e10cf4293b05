"""The store's failures, each with what the user is told, Vietnamese first.

A write that fails leaves nothing behind (the transaction rolls back whole), so every message
about one says that what the user typed is still on screen and what to do next.
"""

from __future__ import annotations

from pathlib import Path

from app.domain.messages import Message


class StoreError(Exception):
    """A store failure the user must hear about, in their language."""

    def __init__(self, message: Message):
        self.message = message
        super().__init__(message.en)


class StoreFull(StoreError):
    """The disk (or the file's page limit) is full: nothing of the write was kept."""


class StoreDamaged(StoreError):
    """The file is damaged: nothing more is written into it."""


class StoreInUse(RuntimeError):
    """A store file cannot be moved: a connection of this process still holds it."""


NOT_SAVED_DISK_FULL = Message(
    "disk_full",
    "Chưa lưu được: ổ đĩa đã đầy. Hãy giải phóng dung lượng rồi bấm Gửi lại; nội dung bạn nhập vẫn còn.",
    "Not saved: the disk is full. Free some space and press Send again; what you typed is kept.",
)
NOT_SAVED_IO = Message(
    "store_write_failed",
    "Chưa lưu được do lỗi ghi dữ liệu. Nội dung bạn nhập vẫn còn; hãy thử lại.",
    "Not saved: the data could not be written. What you typed is kept; please try again.",
)
NEWER_SCHEMA = Message(
    "store_too_new",
    "Dữ liệu được tạo bởi phiên bản mới hơn của chương trình. Hãy cập nhật chương trình.",
    "The data was written by a newer version of this program. Please update the program.",
)
DAMAGED_FOUND = Message(
    "store_damaged",
    "Tệp dữ liệu bị hỏng. Chương trình sẽ ngừng ghi vào tệp này và cứu những gì còn đọc được.",
    "The data file is damaged. The program stops writing into it and saves what can still be read.",
)
NOT_SAVED_DAMAGED = Message(
    "store_damaged_not_saved",
    "Chưa lưu được: tệp dữ liệu bị hỏng và đang được cứu sang tệp mới. Nội dung bạn nhập vẫn còn; "
    "hãy bấm Gửi lại sau ít giây.",
    "Not saved: the data file is damaged and is being rescued into a new one. What you typed is "
    "kept; press Send again in a few seconds.",
)


def corrupt_notice(moved_to: Path) -> Message:
    return Message(
        "store_recovered",
        f"Tệp dữ liệu bị hỏng nên đã được chuyển sang {moved_to.name} (không bị xóa) và một tệp mới "
        "đã được tạo. Danh sách tờ khai sẽ được tải lại khi đồng bộ; hãy gửi gói hỗ trợ nếu cần khôi phục.",
        f"The data file was damaged, so it was moved to {moved_to.name} (not deleted) and a new one "
        "was created. Declarations will be downloaded again at the next sync; send a support bundle "
        "if you need the old data recovered.",
    )
