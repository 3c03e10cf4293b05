"""The demo accounts a newcomer logs in with, printed at start and listed in the README.

The tax codes are valid (check digit included) but lie far past the sequence numbers the Hai
Phong tax department (province code 02) has handed out, so none can be a real company's. They
are a customs broker's world (đại lý làm thủ tục hải quan): two client enterprises and a branch
of the first with its own tax code (``-001``), each with its own password, so one desktop profile
can keep all three in its list of enterprises and nothing of one shows under another.
"""

from __future__ import annotations

from typing import NamedTuple


class DemoEnterprise(NamedTuple):
    tax_code: str
    name: str
    password: str


#: The first is the one the desktop client logs in as at its first start.
DEMO_ENTERPRISES: tuple[DemoEnterprise, ...] = (
    DemoEnterprise(
        "0299987654", "Công ty TNHH Xuất nhập khẩu Thử nghiệm Hải Phòng (DEMO)", "hailong2025"
    ),
    DemoEnterprise(
        "0299987661", "Công ty Cổ phần Thương mại Thử nghiệm Quảng Ninh (DEMO)", "quangninh2025"
    ),
    DemoEnterprise(
        "0299987654-001",
        "Chi nhánh Đình Vũ — Công ty TNHH Xuất nhập khẩu Thử nghiệm Hải Phòng (DEMO)",
        "dinhvu2025",
    ),
)
DEMO_TAX_CODES = frozenset(e.tax_code for e in DEMO_ENTERPRISES)

DEMO_TAX_CODE, DEMO_ENTERPRISE_NAME, DEMO_PASSWORD = DEMO_ENTERPRISES[0]

DEMO_OFFICIAL_USERNAME = "official01"
DEMO_OFFICIAL_PASSWORD = "kiemtra2025"
DEMO_OFFICIAL_NAME = "Phạm Minh Tuấn"
DEMO_OFFICIAL_OFFICE = "03CC"


def demo_enterprise(tax_code: str) -> DemoEnterprise | None:
    """The demo account with this tax code, if it is one."""
    return next((e for e in DEMO_ENTERPRISES if e.tax_code == tax_code), None)
