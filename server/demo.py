"""The demo accounts a newcomer logs in with, printed at start and listed in the README.

The tax code is valid (check digit included) but lies far past the sequence numbers the Hai Phong
tax department (province code 02) has handed out, so it cannot be a real company's.
"""

from __future__ import annotations

DEMO_TAX_CODE = "0299987654"
DEMO_PASSWORD = "hailong2025"
DEMO_ENTERPRISE_NAME = "Công ty TNHH Xuất nhập khẩu Thử nghiệm Hải Phòng (DEMO)"

DEMO_OFFICIAL_USERNAME = "official01"
DEMO_OFFICIAL_PASSWORD = "kiemtra2025"
DEMO_OFFICIAL_NAME = "Phạm Minh Tuấn"
DEMO_OFFICIAL_OFFICE = "03CC"
