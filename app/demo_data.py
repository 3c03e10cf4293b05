"""Realistic demo declarations for a throwaway profile (screenshots, demos, manual testing).

The real declarations come from the intake server; this only fills a store so the window looks
like a working day at a Hai Phong or Quang Ninh office: 12-digit numbers starting 10 (import) or
30 (export), real type codes, office codes of two digits and two characters, channels in roughly
the published proportions (78% green, 20% yellow, 2% red) and officers with Vietnamese names.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from app.domain.model import (
    Channel,
    Declaration,
    DeclarationStatus,
    StatusChange,
    Target,
    TargetKind,
)

#: The embedded intake server's first demo enterprise (``server.demo``; ``app`` may not import
#: the server, so a test checks the two agree). Demo declarations of an enterprise the server
#: does not know could never be delivered: their sheets waited "Chờ gửi" for ever. The server
#: takes these on when it starts (``EmbeddedServer.adopt_declarations``), so a sheet rated on one
#: is checked and delivered like any other.
DEMO_TAX_CODE = "0299987654"

IMPORT_TYPES = ("A11", "A12", "A21", "A31", "A41", "A42", "E21", "E23", "E31", "G11", "C11")
EXPORT_TYPES = ("B11", "B12", "E42", "E52", "E62", "G21", "G23", "C21", "H21")

OFFICES = (
    ("03CC", "Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực I"),
    ("03EE", "Chi cục Hải quan cửa khẩu cảng Hải Phòng khu vực II"),
    ("03TG", "Chi cục Hải quan cửa khẩu cảng Đình Vũ"),
    ("20BC", "Chi cục Hải quan cửa khẩu cảng Cái Lân"),
    ("20CD", "Chi cục Hải quan cửa khẩu quốc tế Móng Cái"),
)

_FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô")
_MIDDLE = ("Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu")
_GIVEN = ("An", "Bình", "Chinh", "Dũng", "Giang", "Hà", "Hùng", "Lan", "Long", "Mai", "Thảo")
_TEAMS = (
    "Đội Thủ tục hàng hóa xuất nhập khẩu",
    "Đội Kiểm soát hải quan",
    "Tổ Kiểm tra thực tế hàng hóa",
    "Đội Tổng hợp",
)
_STAGES = (
    ("KTHS", "Kiểm tra hồ sơ"),
    ("KTTT", "Kiểm tra thực tế hàng hóa"),
    ("GPH", "Giải phóng hàng"),
    ("TQ", "Thông quan"),
)
_STATUS_WEIGHTS = (
    (DeclarationStatus.REGISTERED, 3),
    (DeclarationStatus.CHANNEL_ASSIGNED, 4),
    (DeclarationStatus.INSPECTION, 3),
    (DeclarationStatus.RELEASED, 6),
    (DeclarationStatus.BROUGHT_TO_STORAGE, 4),
    (DeclarationStatus.CLEARED, 78),
    (DeclarationStatus.CANCELLED, 2),
)
_LIFECYCLE = {
    DeclarationStatus.REGISTERED: (DeclarationStatus.REGISTERED,),
    DeclarationStatus.CHANNEL_ASSIGNED: (
        DeclarationStatus.REGISTERED,
        DeclarationStatus.CHANNEL_ASSIGNED,
    ),
    DeclarationStatus.INSPECTION: (
        DeclarationStatus.REGISTERED,
        DeclarationStatus.CHANNEL_ASSIGNED,
        DeclarationStatus.INSPECTION,
    ),
}


def person_name(rnd: random.Random) -> str:
    return f"{rnd.choice(_FAMILY)} {rnd.choice(_MIDDLE)} {rnd.choice(_GIVEN)}"


def demo_declarations(
    count: int, *, seed: int = 2026, now: datetime | None = None
) -> Iterator[Declaration]:
    """*count* declarations registered over the last weeks, newest last."""
    rnd = random.Random(seed)
    end = now or datetime.now(UTC).replace(microsecond=0)
    start = end - timedelta(days=45)
    step = (end - start) / max(count, 1)
    for index in range(count):
        is_import = rnd.random() < 0.6
        type_code = rnd.choice(IMPORT_TYPES if is_import else EXPORT_TYPES)
        number = ("10" if is_import else "30") + f"{rnd.randrange(10**9):09d}" + str(index % 10)
        office_code, office_name = rnd.choice(OFFICES)
        status = rnd.choices([s for s, _ in _STATUS_WEIGHTS], [w for _, w in _STATUS_WEIGHTS])[0]
        channel: Channel | None = rnd.choices(list(Channel), [78, 20, 2])[0]
        if status is DeclarationStatus.REGISTERED:
            channel = None
        registered = start + step * index + timedelta(minutes=rnd.randrange(0, 120))
        officers = 2 if channel is Channel.RED or rnd.random() < 0.3 else 1
        targets = [
            Target(TargetKind.OFFICER, f"CC{code}", person_name(rnd))
            for code in rnd.sample(range(1000, 9999), officers)
        ]
        targets.append(Target(TargetKind.TEAM, f"DOI{rnd.randrange(1, 5)}", rnd.choice(_TEAMS)))
        targets.append(Target(TargetKind.SUB_DEPARTMENT, office_code, office_name))
        stage_count = 3 if channel is Channel.RED else 2
        for code, name in _STAGES[:stage_count]:
            targets.append(Target(TargetKind.STAGE, code, name))
        steps = _LIFECYCLE.get(status, (DeclarationStatus.REGISTERED, status))
        history = tuple(
            StatusChange(s, registered + timedelta(hours=4 * i)) for i, s in enumerate(steps)
        )
        yield Declaration(
            number=number,
            type_code=type_code,
            office_code=office_code,
            office_name=office_name,
            channel=channel,
            registered_at=registered,
            status=status,
            tax_code=DEMO_TAX_CODE,
            targets=tuple(targets),
            history=history,
        )
