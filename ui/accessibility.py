"""Saying things to a screen reader that no focus change would make it say.

A message that appears without the focus moving (new declarations joined the prompt, a save
succeeded, an error under a field the user is not on) is silent for a screen-reader user unless
it is announced. Qt 6.8 has an announcement event for this (UI Automation notifications on
Windows, AT-SPI announcements on Linux); only sent while an assistive tool is listening.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def announce(widget: QWidget, text: str, *, assertive: bool = False) -> bool:
    """Have the screen reader say *text* on behalf of *widget*; True if one was listening.

    *assertive* interrupts what is being read (errors); otherwise the text waits its turn.
    """
    if not text or not QAccessible.isActive():
        return False
    event = QAccessibleAnnouncementEvent(widget, text)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
    return True
