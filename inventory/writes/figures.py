"""Figures: save new dated records for a municipality or an offer, or confirm them unchanged."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, exists, select, update
from sqlalchemy.orm import Session, aliased

from inventory import validation as v
from inventory.accounts import Scope
from inventory.clock import Clock, as_utc, utc_now
from inventory.enums import (
    AuditAction,
    HowObtained,
    Metric,
    Qualifier,
    ReviewStatus,
    Role,
    Status,
)
from inventory.i18n import LANGS
from inventory.models import (
    Facility,
    Figure,
    Municipality,
)
from inventory.values import QValue, format_value
from inventory.writes.core import (
    EDITABLE_METRICS,
    MAX_COUNT,
    OCCUPANCY_PAIRS,
    Actor,
    Conflict,
    NeedsConfirmation,
    NotAllowed,
    NotFound,
    OverCapacity,
    _count_text,
    _Ctx,
    _enum,
    _past_date,
    _Problems,
    _text,
    _write,
)


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


def _claim_version(ctx: _Ctx, resolved: _Resolved, seen: int, yours: Sequence[dict[str, str]]) -> int:
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
        problems.add("figures", "problem_no_figures")
    for item in figures:
        metric = _enum(Metric, item.metric, "metric", problems)
        if metric is None:
            continue
        if metric not in EDITABLE_METRICS:
            problems.add(metric.value, "problem_aggregate_only")
            continue
        if metric in parsed:
            problems.add(metric.value, "problem_twice")
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
            problems.add_error(metric.value, error)
            continue
        too_big = [n for n in (values["value"], values["value_low"], values["value_high"]) if (n or 0) > MAX_COUNT]
        if too_big:
            problems.add(
                metric.value,
                "problem_too_big",
                value=too_big[0],
                limit_nl=f"{MAX_COUNT:,}".replace(",", "."),
                limit_en=f"{MAX_COUNT:,}",
            )
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
            warnings.append(OverCapacity(occupancy, occupied, capacity, places))
    return warnings


def _reference_rules(resolved: _Resolved, day: dt.date, problems: _Problems) -> None:
    facility = resolved.facility
    if facility is None:
        return
    if facility.closed_on is not None and day > facility.closed_on:
        problems.add("reference_date", "problem_after_closed", day=day, closed=facility.closed_on)
    if facility.opened_on is not None and day < facility.opened_on:
        problems.add("reference_date", "problem_before_opened", day=day, opened=facility.opened_on)


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


def _yours(parsed: dict[Metric, dict[str, Any]]) -> list[dict[str, str]]:
    return [
        {
            lang: f"{m.label(lang).lower()} "
            f"{format_value(x['qualifier'], x['value'], x['value_low'], x['value_high'], lang)}"
            for lang in LANGS
        }
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
                problems.add(metric, "problem_nothing_to_repeat")
            elif earlier.period_end >= day:
                label = Metric(metric)
                problems.add(
                    "reference_date",
                    "problem_repeat_later",
                    metric_nl=label.label("nl").lower(),
                    metric_en=label.label("en").lower(),
                    newest=earlier.period_end,
                )
        if not chosen:
            problems.add("figures", "problem_no_figures_to_repeat", subject=resolved.label)
        problems.raise_any()
        unchanged = [{"nl": f"niets veranderd sinds {day:%d-%m-%Y}", "en": f"no change since {day.isoformat()}"}]
        version = _claim_version(ctx, resolved, seen_version, unchanged)
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
