"""Same-length masking of phone numbers and e-mail addresses in a file SQLite cannot read.

A damaged store goes into the support bundle as its raw bytes, because that is what support
staff (and SQLite's recovery tools) need. It still must not carry a full phone number or e-mail
address, so every one found in the bytes is overwritten in place with ``*`` of the same length:
page layout, record headers and cell offsets stay where they were, so the file is exactly as
openable, or not, as it was.

Text inside SQLite pages is UTF-8, but the values of a row sit side by side with no separator
(``…Nguyễn Văn An+84912345678 0100109106 2026-…``), so the text rules' "not followed by a digit"
cannot hold here. Instead the length is taken from the prefix, as the numbering plan fixes it:
after ``0``/``+84``/``84``, a mobile (3, 5, 7, 8, 9) has 9 more digits in all, a landline (2) 10,
an old mobile (12x, 16x, 18x, 19x) 10. Only that many digits are masked; what follows is left.
Numbers listed in ``keep`` (the profile's own tax codes, which would otherwise look like a
landline followed by a timestamp) are skipped.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Collection
from pathlib import Path
from typing import BinaryIO

_SEP = rb"[ .\-()]{0,2}"
_PHONE = re.compile(
    rb"(?<![0-9])(?:\(?\+84\)?[ .\-]?(?:\(0\)[ .\-]?)?|\(?0084\)?[ .\-]?|84[ .\-]?|\(?0)"
    rb"(?:[35789](?:" + _SEP + rb"[0-9]){8}"
    rb"|2(?:" + _SEP + rb"[0-9]){9}"
    rb"|1[2689](?:" + _SEP + rb"[0-9]){8})"
)
#: The fast pre-scan: a 0 or 8 not after a digit, then 8 more digits. Every number starts so
#: (``0…``, ``84…``, ``(+84…``); led by a character class, it runs ~4× faster than ``_PHONE``,
#: which then only looks near each hit.
_LEAD = re.compile(rb"[08](?<![0-9][08])(?:" + _SEP + rb"[0-9]){8}")
_LONGEST = 64  # bytes: longer than any _PHONE match ("(+84) (0) 9 1 2 …" with separators)
_UUID = re.compile(rb"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_LOCAL = re.compile(rb"[A-Za-z0-9._%+\-]{1,64}\Z")
_DOMAIN = re.compile(rb"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.){1,8}[A-Za-z]{2,24}")
#: Longer than any match (an e-mail is at most 64 + 1 + 8 × 64 + 24 bytes), so a match that
#: starts before a chunk's last OVERLAP bytes is always complete within the chunk.
OVERLAP = 1024
#: Bytes kept before a round's start: an e-mail's name part (≤ 64) and a digit for look-behind.
CONTEXT = 128
CHUNK = 4 * 1024 * 1024
_STAR = ord("*")


def mask_buffer(
    buf: bytearray, keep: Collection[str] = (), start: int = 0, stop: int | None = None
) -> tuple[int, int]:
    """Mask, in place, every phone number and e-mail that *starts* in ``buf[start:stop]``.

    Bytes before *start* are only looked at (a number glued to a digit is not one; an e-mail's
    name part precedes its ``@``). Returns how many were masked, and where a later scan must
    resume: *stop*, or past a number that starts before *stop* and ends after it.
    """
    stop = len(buf) if stop is None else stop
    keep_bytes = [k.encode() for k in keep]
    count, resume = 0, stop
    pos = start
    while (hit := _LEAD.search(buf, pos)) is not None and hit.start() < stop:
        # The leftmost number near the hit; the bytes just before it may hold "(+" of "(+84)".
        match = _PHONE.search(buf, max(start, hit.start() - 3), hit.end() + _LONGEST)
        if match is None or match.start() > hit.end():
            pos = hit.end()
            continue
        if match.start() >= stop:
            break
        pos, resume = match.end(), max(resume, match.end())
        digits = re.sub(rb"[^0-9]", b"", match.group(0))
        if not any(digits.startswith(k) for k in keep_bytes) and not _in_uuid(buf, match):
            _star_digits(buf, match.start(), match.end())
            count += 1
    at = buf.find(b"@", start, stop)
    while at >= 0:
        count += _mask_email_at(buf, at)
        at = buf.find(b"@", at + 1, stop)
    return count, resume


def _in_uuid(buf: bytearray, match: re.Match[bytes]) -> bool:
    """An idempotency key's hex can hold ten decimal digits in a row; it is not a phone."""
    lo = max(0, match.start() - 36)
    return any(
        uuid.start() <= match.start() and match.end() <= uuid.end()
        for uuid in _UUID.finditer(buf, lo, match.end() + 36)
    )


