"""Every write to figures, facilities, reviews, organisations and accounts goes through here.

Each function takes the acting `Actor` and is one transaction that:
1. bumps the data version first, which also takes the write lock (so the checks below see
   every write committed before, on SQLite and on PostgreSQL alike);
2. reads the account afresh and refuses a write outside its scope with `NotAllowed`
   (logged in the audit trail in a transaction of its own);
3. validates everything on the server (`InvalidInput`, `NeedsConfirmation`), refuses a save
   made on an outdated view (`Conflict`), writes, and appends the audit entries.
Any refusal rolls the whole transaction back: nothing is written. Figures are never changed
or deleted: a save appends new dated records; only a review sets a figure's review status.
"""

from __future__ import annotations

import datetime as dt
import getpass
import numbers
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, exists, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from inventory import accounts, audit, transactions
from inventory import validation as v
from inventory.accounts import Scope
from inventory.clock import Clock, as_utc, local_today, utc_now
from inventory.dataversion import bump_data_version
from inventory.enums import (
    AuditAction,
    Criterion,
    HowObtained,
    LabelledEnum,
    Metric,
    OrganisationKind,
    Programme,
    Qualifier,
    ReviewStatus,
    Role,
    Route,
    SessionEnd,
    ShelterForm,
    Status,
    TargetGroup,
)
from inventory.models import (
    Account,
    AccountMunicipality,
    Facility,
    FacilityCriterion,
    Figure,
    FigureReview,
    Municipality,
    Organisation,
)
from inventory.sessions import end_all_sessions
from inventory.values import QValue, format_value

T = TypeVar("T")
E = TypeVar("E", bound=LabelledEnum)

EARLIEST_REFERENCE_DATE = dt.date(2000, 1, 1)
# No single offer or municipality counts this many; a bigger number is a typing error.
MAX_COUNT = 100_000
MAX_TEXT = 2000
MAX_LABEL = 200
EDITABLE_METRICS = tuple(m for m in Metric if m not in (Metric.MUNICIPALITIES, Metric.ORGANISATIONS))
# Occupancy above capacity must be confirmed with an explanation that is published.
OCCUPANCY_PAIRS = ((Metric.PERSONS, Metric.PLACES), (Metric.FAMILIES, Metric.FAMILY_PLACES))


# --- errors ---------------------------------------------------------------------------------


class WriteError(Exception):
    """A write that was refused; nothing was written."""


class NotAllowed(WriteError):
    """The actor may not make this write: unknown or disabled account, a viewer, or a subject
    outside the account's scope."""


class NotFound(WriteError):
    """The facility, figure, municipality, organisation or account does not exist."""


@dataclass(frozen=True)
class Problem:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidInput(WriteError):
    """Input that fails validation; `problems` says which field and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class OverCapacity:
    occupancy: Metric
    occupancy_value: str
    capacity: Metric
    capacity_value: str

    def __str__(self) -> str:
        return (
            f"{self.occupancy.label('en')} ({self.occupancy_value}) is more than "
            f"{self.capacity.label('en').lower()} ({self.capacity_value})"
        )


class NeedsConfirmation(WriteError):
    """Occupancy above capacity: save again with an explanation, which is published."""

    def __init__(self, warnings: Sequence[OverCapacity]) -> None:
        self.warnings = tuple(warnings)
        super().__init__(
            "; ".join(str(w) for w in self.warnings)
            + ". Nothing was saved: confirm with an explanation, which is published with the figure."
        )


class Conflict(WriteError):
    """Someone saved for the same facility or municipality since the editor's view was loaded."""

    def __init__(
        self, label: str, seen: int, current: int, theirs: Sequence[FigureView], yours: Sequence[str], last: str
    ) -> None:
        self.seen, self.current = seen, current
        self.theirs, self.yours = tuple(theirs), tuple(yours)
        shown = ", ".join(f.describe() for f in self.theirs) or "no figures"
        super().__init__(
            f"{label} was saved by someone else since you opened it (you started from version {seen}, "
            f"it is now version {current}{last}). Nothing was saved. Theirs: {shown}. "
            f"Yours: {', '.join(self.yours) or 'no figures'}. Reload to see their figures, then save yours again."
        )


class Busy(WriteError):
    """The database stayed busy; nothing was written and the same save may be tried again."""


