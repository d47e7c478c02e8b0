"""Bulk import: many figures for many subjects from one file, all stored in one transaction or
none. Each row passes the same scope check and the same validation as `save_figures`; a dry run
does all of it, then rolls back."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from inventory.clock import Clock, utc_now
from inventory.enums import AuditAction, HowObtained, Metric, Route
from inventory.models import Facility, Municipality
from inventory.values import QValue
from inventory.writes.core import (
    Actor,
    InvalidInput,
    NotAllowed,
    Problem,
    WriteError,
    _Ctx,
    _enum,
    _past_date,
    _Problems,
    _text,
    _write,
)
from inventory.writes.figures import (
    FigureInput,
    Subject,
    _check_subject_scope,
    _claim_version,
    _newest,
    _NewFigure,
    _over_capacity,
    _parse_figures,
    _qargs,
    _reference_rules,
    _Resolved,
    _store,
    _yours,
)


@dataclass(frozen=True)
class ImportRow:
    """One filled-in row of an import file, as read (cells as text, numbers or dates): `line` is
    where it stands in the file, so every problem can point at it."""

    line: int
    municipality_code: object = None
    facility_key: object = None
    metric: object = None
    qualifier: object = None
    value: object = None
    value_low: object = None
    value_high: object = None
    reference_date: object = None
    how_obtained: object = None
    note: object = None
    explanation: object = None
    version: object = None


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    problem: Problem

    def text(self, lang: str) -> str:
        return self.problem.text(lang)

    def __str__(self) -> str:
        return f"line {self.line}, {self.column}: {self.problem.message}"


class ImportInvalid(InvalidInput):
    """Rows that fail validation; `rows` says which line and column and why. Nothing was written."""

    def __init__(self, rows: Sequence[RowProblem]) -> None:
        self.rows = tuple(rows)
        super().__init__(
            [Problem.of(f"line {r.line}, {r.column}", r.problem.code, **dict(r.problem.params)) for r in rows]
        )


class ImportNotAllowed(NotAllowed):
    """Rows for subjects outside the account's scope: the whole file is refused and audited."""

    def __init__(self, rows: Sequence[RowProblem], dry_run: bool) -> None:
        self.rows = tuple(rows)
        shown = "; ".join(str(r) for r in self.rows[:5]) + ("; …" if len(self.rows) > 5 else "")
        what = "dry run of an import" if dry_run else "import"
        super().__init__(
            f"{what} refused, {len(self.rows)} row(s) outside the account's scope ({shown}); nothing was written"
        )


@dataclass(frozen=True)
class PlannedFigure:
    line: int
    municipality: str
    facility: str | None
    metric: Metric
    value: QValue
    reference_date: dt.date

    @property
    def subject(self) -> str:
        return f"{self.municipality} — {self.facility}" if self.facility else self.municipality


@dataclass(frozen=True)
class ImportResult:
    dry_run: bool
    figures: tuple[PlannedFigure, ...]
    subjects: int
    figure_ids: tuple[int, ...] = ()
    data_version: int | None = None