def _star_digits(buf: bytearray, start: int, end: int) -> None:
    """Star every digit but the first four and the last two, as ``mask_phone`` shows them."""
    positions = [i for i in range(start, end) if 0x30 <= buf[i] <= 0x39]
    for i in positions[4:-2]:
        buf[i] = _STAR


def _mask_email_at(buf: bytearray, at: int) -> int:
    local = _LOCAL.search(bytes(buf[max(0, at - 64) : at]))
    if local is None or _DOMAIN.match(buf, at + 1) is None:
        return 0
    length = local.end() - local.start()
    first = at - length + (2 if length > 2 else 1)
    buf[first:at] = b"*" * (at - first)
    return 1


def mask_stream(source: BinaryIO, target: BinaryIO, keep: Collection[str] = ()) -> int:
    """Copy *source* to *target*, masked, in chunks (a damaged store can be hundreds of MB).

    The same matches as one pass over the whole file: each round scans up to OVERLAP bytes
    short of what it has read, so every match it accepts is complete, and keeps CONTEXT bytes
    before the next round's start for the look-behinds.
    """
    buf = bytearray()
    scanned = 0  # matches starting before buf[scanned] are done
    count = 0
    while True:
        data = source.read(CHUNK)
        buf += data
        final = not data
        limit = len(buf) if final else max(scanned, len(buf) - OVERLAP)
        found, scanned = mask_buffer(buf, keep, scanned, limit)
        count += found
        if final:
            target.write(buf)
            return count
        flush = max(0, scanned - CONTEXT)
        target.write(buf[:flush])
        del buf[:flush]
        scanned -= flush


def mask_file(source: Path, target: Path, keep: Collection[str] = ()) -> int:
    """Write a masked copy of *source* to *target*; return how many numbers/addresses it hid."""
    with open(source, "rb") as src, open(target, "wb") as dst:
        return mask_stream(src, dst, keep)


# --- the -wal file's checksums -----------------------------------------------------------

_WAL_MAGIC = (0x377F0682, 0x377F0683)  # checksums in little / big-endian words
_WAL_HEADER = 32
_FRAME_HEADER = 24


def _wal_checksum(data: bytes, seed: tuple[int, int], big_endian: bool) -> tuple[int, int]:
    """SQLite's WAL checksum (wal.c ``walChecksumBytes``), continued from *seed*."""
    s0, s1 = seed
    for x0, x1 in struct.iter_unpack(">II" if big_endian else "<II", data):
        s0 = (s0 + x0 + s1) & 0xFFFFFFFF
        s1 = (s1 + x1 + s0) & 0xFFFFFFFF
    return s0, s1


def reseal_wal(original: Path, masked: Path) -> int:
    """Give a masked -wal file the checksums its frames had a right to; return how many.

    Each WAL frame carries a checksum chained over every frame before it, and SQLite ignores a
    frame whose checksum is wrong, and all after it. Masking digits changes the page data, so
    without this the masked copy would lose every committed page still in its -wal: less
    readable than the original. The frames valid in *original* get checksums recomputed over
    the masked data; the rest stay as they were, invalid as they were. Headers are restored from
    the original (masking could only have touched page data, but the chain must not depend on it).
    """
    with open(original, "rb") as src, open(masked, "r+b") as dst:
        header = src.read(_WAL_HEADER)
        if len(header) < _WAL_HEADER:
            return 0
        magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", header)
        big = magic == _WAL_MAGIC[1]
        if magic not in _WAL_MAGIC or _wal_checksum(header[:24], (0, 0), big) != (c1, c2):
            return 0
        dst.seek(0)
        dst.write(header)
        seed_src = seed_dst = (c1, c2)
        frame_size = _FRAME_HEADER + page_size
        frames = 0
        while len(frame := src.read(frame_size)) == frame_size:
            _page, _size, fs1, fs2, fc1, fc2 = struct.unpack(">6I", frame[:_FRAME_HEADER])
            seed_src = _wal_checksum(frame[:8] + frame[_FRAME_HEADER:], seed_src, big)
            if (fs1, fs2) != (salt1, salt2) or seed_src != (fc1, fc2):
                break
            offset = _WAL_HEADER + frames * frame_size
            dst.seek(offset + _FRAME_HEADER)
            page = dst.read(page_size)
            seed_dst = _wal_checksum(frame[:8] + page, seed_dst, big)
            dst.seek(offset)
            dst.write(frame[:16] + struct.pack(">2I", *seed_dst))
            frames += 1
        return frames
