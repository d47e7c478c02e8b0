"""One figure's permalink: its value, source and full public history, optionally as of a `stand`.

The history is the public one of `audit.figure_history` (records and review decisions of the
figure's subject and measure), which names organisations, never people. A permalink names one
record by its key, so it keeps showing that record's value after later corrections; with a
`stand` it shows the version the database held on that day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory import audit
from inventory.clock import as_utc
from inventory.models import Figure, FigureReview, Municipality
from inventory.snapshot import cutoff, newest_version
from inventory.values import format_value

PAGE_PATH = "/cijfer"
KEY_PARAM = "sleutel"


def page_url(key: str, stand: dt.date | None = None) -> str:
    """The permalink page of figure `key` (relative to the app), with its stand when given."""
    params = {KEY_PARAM: key, **({"stand": stand.isoformat()} if stand else {})}
    return f"{PAGE_PATH}?{urlencode(params)}"


@dataclass(frozen=True)
class Version:
    """One record of the figure, as the permalink shows it."""

    key: str
    metric: str
    municipality_code: str
    municipality: str
    facility_key: str | None
    facility: str | None
    shelter_form: str | None
    period_start: dt.date
    period_end: dt.date
    qualifier: str
    value: int | None
    value_low: int | None
    value_high: int | None
    status: str
    review_status: str | None
    how_obtained: str | None
    source_key: str | None
    source_title: str | None
    source_publisher: str | None
    source_year: int | None
    source_file: str | None
    source_url: str | None
    source_line: int | None
    quote: str | None
    entered_by: str
    entered_at: dt.datetime
    supersedes: str | None
    explanation: str | None

    def display(self, lang: str = "nl") -> str:
        return format_value(self.qualifier, self.value, self.value_low, self.value_high, lang)


@dataclass(frozen=True)
class Permalink:
    """What `/cijfer?sleutel=` and `/api/v1/figures/<key>.json` show."""

    requested: str
    stand: dt.date | None
    shown: Version | None  # None: the figure was not in the database yet at the stand
    newest: Version  # the end of the chain of corrections, today
    superseded_at_stand: bool  # a correction of `shown` existed at the stand (or now, without one)
    history: list[audit.HistoryEvent]

    @property
    def newer_exists(self) -> bool:
        return self.shown is not None and self.newest.key != self.shown.key


def _review_status(session: Session, figure: Figure, stand: dt.date | None) -> str | None:
    """The review status at the stand (the same rule as `snapshot.review_status`, for one figure)."""
    if stand is None:
        return figure.review_status
    reviews = list(
        session.scalars(
            select(FigureReview).where(FigureReview.figure_id == figure.id).order_by(FigureReview.decided_at)
        )
    )
    if not reviews:
        return figure.review_status
    earlier = [r for r in reviews if as_utc(r.decided_at) < cutoff(stand)]
    return earlier[-1].decision if earlier else "pending"


# Version fields read straight off the figure, and those read off its source and its offer.
_COPIED = (
    "key",
    "metric",
    "municipality_code",
    "period_start",
    "period_end",
    "qualifier",
    "value",
    "value_low",
    "value_high",
    "status",
    "how_obtained",
    "source_line",
    "quote",
    "entered_by",
    "explanation",
)
_FROM_SOURCE = {
    "source_key": "key",
    "source_title": "title",
    "source_publisher": "publisher",
    "source_year": "year",
    "source_file": "seed_file",
    "source_url": "url",
}
_FROM_FACILITY = {"facility_key": "key", "facility": "label", "shelter_form": "shelter_form"}


def _version(session: Session, figure: Figure, stand: dt.date | None) -> Version:
    older = session.get(Figure, figure.supersedes_id) if figure.supersedes_id is not None else None
    municipality = session.get(Municipality, figure.municipality_code)
    return Version(
        **{name: getattr(figure, name) for name in _COPIED},
        **{name: getattr(figure.source, attr, None) for name, attr in _FROM_SOURCE.items()},
        **{name: getattr(figure.facility, attr, None) for name, attr in _FROM_FACILITY.items()},
        municipality=municipality.name if municipality else figure.municipality_code,
        review_status=_review_status(session, figure, stand),
        entered_at=as_utc(figure.entered_at),
        supersedes=older.key if older else None,
    )


def _known_at(figure: Figure, stand: dt.date | None) -> bool:
    return stand is None or as_utc(figure.entered_at) < cutoff(stand)


def permalink(session: Session, key: str, stand: dt.date | None = None) -> Permalink | None:
    """The permalink of figure `key`, or None when no figure has that key. With a `stand` and a
    record entered after it, the version it corrects that the database held then is shown."""
    figure = session.scalar(select(Figure).where(Figure.key == key))
    if figure is None:
        return None
    shown: Figure | None = figure
    while shown is not None and not _known_at(shown, stand):
        shown = session.get(Figure, shown.supersedes_id) if shown.supersedes_id is not None else None
    newest = newest_version(session, figure.id)
    assert newest is not None
    superseded = False
    if shown is not None:
        correction = session.scalar(select(Figure).where(Figure.supersedes_id == shown.id))
        superseded = correction is not None and _known_at(correction, stand)
    events = audit.figure_history(session, figure.id)
    if stand is not None:
        events = [event for event in events if event.at < cutoff(stand)]
    return Permalink(
        requested=key,
        stand=stand,
        shown=_version(session, shown, stand) if shown is not None else None,
        newest=_version(session, newest, None),
        superseded_at_stand=superseded,
        history=events,
    )


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def version_json(version: Version, lang: str = "nl") -> dict[str, Any]:
    """A version as JSON: counts as numbers, dates as ISO text, the display value in `lang`."""
    out = {name: _iso(getattr(version, name)) for name in Version.__dataclass_fields__}
    out["display_value"] = version.display(lang)
    out["permalink"] = page_url(version.key)
    return out


def event_json(event: audit.HistoryEvent, lang: str = "nl") -> dict[str, Any]:
    return {
        "at": event.at.isoformat(),
        "kind": event.kind.value,
        "figure_key": event.figure_key,
        "period_start": event.period_start.isoformat(),
        "period_end": event.period_end.isoformat(),
        "qualifier": event.qualifier,
        "value": event.value,
        "value_low": event.value_low,
        "value_high": event.value_high,
        "display_value": format_value(event.qualifier, event.value, event.value_low, event.value_high, lang),
        "status": event.status,
        "organisation": event.organisation,
        "reason": event.reason,
        "supersedes": event.supersedes,
    }


def permalink_json(link: Permalink, lang: str = "nl") -> dict[str, Any]:
    """The API body of a permalink."""
    return {
        "key": link.requested,
        "stand": link.stand.isoformat() if link.stand else None,
        "figure": version_json(link.shown, lang) if link.shown is not None else None,
        "superseded": link.superseded_at_stand,
        "newest": version_json(link.newest, lang) if link.newer_exists or link.shown is None else None,
        "history": [event_json(event, lang) for event in link.history],
        "permalink": page_url(link.requested, link.stand),
    }