class _DryRunDone(WriteError):
    """Carries a dry run's result out of its transaction, which rolls back."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        super().__init__("dry run")


@dataclass
class _Checked:
    row: ImportRow
    resolved: _Resolved
    metric: Metric
    values: dict[str, Any]
    day: dt.date
    how: HowObtained
    note: str
    explanation: str | None


def _cell(raw: object) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip()
    return text or None


def _resolve_row(session: Session, row: ImportRow, problems: list[RowProblem]) -> _Resolved | None:
    code, key = _cell(row.municipality_code), _cell(row.facility_key)
    if code is None:
        problems.append(RowProblem(row.line, "municipality_code", Problem.of("", "problem_required")))
        return None
    municipality = session.get(Municipality, code.upper())
    if municipality is None:
        problems.append(
            RowProblem(row.line, "municipality_code", Problem.of("", "import_unknown_municipality", given=code))
        )
        return None
    if key is None:
        return _Resolved(Subject.municipality(municipality.code), municipality, None)
    facility = session.scalar(select(Facility).where(Facility.key == key))
    if facility is None:
        problems.append(RowProblem(row.line, "facility_key", Problem.of("", "import_unknown_facility", offer=key)))
        return None
    if facility.municipality_code != municipality.code:
        # Resolved to where the offer really is, so the scope check sees the true subject.
        problems.append(
            RowProblem(
                row.line,
                "municipality_code",
                Problem.of("", "import_facility_elsewhere", offer=key, given=code, actual=facility.municipality_code),
            )
        )
        municipality = facility.municipality
    return _Resolved(Subject.facility(facility.id), municipality, facility)


def _name(resolved: _Resolved) -> str:
    return resolved.facility.label if resolved.facility else resolved.municipality.name


def _column_of(field_name: str) -> str:
    """The file's column for a validator's field name (a metric's value problems name the metric)."""
    if field_name in Metric.values() or field_name == "figures":
        return "value"
    return field_name


def _check_row(row: ImportRow, resolved: _Resolved, clock: Clock, out: list[RowProblem]) -> _Checked | None:
    problems = _Problems()
    raw_day = row.reference_date if isinstance(row.reference_date, dt.date) else _cell(row.reference_date)
    day = _past_date(raw_day, "reference_date", problems, clock)
    how = _enum(HowObtained, _cell(row.how_obtained), "how_obtained", problems)
    note = _text(_cell(row.note), "note", problems, required=True)
    why = _text(_cell(row.explanation), "explanation", problems)
    item = FigureInput(
        _cell(row.metric) or "", row.value, _cell(row.qualifier) or "exact", row.value_low, row.value_high
    )
    parsed = _parse_figures([item], problems)
    if day is not None:
        _reference_rules(resolved, day, problems)
    out.extend(RowProblem(row.line, _column_of(p.field), p) for p in problems.items)
    if problems.items or not parsed:
        return None
    assert day is not None and how is not None and note is not None
    ((metric, values),) = parsed.items()
    return _Checked(row, resolved, metric, values, day, how, note, why)


def import_figures(
    engine: Engine,
    actor: Actor,
    rows: Sequence[ImportRow],
    *,
    dry_run: bool,
    source: str = "file",
    clock: Clock = utc_now,
) -> ImportResult:
    """Store every row of an import file, or none: one transaction, each row checked against the
    account's scope (any row outside it refuses the whole file, audited) and validated as
    `save_figures` validates. New dated records, self-reported and pending review."""
    actor = dataclasses.replace(actor, route=Route.IMPORT)

    def work(ctx: _Ctx) -> ImportResult:
        scope = ctx.editor("importing figures")
        problems: list[RowProblem] = []
        if not rows:
            raise ImportInvalid([RowProblem(0, "value", Problem.of("", "import_no_rows"))])
        resolved = [(row, _resolve_row(ctx.session, row, problems)) for row in rows]
        refused = []
        for row, subject in resolved:
            if subject is None:
                continue
            try:
                _check_subject_scope(scope, subject)
            except NotAllowed:
                column = "facility_key" if subject.facility else "municipality_code"
                where = f"{subject.municipality.name} ({subject.municipality.code})"
                problem = Problem.of(
                    "", "import_out_of_scope", account=scope.username, subject=_name(subject), where=where
                )
                refused.append(RowProblem(row.line, column, problem))
        if refused:
            raise ImportNotAllowed(refused, dry_run)
        checked = [
            c for row, subject in resolved if subject is not None if (c := _check_row(row, subject, clock, problems))
        ]
        groups = _group(checked, problems)
        subjects: dict[str, _Resolved] = {}
        for (target, _day), items in groups.items():
            subjects.setdefault(target, items[0].resolved)
        newest = {target: _newest(ctx.session, subject) for target, subject in subjects.items()}
        for (target, _day), items in groups.items():
            _capacity_rule(items, newest[target], problems)
        _version_rule(groups, subjects, problems)
        if problems:
            raise ImportInvalid(sorted(problems, key=lambda p: (p.line, p.column)))
        assert scope.organisation is not None  # the schema requires one for editors
        planned = tuple(
            PlannedFigure(
                c.row.line,
                c.resolved.municipality.name,
                c.resolved.facility.label if c.resolved.facility else None,
                c.metric,
                QValue.of(**_qargs(c.values)),
                c.day,
            )
            for items in groups.values()
            for c in items
        )
        if dry_run:
            raise _DryRunDone(ImportResult(True, planned, len(subjects)))
        versions = {
            target: _claim_version(ctx, subject, subject.version, _yours(_parsed_of(groups, target)))
            for target, subject in subjects.items()
        }
        ids: list[int] = []
        for (target, day), items in groups.items():
            stored = _store(
                ctx,
                subjects[target],
                day,
                versions[target],
                [_NewFigure(c.metric, c.values, c.how.value, c.note, c.explanation) for c in items],
                AuditAction.FIGURE_SAVED,
                newest[target],
                scope.organisation,
            )
            ids.extend(stored.figure_ids)
        return ImportResult(False, planned, len(subjects), tuple(ids), ctx.data_version)

    try:
        # The action is what a refusal is logged as: a refused file saved no figure. A stored
        # import logs each subject's save (figure_saved) in `_store`.
        return _write(engine, actor, AuditAction.IMPORT_REFUSED, f"import:{source}", work, clock)
    except _DryRunDone as done:
        return done.result


def _parsed_of(groups: dict[tuple[str, dt.date], list[_Checked]], target: str) -> dict[Metric, dict[str, Any]]:
    return {c.metric: c.values for (subject, _day), items in groups.items() if subject == target for c in items}


def _group(checked: Sequence[_Checked], problems: list[RowProblem]) -> dict[tuple[str, dt.date], list[_Checked]]:
    """Rows by subject and reference date, as one save each; a measure twice in one is refused."""
    groups: dict[tuple[str, dt.date], list[_Checked]] = {}
    first: dict[tuple[str, dt.date, Metric], int] = {}
    for c in checked:
        target = c.resolved.subject.target()
        seen = first.setdefault((target, c.day, c.metric), c.row.line)
        if seen != c.row.line:
            problems.append(RowProblem(c.row.line, "metric", Problem.of("", "import_twice", line=seen)))
            continue
        groups.setdefault((target, c.day), []).append(c)
    return groups


def _capacity_rule(items: list[_Checked], stored: dict[str, Any], problems: list[RowProblem]) -> None:
    """Occupancy above places needs an explanation on the occupancy or the capacity row; as in
    `save_figures`, it is published with both figures and with no other."""
    by_metric = {c.metric: c for c in items}
    explained: dict[Metric, str] = {}
    for warning in _over_capacity({m: QValue.of(**_qargs(c.values)) for m, c in by_metric.items()}, stored):
        rows = [by_metric[m] for m in (warning.occupancy, warning.capacity) if m in by_metric]
        why = next((c.explanation for c in rows if c.explanation), None)
        if why is not None:
            explained.update({c.metric: why for c in rows})
            continue
        problems.append(
            RowProblem(
                rows[0].row.line,
                "explanation",
                Problem.of(
                    "",
                    "import_over_capacity",
                    occupancy_nl=warning.occupancy.label("nl"),
                    occupancy_en=warning.occupancy.label("en"),
                    capacity_nl=warning.capacity.label("nl").lower(),
                    capacity_en=warning.capacity.label("en").lower(),
                    occupied_nl=warning.occupied.format("nl"),
                    occupied_en=warning.occupied.format("en"),
                    places_nl=warning.places.format("nl"),
                    places_en=warning.places.format("en"),
                ),
            )
        )
    for c in items:
        c.explanation = explained.get(c.metric)


def _version_rule(
    groups: dict[tuple[str, dt.date], list[_Checked]], subjects: dict[str, _Resolved], problems: list[RowProblem]
) -> None:
    """A template carries each subject's version: a file made before someone else saved for the
    same subject is refused for it, so nobody's newer figures are overwritten unseen."""
    for (target, _day), items in groups.items():
        current = subjects[target].version
        for c in items:
            raw = _cell(c.row.version)
            if raw is None:
                continue
            try:
                seen = int(float(raw))
            except ValueError:
                problems.append(RowProblem(c.row.line, "version", Problem.of("", "import_bad_version", value=raw)))
                continue
            if seen != current:
                problems.append(
                    RowProblem(
                        c.row.line,
                        "version",
                        Problem.of("", "import_stale", subject=_name(subjects[target]), seen=seen, current=current),
                    )
                )
