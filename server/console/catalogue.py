"""Every string the console shows, in Vietnamese (the default) and English.

Templates call ``t("key")``; the tests render every page in both languages, and a key missing here
fails there (KeyError), never as an empty label on a page.
"""

from __future__ import annotations

from typing import Literal

Language = Literal["vi", "en"]
LANGUAGES: tuple[Language, ...] = ("vi", "en")

STRINGS: dict[str, tuple[str, str]] = {
    # frame
    "app_title": ("Bảng điều khiển cán bộ hải quan", "Customs officials' console"),
    "nav_queue": ("Hàng đợi xác minh", "Verification queue"),
    "nav_stats": ("Thống kê", "Statistics"),
    "nav_support": ("Yêu cầu hỗ trợ", "Support requests"),
    "logout": ("Đăng xuất", "Log out"),
    "switch_language": ("English", "Tiếng Việt"),
    "switch_language_label": ("Switch to English", "Chuyển sang tiếng Việt"),
    "skip_to_content": ("Chuyển đến nội dung chính", "Skip to the main content"),
    "signed_in_as": ("Đang đăng nhập:", "Signed in as:"),
    # login
    "login_title": ("Đăng nhập", "Log in"),
    "login_intro": (
        "Dành cho cán bộ hải quan: xác minh, trả lời phiếu đánh giá thấp và xem thống kê.",
        "For customs officials: verify and answer low ratings, see the statistics.",
    ),
    "username": ("Tên đăng nhập", "User name"),
    "password": ("Mật khẩu", "Password"),
    "login_button": ("Đăng nhập", "Log in"),
    "login_failed": (
        "Tên đăng nhập hoặc mật khẩu không đúng. Vui lòng kiểm tra và thử lại.",
        "The user name or password is wrong. Please check them and try again.",
    ),
    "login_expired_form": (
        "Trang đăng nhập đã hết hạn. Vui lòng nhập lại và bấm Đăng nhập.",
        "The log-in page expired. Please enter your details again and press Log in.",
    ),
    "logged_out": ("Bạn đã đăng xuất.", "You have logged out."),
    "session_expired": (
        "Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại.",
        "Your session has expired. Please log in again.",
    ),
    "csrf_failed": (
        "Biểu mẫu đã hết hạn hoặc không hợp lệ. Vui lòng tải lại trang và thử lại.",
        "The form expired or is not valid. Please reload the page and try again.",
    ),
    # queue
    "queue_title": ("Hàng đợi xác minh phiếu đánh giá thấp", "Low rating verification queue"),
    "queue_intro": (
        "Mọi phiếu 1–2 sao, cũ nhất trước. Hạn trả lời: {days} ngày làm việc kể từ khi nhận.",
        "Every 1–2 star sheet, oldest first. Answer due within {days} working days of arrival.",
    ),
    "filters": ("Bộ lọc", "Filters"),
    "filter_apply": ("Lọc", "Filter"),
    "filter_clear": ("Bỏ lọc", "Clear filters"),
    "search": ("Số tờ khai hoặc mã số thuế", "Declaration number or tax code"),
    "any": ("Tất cả", "All"),
    "open_states": ("Đang mở (mới, đang xác minh, mở lại)", "Open (new, verifying, reopened)"),
    "all_states": ("Mọi trạng thái", "Every state"),
    "state": ("Trạng thái", "State"),
    "score": ("Điểm", "Score"),
    "stars": ("{score} sao", "{score} stars"),
    "kind_sub_department": ("Chi cục", "Sub-department"),
    "kind_team": ("Đội/Tổ công tác", "Team"),
    "kind_officer": ("Công chức", "Officer"),
    "kind_stage": ("Khâu nghiệp vụ", "Procedure stage"),
    "state_new": ("Mới", "New"),
    "state_verifying": ("Đang xác minh", "Being verified"),
    "state_answered": ("Đã trả lời", "Answered"),
    "state_reopened": ("Mở lại", "Reopened"),
    "col_received": ("Ngày nhận", "Received"),
    "col_days": ("Số ngày", "Days"),
    "col_due": ("Hạn trả lời", "Due"),
    "col_declaration": ("Tờ khai", "Declaration"),
    "col_enterprise": ("Doanh nghiệp", "Enterprise"),
    "col_targets": ("Đối tượng và điểm", "Targets and scores"),
    "col_contact": ("Người liên hệ", "Contact"),
    "col_assigned": ("Người xử lý", "Handled by"),
    "overdue": ("Quá hạn", "Overdue"),
    "queue_empty": ("Không có phiếu nào khớp bộ lọc.", "No sheet matches the filters."),
    "queue_count": ("{count} phiếu", "{count} sheets"),
    "page_prev": ("Trang trước", "Previous page"),
    "page_next": ("Trang sau", "Next page"),
    # case
    "case_title": ("Phiếu {receipt}", "Sheet {receipt}"),
    "back_to_queue": ("Quay lại hàng đợi", "Back to the queue"),
    "declaration": ("Tờ khai", "Declaration"),
    "enterprise": ("Doanh nghiệp", "Enterprise"),
    "tax_code": ("Mã số thuế", "Tax code"),
    "customs_office": ("Chi cục", "Customs office"),
    "declaration_type": ("Loại hình", "Type"),
    "rating_stage": ("Thời điểm đánh giá", "When rated"),
    "stage_after_completion": ("Sau khi hoàn thành thủ tục", "After completion"),
    "stage_during_clearance": ("Trong quá trình thông quan", "During clearance"),
    "received": ("Ngày nhận", "Received"),
    "due": ("Hạn trả lời", "Answer due"),
    "days_since": ("{days} ngày kể từ khi nhận", "{days} days since arrival"),
    "targets_scores": ("Đối tượng được đánh giá", "Rated targets"),
    "reasons": ("Lý do", "Reasons"),
    "content": ("Nội dung phản ánh", "What the enterprise wrote"),
    "contact": ("Người liên hệ", "Contact person"),
    "phone": ("Điện thoại", "Phone"),
    "assigned_to": ("Người xử lý", "Handled by"),
    "nobody": ("Chưa có", "Nobody yet"),
    "assign_to_me": ("Nhận xử lý", "Assign to me"),
    "assigned_ok": ("Bạn đã nhận xử lý phiếu này.", "You are now handling this sheet."),
    "handling_note": ("Kết quả xác minh (nội bộ)", "Verification notes (internal)"),
    "save_note": ("Lưu kết quả xác minh", "Save the notes"),
    "note_saved": ("Đã lưu kết quả xác minh.", "The notes are saved."),
    "note_too_long": (
        "Kết quả xác minh dài quá {limit} ký tự; vui lòng rút gọn.",
        "The notes are longer than {limit} characters; please shorten them.",
    ),
    "answer_title": ("Trả lời doanh nghiệp", "Answer the enterprise"),
    "result": ("Kết quả xử lý", "Handling result"),
    "answer_content": ("Nội dung trả lời", "Answer"),
    "answer_hint": (
        "Doanh nghiệp nhận được câu trả lời ở lần đồng bộ tiếp theo.",
        "The enterprise receives the answer at its next sync.",
    ),
    "send_answer": ("Gửi trả lời", "Send the answer"),
    "answer_sent": (
        "Đã gửi trả lời phiếu {receipt}. Phiếu đã rời hàng đợi.",
        "The answer to {receipt} is sent. The sheet has left the queue.",
    ),
    "result_required": ("Vui lòng chọn kết quả xử lý.", "Please choose a handling result."),
    "the_answer": ("Câu trả lời đã gửi", "The answer sent"),
    "answered_by_at": ("{who}, lúc {at}", "{who}, at {at}"),
    "verdict_title": ("Ý kiến của doanh nghiệp", "The enterprise's verdict"),
    "verdict_none": ("Doanh nghiệp chưa cho ý kiến.", "The enterprise has not replied yet."),
    "verdict_accepted": ("Đồng ý với kết quả xử lý", "Accepts the handling result"),
    "verdict_not_resolved": ("Chưa giải quyết được vướng mắc", "Not resolved"),
    "reopen": ("Mở lại phiếu", "Reopen the case"),
    "reopened_ok": ("Đã mở lại phiếu.", "The case is reopened."),
    "reopened_at": ("Mở lại lúc {at}", "Reopened at {at}"),
    "reopened_by_enterprise": (
        "Doanh nghiệp cho biết vướng mắc chưa được giải quyết: phiếu đã trở lại hàng đợi.",
        "The enterprise says the problem is not resolved: the case is back in the queue.",
    ),
    "not_answered_yet": (
        "Phiếu chưa có câu trả lời nên chưa thể mở lại.",
        "The sheet has no answer yet, so there is nothing to reopen.",
    ),
    "close_title": ("Xử lý lại phiếu mở lại", "Handle the reopened case"),
    "close_note": ("Kết quả xác minh lại", "What the further verification found and did"),
    "close_hint": (
        "Hệ thống chỉ gửi một câu trả lời cho mỗi phiếu: hãy liên hệ doanh nghiệp theo số điện "
        "thoại ở trên, rồi ghi lại kết quả để đóng phiếu.",
        "The system sends one answer per sheet: contact the enterprise on the phone above, then "
        "record the outcome to close the case.",
    ),
    "close_button": ("Đóng phiếu", "Close the case"),
    "closed_ok": (
        "Đã đóng phiếu sau khi xác minh lại.",
        "The case is closed after the further verification.",
    ),
    "close_note_required": (
        "Vui lòng ghi kết quả xác minh lại trước khi đóng phiếu.",
        "Please record the outcome of the further verification before closing the case.",
    ),
    "not_reopened": (
        "Phiếu không ở trạng thái mở lại nên không cần đóng.",
        "The case is not reopened, so there is nothing to close.",
    ),
    "closed_by_at": ("Xử lý lại: {who}, lúc {at}", "Handled again: {who}, at {at}"),
    "case_not_found": ("Không tìm thấy phiếu này.", "This sheet does not exist."),
    # statistics
    "stats_title": ("Thống kê mức độ hài lòng", "Satisfaction statistics"),
    "period_from": ("Từ ngày", "From"),
    "period_to": ("Đến ngày", "To"),
    "unit": ("Đơn vị (Chi cục)", "Unit (sub-department)"),
    "all_units": ("Toàn Cục", "The whole department"),
    "show": ("Xem", "Show"),
    "bad_date": (
        "Ngày không hợp lệ; vui lòng nhập theo dạng năm-tháng-ngày (2025-03-31), "
        "ngày bắt đầu không sau ngày kết thúc.",
        "The dates are not valid; please enter them as year-month-day (2025-03-31), "
        "the start not after the end.",
    ),
    "sheets_received": ("Phiếu nhận được", "Sheets received"),
    "scores_given": ("Lượt chấm điểm", "Scores given"),
    "satisfaction_index": ("Chỉ số hài lòng", "Satisfaction index"),
    "satisfaction_help": (
        "Tỷ lệ lượt chấm 4–5 sao trên tổng số lượt chấm.",
        "The share of 4–5 star scores among all scores.",
    ),
    "low_ratings": ("Phiếu đánh giá thấp", "Low ratings"),
    "answered": ("Đã trả lời", "Answered"),
    "answered_on_time": ("Trả lời đúng hạn", "Answered on time"),
    "levels_share": ("Tỷ lệ từng mức", "Share of each level"),
    "level_5": ("Rất hài lòng", "Very satisfied"),
    "level_4": ("Hài lòng", "Satisfied"),
    "level_3": ("Bình thường", "Normal"),
    "level_2": ("Không hài lòng", "Dissatisfied"),
    "level_1": ("Rất không hài lòng", "Very dissatisfied"),
    "by_sub_department": ("Theo Chi cục", "By sub-department"),
    "by_team": ("Theo Đội/Tổ công tác", "By team"),
    "by_officer": ("Theo công chức", "By officer"),
    "by_stage": ("Theo khâu nghiệp vụ", "By procedure stage"),
    "col_code": ("Mã", "Code"),
    "col_name": ("Tên", "Name"),
    "col_scores": ("Lượt chấm", "Scores"),
    "col_average": ("Điểm TB", "Average"),
    "col_index": ("Chỉ số HL (%)", "Index (%)"),
    "col_low": ("Lượt 1–2 sao", "1–2 stars"),
    "col_on_time": ("Trả lời đúng hạn", "Answered on time"),
    "col_month": ("Tháng", "Month"),
    "col_kind": ("Loại đối tượng", "Target kind"),
    "col_sheets": ("Phiếu", "Sheets"),
    "trend_title": ("Xu hướng theo tháng", "Trend by month"),
    "trend_chart_label": (
        "Biểu đồ số phiếu theo tháng; phần đỏ của mỗi cột là phiếu đánh giá thấp",
        "Sheets by month; the red part of each bar is low ratings",
    ),
    "top_reasons": ("Lý do được chọn nhiều nhất", "Most frequent reasons"),
    "col_reason": ("Lý do", "Reason"),
    "col_count": ("Số lượt", "Times"),
    "no_data": ("Không có dữ liệu trong kỳ này.", "No data in this period."),
    "export_csv": ("Tải CSV", "Download CSV"),
    "export_xlsx": ("Tải Excel (XLSX)", "Download Excel (XLSX)"),
    # support
    "support_title": ("Yêu cầu hỗ trợ vướng mắc", "Support requests"),
    "support_open": ("Chưa trả lời", "Open"),
    "support_answered": ("Đã trả lời", "Answered"),
    "support_empty": ("Không có yêu cầu nào.", "No requests."),
    "operation_code": ("Mã nghiệp vụ", "Operation code"),
    "screenshot": ("Ảnh chụp màn hình", "Screenshot"),
    "screenshot_of": ("Ảnh chụp màn hình của yêu cầu {id}", "Screenshot of request {id}"),
    "no_screenshot": ("Không có ảnh", "No screenshot"),
    "support_answer": ("Nội dung trả lời", "Answer"),
    "support_send": ("Gửi trả lời", "Send the answer"),
    "support_sent": (
        "Đã trả lời yêu cầu {id}; doanh nghiệp tra cứu được câu trả lời này.",
        "Request {id} is answered; declarants can now find the answer by search.",
    ),
    "support_not_found": ("Không tìm thấy yêu cầu này.", "This request does not exist."),
}


def translate(language: Language, key: str, **values: object) -> str:
    vi, en = STRINGS[key]
    text = en if language == "en" else vi
    return text.format(**values) if values else text
