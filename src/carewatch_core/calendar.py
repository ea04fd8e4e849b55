"""The range of dates a record may carry."""

from __future__ import annotations

import datetime

#: No event, report or birth CareWatch records is older; an earlier date is a typing slip
#: (``0001-01-01``, a two-digit year) or a sentinel, and is refused with a message.
EARLIEST_DAY = datetime.date(1900, 1, 1)


def too_early(day: datetime.date | None) -> bool:
    return day is not None and day < EARLIEST_DAY
