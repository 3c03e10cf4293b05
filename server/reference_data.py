"""The fixed vocabulary of the simulated VNACCS world: offices, teams, stages, names, type codes.

Office codes follow the real shape (2 digits + 2 characters) and the March 2025 structure
(regional sub-departments, "Chi cục Hải quan khu vực", over border-gate and inland units; Hai
Phong is region III, Quang Ninh region VIII), but the code ↔ unit pairs are illustrative, not an
official table. Names and enterprises are generated; none is meant to be a real person or firm.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Office:
    code: str
    name: str
    region: str

    @property
    def full_name(self) -> str:
        return f"{self.name} ({self.region})"


REGION_I = "Chi cục Hải quan khu vực I"
REGION_III = "Chi cục Hải quan khu vực III"
REGION_VIII = "Chi cục Hải quan khu vực VIII"

OFFICES: tuple[Office, ...] = (
    Office("03CC", "Hải quan cửa khẩu cảng Hải Phòng khu vực 1", REGION_III),
    Office("03CE", "Hải quan cửa khẩu cảng Đình Vũ", REGION_III),
    Office("03TG", "Hải quan Khu công nghiệp Tràng Duệ", REGION_III),
    Office("03NK", "Hải quan Khu kinh tế Hải Phòng", REGION_III),
    Office("20BC", "Hải quan cửa khẩu cảng Cái Lân", REGION_VIII),
    Office("20CD", "Hải quan cửa khẩu quốc tế Móng Cái", REGION_VIII),
    Office("20BD", "Hải quan cửa khẩu cảng Cẩm Phả", REGION_VIII),
    Office("01NV", "Hải quan cửa khẩu sân bay quốc tế Nội Bài", REGION_I),
)

#: (code suffix, name): the working teams of every unit.
TEAMS: tuple[tuple[str, str], ...] = (
    ("TT", "Đội Thủ tục hàng hóa xuất nhập khẩu"),
    ("KT", "Đội Kiểm tra thực tế hàng hóa"),
    ("GS", "Đội Giám sát hải quan"),
)

#: Khâu nghiệp vụ: (code, name).
STAGE_REGISTRATION = ("TNDK", "Tiếp nhận, đăng ký tờ khai")
STAGE_DOCUMENTS = ("KTHS", "Kiểm tra hồ sơ")
STAGE_GOODS = ("KTTT", "Kiểm tra thực tế hàng hóa")
STAGE_TAX = ("THUE", "Thu thuế, lệ phí")
STAGE_SUPERVISION = ("GSHQ", "Giám sát hải quan")

SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh",
)  # fmt: skip
MIDDLE_NAMES = (
    "Văn", "Thị", "Đức", "Minh", "Quang", "Thu", "Thanh", "Ngọc", "Hữu", "Xuân", "Hồng", "Thế",
    "Kim", "Tuấn", "Bảo",
)  # fmt: skip
GIVEN_NAMES = (
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hiếu", "Hoa", "Hùng", "Hương",
    "Khánh", "Lan", "Linh", "Long", "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm",
    "Thảo", "Trang", "Trung", "Tuấn", "Vân", "Yến", "Đạt", "Thắng",
)  # fmt: skip

ENTERPRISE_FORMS = ("Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV")
ENTERPRISE_TRADES = (
    "Thương mại và Dịch vụ", "Xuất nhập khẩu", "Logistics", "Sản xuất Bao bì", "Dệt may",
    "Thép", "Điện tử", "Nông sản", "Gỗ nội thất", "Thủy sản", "Linh kiện ô tô", "Hóa chất",
)  # fmt: skip
ENTERPRISE_NAMES = (
    "Hải Long", "Minh Phát", "Đông Bắc", "Sao Biển", "Tân Cảng Xanh", "Hưng Thịnh", "Phú Gia",
    "Ánh Dương", "Thái Bình Dương", "Hạ Long Xanh", "Việt Hàn", "Kim Ngân", "Trường Sơn",
)  # fmt: skip
#: Tax-code province prefixes: Hà Nội 01, Hải Phòng 02, TP Hồ Chí Minh 03, Quảng Ninh 57.
TAX_PROVINCES = ("02", "02", "02", "57", "57", "01", "03")

#: (type code, weight): loại hình (Decision 1357/QĐ-TCHQ).
IMPORT_TYPES: tuple[tuple[str, int], ...] = (
    ("A11", 30),  # nhập kinh doanh tiêu dùng
    ("A12", 20),  # nhập kinh doanh sản xuất
    ("E31", 15),  # nhập nguyên liệu sản xuất xuất khẩu
    ("A41", 8),  # nhập kinh doanh của doanh nghiệp thực hiện quyền nhập khẩu
    ("E21", 7),  # nhập nguyên liệu để gia công
    ("E11", 5),  # nhập nguyên liệu của doanh nghiệp chế xuất
    ("G12", 3),  # tạm nhập máy móc, thiết bị
    ("A31", 2),  # nhập hàng xuất khẩu bị trả lại
)
EXPORT_TYPES: tuple[tuple[str, int], ...] = (
    ("B11", 40),  # xuất kinh doanh
    ("E62", 20),  # xuất sản phẩm sản xuất xuất khẩu
    ("E52", 15),  # xuất sản phẩm gia công
    ("E42", 15),  # xuất sản phẩm của doanh nghiệp chế xuất
    ("B13", 5),  # xuất khẩu hàng đã nhập khẩu
    ("G61", 5),  # tạm xuất
)
#: Import types on which duties are collected before release (adds the tax stage).
DUTIABLE_TYPES = frozenset({"A11", "A12", "A41", "A31"})

#: (operation code, question, answer): answered requests seeded into the support desk.
SUPPORT_QA: tuple[tuple[str, str, str], ...] = (
    (
        "IDA",
        "Khi khai IDA, hệ thống báo không tìm thấy mã địa điểm lưu kho dù doanh nghiệp nhập "
        "đúng mã ghi trên thông báo hàng đến.",
        "Mã địa điểm lưu kho phải là mã kho, bãi, cảng đã được cơ quan hải quan cấp và còn hiệu "
        "lực. Doanh nghiệp cập nhật bảng mã chuẩn trên phần mềm khai báo, kiểm tra lại mã rồi "
        "gửi lại IDA. Nếu vẫn lỗi, chụp màn hình thông báo và gửi kèm yêu cầu hỗ trợ.",
    ),
    (
        "IDA",
        "Gửi IDA thì nhận thông báo số vận đơn đã được khai trên một tờ khai khác.",
        "Một vận đơn chỉ khai trên một tờ khai, trừ trường hợp tách vận đơn theo quy định. Nếu "
        "tờ khai trước khai sai, doanh nghiệp hủy tờ khai đó (IDE) hoặc khai bổ sung trước khi "
        "khai lại IDA.",
    ),
    (
        "IDC",
        "Đã khai IDA thành công nhưng khi gửi IDC hệ thống báo thông tin khai trước không còn.",
        "Thông tin khai trước (IDA) chỉ được lưu trên hệ thống VNACCS trong thời hạn nhất định "
        "(7 ngày). Quá thời hạn, doanh nghiệp khai lại IDA rồi gửi IDC để đăng ký tờ khai.",
    ),
    (
        "IDC",
        "Tờ khai nhập khẩu được phân luồng vàng, doanh nghiệp cần nộp những chứng từ nào?",
        "Với luồng vàng, cơ quan hải quan kiểm tra hồ sơ. Doanh nghiệp nộp các chứng từ thuộc hồ "
        "sơ hải quan (hóa đơn thương mại, vận đơn, giấy phép nếu có…) dưới dạng điện tử qua "
        "nghiệp vụ HYS hoặc theo hướng dẫn của Chi cục nơi đăng ký tờ khai.",
    ),
    (
        "EDA",
        "Khai EDA báo lỗi tổng trị giá hóa đơn không khớp với tổng trị giá các dòng hàng.",
        "Tổng trị giá hóa đơn ở phần thông tin chung phải bằng tổng trị giá các dòng hàng sau "
        "các khoản điều chỉnh. Doanh nghiệp kiểm tra lại đơn giá, số lượng và điều kiện giao "
        "hàng rồi gửi lại EDA.",
    ),
    (
        "EDA",
        "Tờ khai xuất khẩu đã thông quan nhưng cần sửa lại số lượng hàng thực xuất.",
        "Sau thông quan, doanh nghiệp khai bổ sung hồ sơ hải quan theo Điều 20 Thông tư "
        "38/2015/TT-BTC (đã sửa đổi), kèm chứng từ chứng minh, và liên hệ Chi cục nơi đăng ký "
        "tờ khai để được hướng dẫn.",
    ),
    (
        "MIC",
        "Khai tờ khai trị giá thấp (MIC) bị từ chối vì lô hàng vượt ngưỡng trị giá.",
        "Tờ khai trị giá thấp chỉ áp dụng cho lô hàng trong ngưỡng trị giá quy định. Lô hàng "
        "vượt ngưỡng phải khai trên tờ khai nhập khẩu thông thường (IDA/IDC).",
    ),
)
#: One question still waiting for an answer, so the officials' queue is not empty.
SUPPORT_OPEN: tuple[str, str] = (
    "EDC",
    "Gửi EDC thì hệ thống báo lỗi chữ ký số không hợp lệ dù chứng thư số vẫn còn hạn.",
)
