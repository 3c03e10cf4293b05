"""Screenshots for a support request: the app's own window, made to fit the desk's 1 MB.

A full-HD window grab as PNG is often 1-3 MB; the desk refuses more than 1 MB. JPEG at falling
quality keeps the text readable long before it has to shrink the picture, so shrinking is the
last resort.
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QWidget

from app.domain.support_rules import SCREENSHOT_MAX_BYTES

JPEG_QUALITIES = (90, 80, 70, 60, 50, 40)


def encode(image: QImage, fmt: str, quality: int = -1) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    # PySide6 6.11's stub types the format as bytes, but the binding accepts only str.
    if not image.save(buffer, fmt, quality):  # type: ignore[call-overload]
        raise ValueError(f"could not encode the image as {fmt}")
    buffer.close()
    return bytes(data.data())


def encode_to_fit(image: QImage, limit: int = SCREENSHOT_MAX_BYTES) -> bytes:
    """PNG if it fits, else JPEG at decreasing quality, else a smaller JPEG."""
    png = encode(image, "PNG")
    if len(png) <= limit:
        return png
    current = image.convertToFormat(QImage.Format.Format_RGB32)
    while True:
        for quality in JPEG_QUALITIES:
            jpeg = encode(current, "JPG", quality)
            if len(jpeg) <= limit:
                return jpeg
        if current.width() < 64:
            return jpeg
        current = current.scaled(
            current.width() * 3 // 4,
            current.height() * 3 // 4,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )


def capture(widget: QWidget, limit: int = SCREENSHOT_MAX_BYTES) -> bytes:
    """The widget as it is drawn now (not what covers it on screen), encoded to fit."""
    return encode_to_fit(widget.grab().toImage(), limit)


def thumbnail(data: bytes, width: int, height: int) -> QPixmap:
    pixmap = QPixmap()
    pixmap.loadFromData(data)
    if pixmap.isNull():
        return pixmap
    return pixmap.scaled(
        width,
        height,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def format_size(size: int, language: str) -> str:
    """ "850 KB" / "1,2 MB" with the decimal comma in Vietnamese."""
    if size < 1024 * 1024:
        text = f"{max(1, round(size / 1024))} KB"
    else:
        text = f"{size / (1024 * 1024):.1f} MB"
    return text.replace(".", ",") if language == "vi" else text
