"""The inventory as it stood on a date (`stand=YYYY-MM-DD`): every as-of condition in one place.

History is append-only, so the database of any past day can be rebuilt from the rows alone:
figures, aggregates and outcomes entered by the end of that day, a correction entered later
ignored (the record it corrects counts again), review decisions taken by then, and offers,
programme memberships and sources the database held then (each row has `entered_at`; seeded
rows count from the moment they were seeded). Query modules add these conditions; none of them
decides "as of" itself. A stand before the first entry of all holds nothing, and says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from inventory.clock import LOCAL_ZONE, Clock, as_utc, local_today, utc_now
from inventory.enums import AuditAction, ReviewStatus
from inventory.models import (
    Aggregate,
    AuditEntry,
    Facility,
    Figure,
    FigureReview,
    Outcome,
    ProgrammeMembership,
    Source,
)

# Every table whose rows a snapshot shows only once entered.
ENTERED = (Figure, Aggregate, Outcome, Facility, ProgrammeMembership, Source)

PARAM = "stand"
EARLIEST = dt.date(2000, 1, 1)
FORMAT_HINT = "YYYY-MM-DD"


def parse_stand(raw: str | None, clock: Clock = utc_now) -> dt.date | None:
    """A stand from a URL: a real calendar date from 2000-01-01 up to today (Amsterdam time),
    else None, so a bad value is reported and never silently narrows the rows."""
    if raw is None or len(raw) != 10 or not raw.isascii():
        return None
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return day if EARLIEST <= day <= local_today(clock) else None


def allowed_text(clock: Clock = utc_now) -> str:
    """What `stand` accepts, for an error that names the allowed values."""
    return f"{FORMAT_HINT}, from {EARLIEST.isoformat()} to {local_today(clock).isoformat()}"


def cutoff(stand: dt.date) -> dt.datetime:
    """The first moment after the stand (midnight in Amsterdam, in UTC): rows entered before it count."""
    return dt.datetime.combine(stand + dt.timedelta(days=1), dt.time(), tzinfo=LOCAL_ZONE).astimezone(dt.UTC)


def entered_by(model: Any, stand: dt.date | None) -> Any:
    """Rows of `model` (any of ENTERED) that existed at the stand."""
    return literal(True) if stand is None else model.entered_at < cutoff(stand)


def not_superseded(model: Any, stand: dt.date | None) -> Any:
    """Rows no correction replaced by the stand (a correction entered later does not count yet)."""
    newer = aliased(model)
    condition = newer.supersedes_id == model.id
    if stand is not None:
        condition = and_(condition, newer.entered_at < cutoff(stand))
    return ~exists().where(condition)


def current_at(model: Any, stand: dt.date | None) -> Any:
    """Entered by the stand and not yet corrected then: the rows a reader saw that day."""
    if stand is None:
        return not_superseded(model, None)
    return and_(entered_by(model, stand), not_superseded(model, stand))


def superseding_join(newer: Any, model: Any, stand: dt.date | None) -> Any:
    """ON clause of the correction of `model` as known at the stand (for a `superseded_by` column)."""
    condition = newer.supersedes_id == model.id
    return condition if stand is None else and_(condition, newer.entered_at < cutoff(stand))


def review_status(stand: dt.date | None) -> Any:
    """A figure's review status at the stand: the latest decision taken by then; pending when
    every decision came later; the stored status for a figure nobody reviewed."""
    if stand is None:
        return Figure.review_status
    decided = (
        select(FigureReview.decision)
        .where(FigureReview.figure_id == Figure.id, FigureReview.decided_at < cutoff(stand))
        .order_by(FigureReview.decided_at.desc(), FigureReview.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    reviewed_later = exists().where(FigureReview.figure_id == Figure.id)
    before_review = case((reviewed_later, literal(ReviewStatus.PENDING.value)), else_=Figure.review_status)
    return func.coalesce(decided, before_review)


def visible_figure(stand: dt.date | None) -> Any:
    """Figures the public saw at the stand: entered, not corrected, and not rejected in review then."""
    status = review_status(stand)
    shown = or_(status.is_(None), status != ReviewStatus.REJECTED.value)
    return and_(current_at(Figure, stand), shown) if stand is not None else shown


def _after_stand(action: AuditAction, stand: dt.date) -> Any:
    """An editor's add or close of the offer logged after the stand (seeded offers have no entry)."""
    return exists().where(
        AuditEntry.action == action.value,
        AuditEntry.refused.is_(False),
        AuditEntry.target == literal("facility:").concat(Facility.key),
        AuditEntry.at >= cutoff(stand),
    )


def facility_listed(stand: dt.date | None) -> Any:
    """Offers listed at the stand: in the database by then, and opened by then when the date is known."""
    if stand is None:
        return literal(True)
    opened = or_(Facility.opened_on.is_(None), Facility.opened_on <= stand)
    return and_(opened, entered_by(Facility, stand))


def facility_closed_on(stand: dt.date | None) -> Any:
    """An offer's closing date as the database held it at the stand (a closure entered later: open)."""
    if stand is None:
        return Facility.closed_on
    known = and_(Facility.closed_on <= stand, ~_after_stand(AuditAction.FACILITY_CLOSED, stand))
    return case((known, Facility.closed_on), else_=None)


def first_entry(session: Session) -> dt.datetime | None:
    """When the database first held anything a page shows (None: it holds nothing yet)."""
    firsts = [session.scalar(select(func.min(model.entered_at))) for model in ENTERED]
    known = [as_utc(first) for first in firsts if first is not None]
    return min(known) if known else None


def before_first_entry(session: Session, stand: dt.date) -> dt.date | None:
    """The day (Amsterdam) of the first entry when the stand comes before it, so the snapshot is
    empty and says so in one sentence instead of showing empty tables; else None."""
    first = first_entry(session)
    if first is None or first < cutoff(stand):
        return None
    return first.astimezone(LOCAL_ZONE).date()


def newer_since(session: Session, stand: dt.date) -> int:
    """How many figures, published table cells and outcomes were entered or corrected after the stand."""
    after = cutoff(stand)
    return sum(
        int(session.scalar(select(func.count()).select_from(model).where(model.entered_at >= after)) or 0)
        for model in (Figure, Aggregate, Outcome)
    )


def newest_version(session: Session, figure_id: int) -> Figure | None:
    """The end of a figure's chain of corrections (the figure itself when nobody corrected it)."""
    figure = session.get(Figure, figure_id)
    while figure is not None:
        newer = session.scalar(select(Figure).where(Figure.supersedes_id == figure.id))
        if newer is None:
            return figure
        figure = newer
    return None
