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


def today_in_amsterdam(clock: Clock | None = None) -> dt.date:
    """Today on the Dutch calendar: the default reference date of every form and template. Not
    `date.today()`, the server's (UTC) date, which is still yesterday from midnight to 1 or 2 am.
    The module's `utc_now` is looked up per call, so a test can move it."""
    return local_today(clock or utc_now)
