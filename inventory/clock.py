"""Time for the write and sign-in rules, injectable so tests can move it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

Clock = Callable[[], dt.datetime]

# "Not in the future" is judged by the calendar of the people entering the figures.
LOCAL_ZONE = ZoneInfo("Europe/Amsterdam")


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def as_utc(value: dt.datetime) -> dt.datetime:
    """SQLite hands back naive datetimes; every timestamp this package writes is UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def local_today(clock: Clock) -> dt.date:
    return clock().astimezone(LOCAL_ZONE).date()