# --- who acts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Actor:
    """Who asks for a write and through which route. The account is read again inside each
    write, so a disabled account or a changed scope counts at once."""

    account_id: int | None
    route: Route = Route.PAGE
    # Only for `command_line()`: the person at the command line, who has the database itself.
    operator: str | None = None

    @classmethod
    def command_line(cls) -> Actor:
        """The command line's administrator: may manage organisations and accounts (the first
        admin is made this way), but enters no figures (those need an account: `--as`)."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):
            user = "unknown"
        return cls(None, Route.CLI, f"cli:{user}")


@dataclass
class _Ctx:
    session: Session
    actor: Actor
    scope: Scope | None  # None: the command-line operator
    now: dt.datetime
    clock: Clock
    data_version: int

    @property
    def who(self) -> audit.Who:
        if self.scope is None:
            return audit.Who(None, self.actor.operator, None)
        return self.scope.who()

    def log(
        self, action: AuditAction, target: str, old: Any = None, new: Any = None, detail: str | None = None
    ) -> None:
        audit.record(
            self.session,
            who=self.who,
            route=self.actor.route,
            action=action,
            at=self.now,
            target=target,
            old=old,
            new=new,
            detail=detail,
        )

    def editor(self, what: str) -> Scope:
        """The scope of an account that may edit data at all."""
        if self.scope is None:
            raise NotAllowed(f"{what} needs an account (from the command line: --as USERNAME); nothing was written")
        if not self.scope.can_edit:
            raise NotAllowed(
                f"account '{self.scope.username}' is a viewer and may not change data; nothing was written"
            )
        return self.scope

    def admin(self, what: str, *, operator: bool) -> Scope | None:
        if self.scope is None:
            if operator:
                return None
            raise NotAllowed(f"{what} needs an administrator's account; nothing was written")
        if self.scope.role is not Role.ADMIN:
            raise NotAllowed(f"only an administrator may {what}; account '{self.scope.username}' may not")
        return self.scope


def _acting(session: Session, actor: Actor) -> Scope | None:
    if actor.account_id is None:
        if actor.route is Route.CLI and actor.operator:
            return None
        raise NotAllowed("no account: sign in first; nothing was written")
    scope = accounts.load_scope(session, actor.account_id)
    if scope is None:
        raise NotAllowed(f"unknown account #{actor.account_id}; nothing was written")
    if scope.disabled:
        raise NotAllowed(f"account '{scope.username}' is disabled; nothing was written")
    return scope


def _write(
    engine: Engine, actor: Actor, action: AuditAction, target: str, work: Callable[[_Ctx], T], clock: Clock
) -> T:
    def unit(session: Session) -> T:
        now = clock()
        version = bump_data_version(session, now)  # first: takes the write lock
        return work(_Ctx(session, actor, _acting(session, actor), now, clock, version))

    try:
        return transactions.run(engine, unit)
    except NotAllowed as refusal:
        _log_refusal(engine, actor, action, target, str(refusal), clock)
        raise
    except transactions.DatabaseBusy as busy:
        raise Busy(str(busy)) from None
    except IntegrityError as error:  # a rule of the schema that the checks here did not foresee
        reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else type(error).__name__
        raise InvalidInput([Problem("", f"the database refused the write ({reason}); nothing was written")]) from None


def _log_refusal(engine: Engine, actor: Actor, action: AuditAction, target: str, reason: str, clock: Clock) -> None:
    def work(session: Session) -> None:
        scope = accounts.load_scope(session, actor.account_id) if actor.account_id is not None else None
        if scope is not None:
            who = scope.who()
        elif actor.account_id is not None:
            who = audit.Who(None, f"#{actor.account_id} (unknown account)", None)
        else:
            who = audit.Who(None, actor.operator, None)
        audit.record(
            session, who=who, route=actor.route, action=action, at=clock(), target=target, detail=reason, refused=True
        )

    transactions.run(engine, work)


# --- validation helpers ---------------------------------------------------------------------


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, field_name: str, message: str) -> None:
        self.items.append(Problem(field_name, message))

    def raise_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items)


def _text(
    raw: str | None, field_name: str, problems: _Problems, *, required: bool = False, limit: int = MAX_TEXT
) -> str | None:
    """Cleaned text that names no address, street or building (the seed loader's rule)."""
    value = v.clean(raw) if isinstance(raw, str) or raw is None else v.clean(str(raw))
    if value is None:
        if required:
            problems.add(field_name, "is required")
        return None
    if len(value) > limit:
        problems.add(field_name, f"is longer than {limit} characters")
    try:
        v.check_no_location(value)
    except ValueError as error:
        problems.add(field_name, str(error))
    return value


def _enum(enum: type[E], raw: E | str | None, field_name: str, problems: _Problems) -> E | None:
    try:
        return v.parse_enum(enum, raw if raw is None else str(raw), field_name)
    except ValueError as error:
        problems.add(field_name, str(error))
        return None


def _count_text(raw: object) -> str | None:
    """A form's number as the text the seed parser reads; refuses what is not a whole number."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise ValueError("must be a whole number, not yes/no")
    if isinstance(raw, numbers.Integral):
        return str(int(raw))
    if isinstance(raw, numbers.Real):
        number = float(raw)
        if number != number:  # NaN: an empty cell of a data editor
            return None
        if not number.is_integer():
            raise ValueError(f"must be a whole number, got {raw}")
        return str(int(number))
    if isinstance(raw, str):
        return raw.strip()
    raise ValueError(f"must be a whole number, got {raw!r}")


def _date(raw: dt.date | str | None, field_name: str, problems: _Problems) -> dt.date | None:
    if raw is None or raw == "":
        problems.add(field_name, "is required")
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return dt.date.fromisoformat(str(raw).strip())
    except ValueError:
        problems.add(field_name, f"must be a date (YYYY-MM-DD), got '{raw}'")
        return None


def _past_date(raw: dt.date | str | None, field_name: str, problems: _Problems, clock: Clock) -> dt.date | None:
    """A date from 2000 up to today (Dutch calendar)."""
    day = _date(raw, field_name, problems)
    if day is None:
        return None
    today = local_today(clock)
    if day > today:
        problems.add(field_name, f"{day.isoformat()} is in the future (today is {today.isoformat()})")
    elif day < EARLIEST_REFERENCE_DATE:
        problems.add(field_name, f"{day.isoformat()} is before {EARLIEST_REFERENCE_DATE.isoformat()}")
    return day


# --- subjects and their figures -------------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """What figures are about: one facility, or one municipality as a whole."""

    facility_id: int | None = None
    municipality_code: str | None = None

    def __post_init__(self) -> None:
        if (self.facility_id is None) == (self.municipality_code is None):
            raise ValueError("a subject is exactly one facility or one municipality")

    @classmethod
    def facility(cls, facility_id: int) -> Subject:
        return cls(facility_id=facility_id)

    @classmethod
    def municipality(cls, code: str) -> Subject:
        return cls(municipality_code=code)

    def target(self) -> str:
        return (
            f"facility:{self.facility_id}" if self.facility_id is not None else f"municipality:{self.municipality_code}"
        )


@dataclass(frozen=True)
class FigureInput:
    """One figure as an editor typed it; the values may be ints, whole floats or digit strings."""

    metric: Metric | str
    value: object = None
    qualifier: Qualifier | str = Qualifier.EXACT
    low: object = None
    high: object = None


@dataclass(frozen=True)
class FigureView:
    id: int
    key: str
    metric: str
    qualifier: str
    value: int | None
    value_low: int | None
    value_high: int | None
    period_start: dt.date
    period_end: dt.date
    status: str
    review_status: str | None
    how_obtained: str | None
    entered_by: str
    entered_at: dt.datetime
    note: str | None
    explanation: str | None

    @classmethod
    def of(cls, figure: Figure) -> FigureView:
        return cls(
            id=figure.id,
            key=figure.key,
            metric=figure.metric,
            qualifier=figure.qualifier,
            value=figure.value,
            value_low=figure.value_low,
            value_high=figure.value_high,
            period_start=figure.period_start,
            period_end=figure.period_end,
            status=figure.status,
            review_status=figure.review_status,
            how_obtained=figure.how_obtained,
            entered_by=figure.entered_by,
            entered_at=as_utc(figure.entered_at),
            note=figure.note,
            explanation=figure.explanation,
        )

    @property
    def qvalue(self) -> QValue:
        return QValue.of(self.qualifier, self.value, self.value_low, self.value_high)

    def display(self, lang: str = "en") -> str:
        return format_value(self.qualifier, self.value, self.value_low, self.value_high, lang)

    def describe(self) -> str:
        return f"{Metric(self.metric).label('en').lower()} {self.display()} on {self.period_end.isoformat()}"


@dataclass(frozen=True)
class SubjectState:
    """What an editing page shows and sends back: the version and the newest figure per measure."""

    subject: Subject
    label: str
    municipality_code: str
    version: int
    figures: dict[str, FigureView]


@dataclass
class _Resolved:
    subject: Subject
    municipality: Municipality
    facility: Facility | None

    @property
    def version(self) -> int:
        return (self.facility or self.municipality).edit_version

    @property
    def label(self) -> str:
        if self.facility is not None:
            return f"facility '{self.facility.label}' ({self.facility.key})"
        return f"municipality {self.municipality.name} ({self.municipality.code})"

    @property
    def key_prefix(self) -> str:
        return self.facility.key[:80] if self.facility is not None else self.municipality.code.lower()

    def subject_filter(self) -> Any:
        if self.facility is not None:
            return Figure.facility_id == self.facility.id
        return (Figure.municipality_code == self.municipality.code) & Figure.facility_id.is_(None)


def _resolve(session: Session, subject: Subject) -> _Resolved:
    if subject.facility_id is not None:
        facility = session.get(Facility, subject.facility_id)
        if facility is None:
            raise NotFound(f"no facility #{subject.facility_id}; nothing was written")
        municipality = session.get(Municipality, facility.municipality_code)
        assert municipality is not None
        return _Resolved(subject, municipality, facility)
    municipality = session.get(Municipality, subject.municipality_code)
    if municipality is None:
        raise NotFound(f"no municipality {subject.municipality_code}; nothing was written")
    return _Resolved(subject, municipality, None)


def _newest(session: Session, resolved: _Resolved) -> dict[str, Figure]:
    """The newest figure per measure that is neither superseded nor rejected."""
    newer = aliased(Figure)
    rows = session.scalars(
        select(Figure)
        .where(resolved.subject_filter())
        .where(~exists().where(newer.supersedes_id == Figure.id))
        .where(Figure.review_status.is_(None) | (Figure.review_status != ReviewStatus.REJECTED.value))
        .order_by(Figure.period_end.desc(), Figure.id.desc())
    )
    newest: dict[str, Figure] = {}
    for figure in rows:
        newest.setdefault(figure.metric, figure)
    return newest


def subject_state(session: Session, subject: Subject) -> SubjectState:
    """The version to send back with a save, and the newest figures, for an editing page."""
    resolved = _resolve(session, subject)
    return SubjectState(
        subject,
        resolved.label,
        resolved.municipality.code,
        resolved.version,
        {metric: FigureView.of(f) for metric, f in _newest(session, resolved).items()},
    )


def _check_subject_scope(scope: Scope, resolved: _Resolved) -> None:
    facility = resolved.facility
    if facility is not None:
        if scope.may_write_facility(facility.municipality_code, facility.operator_id):
            return
        raise NotAllowed(
            f"account '{scope.username}' ({_scope_text(scope)}) may not write for {resolved.label} "
            f"in {resolved.municipality.code}; nothing was written"
        )
    if not scope.may_write_municipality(resolved.municipality.code):
        raise NotAllowed(
            f"account '{scope.username}' ({_scope_text(scope)}) may not write for {resolved.label}; nothing was written"
        )


def _scope_text(scope: Scope) -> str:
    if scope.role is Role.MUNICIPALITY_EDITOR:
        return f"editor for {', '.join(sorted(scope.municipalities)) or 'no municipality'}"
    if scope.role is Role.ORGANISATION_EDITOR:
        return f"editor for the facilities of {scope.organisation}"
    return scope.role.label("en").lower()


def _claim_version(ctx: _Ctx, resolved: _Resolved, seen: int, yours: Sequence[str]) -> int:
    """Compare-and-set of the subject's version: a save made on an older view is refused."""
    if resolved.facility is not None:
        model: Any = Facility
        where = Facility.id == resolved.facility.id
    else:
        model = Municipality
        where = Municipality.code == resolved.municipality.code
    result = ctx.session.execute(
        update(model).where(where, model.edit_version == seen).values(edit_version=model.edit_version + 1)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        ctx.session.refresh(resolved.facility or resolved.municipality)
        theirs = [FigureView.of(f) for f in _newest(ctx.session, resolved).values()]
        last = max(theirs, key=lambda f: (f.entered_at, f.id), default=None)
        since = f", last saved by {last.entered_by} at {last.entered_at:%Y-%m-%d %H:%M} UTC" if last else ""
        raise Conflict(resolved.label, seen, resolved.version, theirs, yours, since)
    return seen + 1


# --- saving figures -------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    figure_ids: tuple[int, ...]
    figure_keys: tuple[str, ...]
    version: int  # the subject's new version: what the editing page sends with its next save
    data_version: int


@dataclass
class _NewFigure:
    metric: Metric
    values: dict[str, Any]
    how_obtained: str | None
    note: str | None
    explanation: str | None = None
    same_as_id: int | None = None


def _parse_figures(figures: Sequence[FigureInput], problems: _Problems) -> dict[Metric, dict[str, Any]]:
    parsed: dict[Metric, dict[str, Any]] = {}
    if not figures:
        problems.add("figures", "give at least one figure")
    for item in figures:
        metric = _enum(Metric, item.metric, "metric", problems)
        if metric is None:
            continue
        if metric not in EDITABLE_METRICS:
            problems.add(metric.value, "is only for published aggregates")
            continue
        if metric in parsed:
            problems.add(metric.value, "is given twice")
            continue
        try:
            values = v.parse_value(
                {
                    "qualifier": str(item.qualifier or Qualifier.EXACT),
                    "value": _count_text(item.value),
                    "value_low": _count_text(item.low),
                    "value_high": _count_text(item.high),
                }
            )
        except ValueError as error:
            problems.add(metric.value, str(error))
            continue
        too_big = [n for n in (values["value"], values["value_low"], values["value_high"]) if (n or 0) > MAX_COUNT]
        if too_big:
            problems.add(metric.value, f"{too_big[0]} is more than {MAX_COUNT:,}; is it a typing error?")
            continue
        parsed[metric] = values
    return parsed


def _over_capacity(new: dict[Metric, QValue], stored: dict[str, Figure]) -> list[OverCapacity]:
    def value(metric: Metric) -> QValue | None:
        if metric in new:
            return new[metric]
        figure = stored.get(metric.value)
        return QValue.of(figure.qualifier, figure.value, figure.value_low, figure.value_high) if figure else None

    warnings = []
    for occupancy, capacity in OCCUPANCY_PAIRS:
        if occupancy not in new and capacity not in new:
            continue
        occupied, places = value(occupancy), value(capacity)
        if occupied is not None and places is not None and occupied.lower > places.upper:
            warnings.append(OverCapacity(occupancy, occupied.format("en"), capacity, places.format("en")))
    return warnings


def _reference_rules(resolved: _Resolved, day: dt.date, problems: _Problems) -> None:
    facility = resolved.facility
    if facility is None:
        return
    if facility.closed_on is not None and day > facility.closed_on:
        problems.add("reference_date", f"{day.isoformat()} is after the facility closed ({facility.closed_on})")
    if facility.opened_on is not None and day < facility.opened_on:
        problems.add("reference_date", f"{day.isoformat()} is before the facility opened ({facility.opened_on})")


def _figure_record(figure: Figure) -> dict[str, Any]:
    return {
        "key": figure.key,
        "municipality_code": figure.municipality_code,
        "facility_id": figure.facility_id,
        "metric": figure.metric,
        "qualifier": figure.qualifier,
        "value": figure.value,
        "value_low": figure.value_low,
        "value_high": figure.value_high,
        "reference_date": figure.period_end.isoformat(),
        "status": figure.status,
        "review_status": figure.review_status,
        "how_obtained": figure.how_obtained,
        "entered_by": figure.entered_by,
        "note": figure.note,
        "explanation": figure.explanation,
    }


def _store(
    ctx: _Ctx,
    resolved: _Resolved,
    day: dt.date,
    version: int,
    items: Iterable[_NewFigure],
    action: AuditAction,
    newest: dict[str, Figure],
    organisation: str,
) -> SaveResult:
    ids, keys = [], []
    for item in items:
        metric = item.metric.value
        # A second save for the same reference date is a correction: it supersedes the record
        # it corrects (also a rejected one), so each date keeps one current figure.
        newer = aliased(Figure)
        supersedes = ctx.session.scalar(
            select(Figure.id)
            .where(resolved.subject_filter(), Figure.metric == metric)
            .where(Figure.period_start == day, Figure.period_end == day)
            .where(~exists().where(newer.supersedes_id == Figure.id))
            .order_by(Figure.id.desc())
            .limit(1)
        )
        figure = Figure(
            key=f"{resolved.key_prefix}-{metric}-{day:%Y%m%d}-v{version}",
            facility_id=resolved.facility.id if resolved.facility else None,
            municipality_code=resolved.municipality.code,
            metric=metric,
            supersedes_id=supersedes,
            **item.values,
            period_start=day,
            period_end=day,
            status=Status.SELF_REPORTED.value,
            review_status=ReviewStatus.PENDING.value,
            how_obtained=item.how_obtained,
            entered_by=organisation,
            entered_at=ctx.now,
            note=item.note,
            explanation=item.explanation,
            same_as_id=item.same_as_id,
        )
        ctx.session.add(figure)
        ctx.session.flush()
        previous = newest.get(metric)
        ctx.log(
            action,
            f"figure:{figure.key}",
            old=_figure_record(previous) if previous is not None else None,
            new=_figure_record(figure),
        )
        ids.append(figure.id)
        keys.append(figure.key)
    return SaveResult(tuple(ids), tuple(keys), version, ctx.data_version)


def _yours(parsed: dict[Metric, dict[str, Any]]) -> list[str]:
    return [
        f"{m.label('en').lower()} {format_value(x['qualifier'], x['value'], x['value_low'], x['value_high'], 'en')}"
        for m, x in parsed.items()
    ]


def save_figures(
    engine: Engine,
    actor: Actor,
    subject: Subject,
    figures: Sequence[FigureInput],
    *,
    reference_date: dt.date | str,
    how_obtained: HowObtained | str,
    note: str,
    seen_version: int,
    explanation: str | None = None,
    clock: Clock = utc_now,
) -> SaveResult:
    """Append new dated figures for one facility or municipality, as "self-reported" by the
    account's organisation and pending review. `seen_version` is `SubjectState.version` from
    when the editor's view was loaded."""

    def work(ctx: _Ctx) -> SaveResult:
        scope = ctx.editor("saving figures")
        resolved = _resolve(ctx.session, subject)
        _check_subject_scope(scope, resolved)
        problems = _Problems()
        day = _past_date(reference_date, "reference_date", problems, clock)
        how = _enum(HowObtained, how_obtained, "how_obtained", problems)
        text = _text(note, "note", problems, required=True)
        why = _text(explanation, "explanation", problems)
        parsed = _parse_figures(figures, problems)
        if day is not None:
            _reference_rules(resolved, day, problems)
        problems.raise_any()
        assert day is not None and how is not None
        newest = _newest(ctx.session, resolved)
        warnings = _over_capacity({m: QValue.of(**_qargs(x)) for m, x in parsed.items()}, newest)
        if warnings and why is None:
            raise NeedsConfirmation(warnings)
        explained = {metric for w in warnings for metric in (w.occupancy, w.capacity)}
        version = _claim_version(ctx, resolved, seen_version, _yours(parsed))
        items = [
            _NewFigure(metric, values, how.value, text, why if metric in explained else None)
            for metric, values in parsed.items()
        ]
        assert scope.organisation is not None  # the schema requires one for editors
        return _store(ctx, resolved, day, version, items, AuditAction.FIGURE_SAVED, newest, scope.organisation)

    return _write(engine, actor, AuditAction.FIGURE_SAVED, subject.target(), work, clock)


def _qargs(values: dict[str, Any]) -> dict[str, Any]:
    return {
        "qualifier": values["qualifier"],
        "value": values["value"],
        "low": values["value_low"],
        "high": values["value_high"],
    }


def confirm_unchanged(
    engine: Engine,
    actor: Actor,
    subject: Subject,
    *,
    reference_date: dt.date | str,
    seen_version: int,
    metrics: Sequence[Metric | str] | None = None,
    note: str | None = None,
    clock: Clock = utc_now,
) -> SaveResult:
    """ "No change since last time": repeat the newest figures (all, or those of `metrics`) for a
    new reference date, so a stable figure is not mistaken for a stale one."""

    def work(ctx: _Ctx) -> SaveResult:
        scope = ctx.editor("confirming figures")
        resolved = _resolve(ctx.session, subject)
        _check_subject_scope(scope, resolved)
        problems = _Problems()
        day = _past_date(reference_date, "reference_date", problems, clock)
        text = _text(note, "note", problems)
        wanted = [_enum(Metric, m, "metrics", problems) for m in metrics] if metrics is not None else None
        if day is not None:
            _reference_rules(resolved, day, problems)
        problems.raise_any()
        assert day is not None
        newest = _newest(ctx.session, resolved)
        chosen = [m.value for m in wanted if m is not None] if wanted is not None else sorted(newest)
        for metric in chosen:
            earlier = newest.get(metric)
            if earlier is None:
                problems.add(metric, "has no earlier figure to repeat")
            elif earlier.period_end >= day:
                problems.add(
                    "reference_date",
                    f"the newest {metric} figure is already for {earlier.period_end.isoformat()}; "
                    f"'no change' repeats it for a later date",
                )
        if not chosen:
            problems.add("figures", f"{resolved.label} has no figures to repeat")
        problems.raise_any()
        version = _claim_version(ctx, resolved, seen_version, [f"no change since {day.isoformat()}"])
        items = []
        for metric in chosen:
            earlier = newest[metric]
            values = {
                "qualifier": earlier.qualifier,
                "value": earlier.value,
                "value_low": earlier.value_low,
                "value_high": earlier.value_high,
            }
            items.append(
                _NewFigure(Metric(metric), values, earlier.how_obtained, text, earlier.explanation, earlier.id)
            )
        assert scope.organisation is not None
        return _store(ctx, resolved, day, version, items, AuditAction.FIGURE_UNCHANGED, newest, scope.organisation)

    return _write(engine, actor, AuditAction.FIGURE_UNCHANGED, subject.target(), work, clock)


# --- review ---------------------------------------------------------------------------------


def _review(
    engine: Engine, actor: Actor, figure_id: int, decision: ReviewStatus, reason: str | None, clock: Clock
) -> None:
    action = AuditAction.FIGURE_VERIFIED if decision is ReviewStatus.VERIFIED else AuditAction.FIGURE_REJECTED

    def work(ctx: _Ctx) -> None:
        scope = ctx.admin("review figures", operator=False)
        assert scope is not None and scope.organisation is not None
        figure = ctx.session.get(Figure, figure_id)
        if figure is None:
            raise NotFound(f"no figure #{figure_id}; nothing was written")
        problems = _Problems()
        why = _text(reason, "reason", problems, required=decision is ReviewStatus.REJECTED)
        if figure.review_status is None:
            problems.add("figure", f"{figure.key} is not a self-reported figure and needs no review")
        elif figure.review_status == decision.value:
            problems.add("figure", f"{figure.key} is already {decision.label('en').lower()}")
        problems.raise_any()
        old = figure.review_status
        figure.review_status = decision.value
        ctx.session.add(
            FigureReview(
                figure_id=figure.id,
                decision=decision.value,
                reason=why,
                organisation=scope.organisation,
                decided_at=ctx.now,
            )
        )
        ctx.log(
            action,
            f"figure:{figure.key}",
            old={"review_status": old},
            new={"review_status": decision.value, "reason": why},
        )

    _write(engine, actor, action, f"figure:{figure_id}", work, clock)


def verify_figure(engine: Engine, actor: Actor, figure_id: int, *, clock: Clock = utc_now) -> None:
    """An administrator marks a self-reported figure as verified."""
    _review(engine, actor, figure_id, ReviewStatus.VERIFIED, None, clock)


def reject_figure(engine: Engine, actor: Actor, figure_id: int, reason: str, *, clock: Clock = utc_now) -> None:
    """An administrator rejects a self-reported figure; the reason is published with it."""
    _review(engine, actor, figure_id, ReviewStatus.REJECTED, reason, clock)


# --- facilities -----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewFacility:
    municipality_code: str
    label: str
    shelter_form: ShelterForm | str
    target_group: TargetGroup | str = TargetGroup.UNKNOWN
    programme: Programme | str = Programme.NONE
    criteria: Sequence[Criterion | str] = ()
    operator_id: int | None = None
    opened_on: dt.date | str | None = None
    max_stay_months: int | None = None
    legal_guidance: bool | None = None
    social_guidance: bool | None = None
    day_activities: bool | None = None
    living_allowance: bool | None = None
    regional_binding: bool | None = None
    note: str | None = None


@dataclass(frozen=True)
class FacilityResult:
    facility_id: int
    key: str
    version: int
    data_version: int


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _facility_key(session: Session, code: str, label: str) -> str:
    base = f"{code.lower()}-{_slug(label)}"[:72].rstrip("-")
    taken = set(session.scalars(select(Facility.key).where(Facility.key.startswith(base, autoescape=True))))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _facility_record(facility: Facility) -> dict[str, Any]:
    return {
        "key": facility.key,
        "municipality_code": facility.municipality_code,
        "operator_id": facility.operator_id,
        "label": facility.label,
        "shelter_form": facility.shelter_form,
        "target_group": facility.target_group,
        "programme": facility.programme,
        "criteria": sorted(c.criterion for c in facility.criteria),
        "opened_on": facility.opened_on,
        "closed_on": facility.closed_on,
        "note": facility.note,
        "entered_by": facility.entered_by,
    }


def add_facility(engine: Engine, actor: Actor, new: NewFacility, *, clock: Clock = utc_now) -> FacilityResult:
    """A new shelter offer in a municipality of the account's scope (an organisation editor's
    offers are always operated by its own organisation)."""

    def work(ctx: _Ctx) -> FacilityResult:
        scope = ctx.editor("adding a facility")
        session = ctx.session
        if session.get(Municipality, new.municipality_code) is None:
            raise NotFound(f"no municipality {new.municipality_code}; nothing was written")
        operator_id = new.operator_id
        if scope.role is Role.ORGANISATION_EDITOR:
            if operator_id not in (None, scope.organisation_id):
                raise NotAllowed(
                    f"account '{scope.username}' ({_scope_text(scope)}) may add only its own organisation's "
                    "facilities; nothing was written"
                )
            operator_id = scope.organisation_id
        if not scope.may_write_facility(new.municipality_code, operator_id):
            raise NotAllowed(
                f"account '{scope.username}' ({_scope_text(scope)}) may not add a facility in "
                f"{new.municipality_code}; nothing was written"
            )
        problems = _Problems()
        label = _text(new.label, "label", problems, required=True, limit=MAX_LABEL)
        note = _text(new.note, "note", problems)
        form = _enum(ShelterForm, new.shelter_form, "shelter_form", problems)
        group = _enum(TargetGroup, new.target_group, "target_group", problems)
        programme = _enum(Programme, new.programme, "programme", problems)
        criteria = sorted({c.value for c in (_enum(Criterion, c, "criteria", problems) for c in new.criteria) if c})
        opened = _past_date(new.opened_on, "opened_on", problems, clock) if new.opened_on else None
        if new.max_stay_months is not None and (isinstance(new.max_stay_months, bool) or new.max_stay_months < 1):
            problems.add("max_stay_months", "must be 1 or more (leave it empty when unknown)")
        if operator_id is not None and session.get(Organisation, operator_id) is None:
            problems.add("operator_id", f"no organisation #{operator_id}")
        problems.raise_any()
        assert label is not None and form is not None and group is not None and programme is not None
        facility = Facility(
            key=_facility_key(session, new.municipality_code, label),
            municipality_code=new.municipality_code,
            operator_id=operator_id,
            label=label,
            shelter_form=form.value,
            target_group=group.value,
            programme=programme.value,
            legal_guidance=new.legal_guidance,
            social_guidance=new.social_guidance,
            day_activities=new.day_activities,
            living_allowance=new.living_allowance,
            max_stay_months=new.max_stay_months,
            regional_binding=new.regional_binding,
            opened_on=opened,
            note=note,
            entered_by=scope.organisation,
            edit_version=0,
        )
        facility.criteria = [FacilityCriterion(criterion=c) for c in criteria]
        session.add(facility)
        session.flush()
        ctx.log(AuditAction.FACILITY_ADDED, f"facility:{facility.key}", new=_facility_record(facility))
        return FacilityResult(facility.id, facility.key, facility.edit_version, ctx.data_version)

    return _write(engine, actor, AuditAction.FACILITY_ADDED, f"municipality:{new.municipality_code}", work, clock)


def close_facility(
    engine: Engine,
    actor: Actor,
    facility_id: int,
    *,
    closed_on: dt.date | str,
    seen_version: int,
    note: str | None = None,
    clock: Clock = utc_now,
) -> FacilityResult:
    """Set the facility's end date; nothing is deleted and its figures stay published."""

    def work(ctx: _Ctx) -> FacilityResult:
        scope = ctx.editor("closing a facility")
        resolved = _resolve(ctx.session, Subject.facility(facility_id))
        _check_subject_scope(scope, resolved)
        facility = resolved.facility
        assert facility is not None
        problems = _Problems()
        day = _past_date(closed_on, "closed_on", problems, clock)
        text = _text(note, "note", problems)
        if facility.closed_on is not None:
            problems.add("closed_on", f"the facility is already closed since {facility.closed_on.isoformat()}")
        if day is not None and facility.opened_on is not None and day < facility.opened_on:
            problems.add("closed_on", f"{day.isoformat()} is before the facility opened ({facility.opened_on})")
        problems.raise_any()
        old = _facility_record(facility)
        version = _claim_version(ctx, resolved, seen_version, [f"closed on {closed_on}"])
        facility.closed_on = day
        if text is not None:
            facility.note = f"{facility.note} {text}" if facility.note else text
        ctx.session.flush()
        ctx.log(AuditAction.FACILITY_CLOSED, f"facility:{facility.key}", old=old, new=_facility_record(facility))
        return FacilityResult(facility.id, facility.key, version, ctx.data_version)

    return _write(engine, actor, AuditAction.FACILITY_CLOSED, f"facility:{facility_id}", work, clock)


# --- organisations and accounts -------------------------------------------------------------


def add_organisation(
    engine: Engine,
    actor: Actor,
    key: str,
    name: str,
    kind: OrganisationKind | str,
    *,
    municipality_code: str | None = None,
    clock: Clock = utc_now,
) -> int:
    """An organisation that accounts can belong to (its name is what public figures show)."""

    def work(ctx: _Ctx) -> int:
        ctx.admin("add an organisation", operator=True)
        problems = _Problems()
        try:
            v.parse_key(key)
        except ValueError as error:
            problems.add("key", str(error))
        clean_name = _text(name, "name", problems, required=True, limit=MAX_LABEL)
        parsed_kind = _enum(OrganisationKind, kind, "kind", problems)
        if municipality_code is not None and ctx.session.get(Municipality, municipality_code) is None:
            problems.add("municipality_code", f"no municipality {municipality_code}")
        if ctx.session.scalar(select(Organisation.id).where(Organisation.key == key)) is not None:
            problems.add("key", f"an organisation '{key}' already exists")
        problems.raise_any()
        assert parsed_kind is not None
        organisation = Organisation(
            key=key, name=clean_name, kind=parsed_kind.value, municipality_code=municipality_code
        )
        ctx.session.add(organisation)
        ctx.session.flush()
        ctx.log(
            AuditAction.ORGANISATION_ADDED,
            f"organisation:{key}",
            new={"key": key, "name": clean_name, "kind": parsed_kind.value, "municipality_code": municipality_code},
        )
        return organisation.id

    return _write(engine, actor, AuditAction.ORGANISATION_ADDED, f"organisation:{key}", work, clock)


def _account_record(account: Account) -> dict[str, Any]:
    return {
        "username": account.username,
        "email": account.email,
        "role": account.role,
        "organisation": account.organisation.key if account.organisation else None,
        "municipalities": sorted(m.municipality_code for m in account.municipalities),
        "disabled_at": account.disabled_at,
        "has_password": account.password_hash is not None,
    }


def _account(session: Session, username: str) -> Account:
    account = accounts.find_account(session, username)
    if account is None:
        raise NotFound(f"no account '{username}'; nothing was written")
    return account


def _municipality_codes(session: Session, codes: Iterable[str], problems: _Problems) -> list[str]:
    wanted = sorted(set(codes))
    known = set(session.scalars(select(Municipality.code).where(Municipality.code.in_(wanted))))
    for code in wanted:
        if code not in known:
            problems.add("municipalities", f"no municipality {code}")
    return wanted


def _new_password_hash(password: str | None, username: str) -> str | None:
    """Checked and hashed before any transaction opens: hashing is slow and needs no lock."""
    if password is None:
        return None
    problem = accounts.password_problem(password, username)
    if problem:
        raise InvalidInput([Problem("password", problem)])
    return accounts.hash_password(password)


def add_account(
    engine: Engine,
    actor: Actor,
    username: str,
    role: Role | str,
    *,
    organisation_key: str | None = None,
    email: str | None = None,
    municipalities: Sequence[str] = (),
    password: str | None = None,
    clock: Clock = utc_now,
) -> int:
    """A new account. Without a password it can sign in only by single sign-on (its e-mail)."""
    name = accounts.normalise_username(username)
    problem = accounts.username_problem(name)
    if problem:
        raise InvalidInput([Problem("username", problem)])
    password_hash = _new_password_hash(password, name)

    def work(ctx: _Ctx) -> int:
        ctx.admin("add accounts", operator=True)
        session = ctx.session
        problems = _Problems()
        parsed_role = _enum(Role, role, "role", problems)
        address = accounts.normalise_email(email) if email else None
        if address is not None and (bad := accounts.email_problem(address)):
            problems.add("email", bad)
        organisation = None
        if organisation_key is not None:
            organisation = session.scalar(select(Organisation).where(Organisation.key == organisation_key))
            if organisation is None:
                problems.add("organisation", f"no organisation '{organisation_key}' (add it first)")
        elif parsed_role is not None and parsed_role is not Role.VIEWER:
            problems.add("organisation", "is required: public figures name the account's organisation")
        codes = _municipality_codes(session, municipalities, problems)
        if parsed_role is Role.MUNICIPALITY_EDITOR and not codes:
            problems.add("municipalities", "a municipality editor needs at least one municipality")
        if parsed_role not in (None, Role.MUNICIPALITY_EDITOR) and codes:
            problems.add("municipalities", "only a municipality editor has municipalities")
        if accounts.find_account(session, name) is not None:
            problems.add("username", f"an account '{name}' already exists")
        if address is not None and session.scalar(select(Account.id).where(Account.email == address)) is not None:
            problems.add("email", f"another account already has {address}")
        problems.raise_any()
        assert parsed_role is not None
        account = Account(
            username=name,
            email=address,
            role=parsed_role.value,
            organisation_id=organisation.id if organisation else None,
            password_hash=password_hash,
            created_at=ctx.now,
            password_changed_at=ctx.now if password_hash else None,
        )
        account.municipalities = [AccountMunicipality(municipality_code=c) for c in codes]
        session.add(account)
        session.flush()
        ctx.log(AuditAction.ACCOUNT_ADDED, f"account:{name}", new=_account_record(account))
        return account.id

    return _write(engine, actor, AuditAction.ACCOUNT_ADDED, f"account:{name}", work, clock)


def set_account_disabled(
    engine: Engine, actor: Actor, username: str, disabled: bool, *, clock: Clock = utc_now
) -> None:
    """Disable an account (its sessions end at once) or enable it again."""
    action = AuditAction.ACCOUNT_DISABLED if disabled else AuditAction.ACCOUNT_ENABLED

    def work(ctx: _Ctx) -> None:
        scope = ctx.admin("disable or enable accounts", operator=True)
        account = _account(ctx.session, username)
        if scope is not None and account.id == scope.account_id:
            raise InvalidInput([Problem("username", "you cannot disable or enable your own account")])
        if (account.disabled_at is not None) == disabled:
            raise InvalidInput(
                [Problem("username", f"'{account.username}' is already {'dis' if disabled else 'en'}abled")]
            )
        old = _account_record(account)
        account.disabled_at = ctx.now if disabled else None
        ended = end_all_sessions(ctx.session, account.id, SessionEnd.DISABLED, ctx.now) if disabled else 0
        ctx.log(
            action, f"account:{account.username}", old=old, new={**_account_record(account), "sessions_ended": ended}
        )

    _write(engine, actor, action, f"account:{username}", work, clock)


def reset_password(engine: Engine, actor: Actor, username: str, password: str, *, clock: Clock = utc_now) -> None:
    """A new password (by an administrator, or by the account itself): every session of the
    account ends and a sign-in lock on its name is lifted."""
    name = accounts.normalise_username(username)
    password_hash = _new_password_hash(password, name)

    def work(ctx: _Ctx) -> None:
        if ctx.scope is None or ctx.scope.role is Role.ADMIN:
            pass
        elif ctx.scope.username != name:
            raise NotAllowed(f"account '{ctx.scope.username}' may change only its own password; nothing was written")
        account = _account(ctx.session, name)
        account.password_hash = password_hash
        account.password_changed_at = ctx.now
        ended = end_all_sessions(ctx.session, account.id, SessionEnd.PASSWORD_RESET, ctx.now)
        accounts.clear_throttle(ctx.session, name)
        ctx.log(
            AuditAction.PASSWORD_RESET,
            f"account:{name}",
            old={"password": "replaced"},
            new={"password": "set", "sessions_ended": ended},
        )

    _write(engine, actor, AuditAction.PASSWORD_RESET, f"account:{name}", work, clock)


def change_scope(
    engine: Engine,
    actor: Actor,
    username: str,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    clock: Clock = utc_now,
) -> list[str]:
    """Add or remove municipalities of a municipality editor; returns the new list."""

    def work(ctx: _Ctx) -> list[str]:
        ctx.admin("change an account's scope", operator=True)
        account = _account(ctx.session, username)
        problems = _Problems()
        if account.role != Role.MUNICIPALITY_EDITOR.value:
            problems.add(
                "role", f"'{account.username}' is a {Role(account.role).label('en').lower()}, not a municipality editor"
            )
        added = _municipality_codes(ctx.session, add, problems)
        problems.raise_any()
        old = sorted(m.municipality_code for m in account.municipalities)
        new = sorted((set(old) | set(added)) - set(remove))
        account.municipalities = [m for m in account.municipalities if m.municipality_code in new] + [
            AccountMunicipality(municipality_code=c) for c in new if c not in old
        ]
        ctx.session.flush()
        ctx.log(
            AuditAction.SCOPE_CHANGED,
            f"account:{account.username}",
            old={"municipalities": old},
            new={"municipalities": new},
        )
        return new

    return _write(engine, actor, AuditAction.SCOPE_CHANGED, f"account:{username}", work, clock)
