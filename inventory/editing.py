"""What the editing page needs, without Streamlit: the subjects an account may edit, its newest
figures as an editable table, the typed input back, and every refusal as one translated line.

All writes still go through `inventory.writes`; this module only prepares and explains."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from inventory import writes
from inventory.accounts import Scope, editable_facility_ids
from inventory.enums import Metric, ReviewStatus, Role, Status
from inventory.i18n import TEXT, t, tn
from inventory.models import Facility, Municipality
from inventory.presentation import format_day, format_period

# The measures an editor keeps current, in the order a form asks for them.
EDITABLE_METRICS = (Metric.PLACES, Metric.PERSONS, Metric.FAMILIES, Metric.FAMILY_PLACES, Metric.WAITING_LIST)
NEW_VALUE = "new_value"


@dataclass(frozen=True)
class Choice:
    subject: writes.Subject
    label: str


def editable_subjects(session: Session, scope: Scope, lang: str = "nl") -> list[Choice]:
    """The municipalities (as a whole) and the open offers this account may enter figures for."""
    out: list[Choice] = []
    codes = (
        list(session.scalars(select(Municipality.code).order_by(Municipality.name)))
        if scope.role is Role.ADMIN
        else sorted(scope.municipalities)
    )
    names: dict[str, str] = {code: name for code, name in session.execute(select(Municipality.code, Municipality.name))}
    for code in codes if scope.role in (Role.ADMIN, Role.MUNICIPALITY_EDITOR) else ():
        out.append(
            Choice(writes.Subject.municipality(code), f"{names.get(code, code)} — {t('municipality_level', lang)}")
        )
    ids = editable_facility_ids(session, scope)
    rows = session.execute(
        select(Facility.id, Facility.label, Municipality.name)
        .join(Municipality, Facility.municipality_code == Municipality.code)
        .where(Facility.id.in_(ids), Facility.closed_on.is_(None))
        .order_by(Municipality.name, Facility.label)
    ).all()
    out += [Choice(writes.Subject.facility(fid), f"{muni} — {label}") for fid, label, muni in rows]
    return out


def facility_municipalities(session: Session, scope: Scope) -> list[tuple[str, str]]:
    """(code, name) of the municipalities this account may add an offer in: a municipality editor's
    own; every municipality for an organisation editor (its offers may lie anywhere) and an admin."""
    query = select(Municipality.code, Municipality.name).order_by(Municipality.name)
    if scope.role is Role.MUNICIPALITY_EDITOR:
        query = query.where(Municipality.code.in_(sorted(scope.municipalities)))
    elif not scope.can_edit:
        return []
    return [(code, name) for code, name in session.execute(query)]


def closable_facilities(session: Session, scope: Scope) -> list[tuple[Choice, int]]:
    """The open offers this account may close, each with the version its closing must start from
    (one query for all versions: the figures of each offer are not needed to close it)."""
    choices = [choice for choice in editable_subjects(session, scope) if choice.subject.facility_id is not None]
    ids = [choice.subject.facility_id for choice in choices]
    versions = dict(session.execute(select(Facility.id, Facility.edit_version).where(Facility.id.in_(ids))).all())
    return [(choice, versions[choice.subject.facility_id]) for choice in choices]


def editor_frame(state: writes.SubjectState, lang: str = "nl") -> pd.DataFrame:
    """One row per measure: the newest figure as published (value, period, status) and an empty
    column for the new value. The measure and the published columns are read-only in the page."""
    rows = []
    for metric in EDITABLE_METRICS:
        figure = state.figures.get(metric.value)
        rows.append(
            {
                "metric": metric.value,
                "measure": metric.label(lang),
                "current": figure.display(lang) if figure else t("no_data", lang),
                "period": format_period(figure.period_start, figure.period_end, lang) if figure else "",
                "status": _status(figure, lang) if figure else "",
                NEW_VALUE: "",
            }
        )
    return pd.DataFrame(rows)


def _status(figure: writes.FigureView, lang: str) -> str:
    """A self-reported figure by its review ('Nog niet beoordeeld'), any other by its status."""
    if figure.review_status is not None:
        return ReviewStatus(figure.review_status).label(lang)
    return Status(figure.status).label(lang)


def saved_summary(
    state: writes.SubjectState, result: writes.SaveResult, what: str, lang: str = "nl", *, confirmed: bool = False
) -> str:
    """What a save stored, read back from the database: 'Opgeslagen voor Amsterdam — gemeentetotaal:
    1 nieuw cijfer per 8 dec 2026: Wachtlijst (personen) 9. …'."""
    ids = set(result.figure_ids)
    stored = [f for m in EDITABLE_METRICS if (f := state.figures.get(m.value)) is not None and f.id in ids]
    values = ", ".join(f"{Metric(f.metric).label(lang)} {f.display(lang)}" for f in stored)
    days = sorted({f.period_end for f in stored})
    return t(
        "edit_confirmed" if confirmed else "edit_saved",
        lang,
        what=what,
        figures=tn("count_figures" if confirmed else "count_new_figures", len(result.figure_ids), lang),
        day=", ".join(format_day(day, lang) for day in days) or "—",
        values=values or "—",
    )


def figure_inputs(edited: pd.DataFrame) -> list[writes.FigureInput]:
    """The measures the editor filled in. Values are passed on as typed: the server validates."""
    out = []
    for metric, value in zip(edited["metric"], edited[NEW_VALUE], strict=True):
        if value is None or (isinstance(value, float) and pd.isna(value)) or str(value).strip() == "":
            continue
        out.append(writes.FigureInput(metric, value))
    return out


def explain(error: writes.WriteError, lang: str = "nl") -> list[str]:
    """A refused write as lines a person reads in `lang`; nothing was saved."""
    if isinstance(error, writes.InvalidInput):
        return [t("edit_invalid", lang, field=_field(p.field, lang), message=p.text(lang)) for p in error.problems]
    if isinstance(error, writes.NeedsConfirmation):
        return [t("edit_over_capacity", lang, details="; ".join(w.text(lang) for w in error.warnings))]
    if isinstance(error, writes.AlreadyReviewed):
        return [error.text(lang)]
    if isinstance(error, writes.Conflict):
        theirs = ", ".join(f"{Metric(f.metric).label(lang)} {f.display(lang)}" for f in error.theirs)
        yours = ", ".join(item[lang] for item in error.yours_by_lang)
        return [t("edit_conflict", lang, theirs=theirs or "—", yours=yours or "—")]
    if isinstance(error, writes.NotAllowed):
        return [t("edit_not_allowed", lang, reason=str(error))]
    if isinstance(error, writes.Busy):
        return [t("edit_busy", lang)]
    return [t("edit_refused", lang, reason=str(error))]


def _field(name: str, lang: str) -> str:
    labels = {"reference_date": "edit_reference_date", "how_obtained": "edit_how", "note": "edit_note"}
    if name in labels:
        return t(labels[name], lang)
    if f"field_{name}" in TEXT:
        return t(f"field_{name}", lang)
    try:
        return Metric(name).label(lang)
    except ValueError:
        return name


def needs_explanation(error: writes.WriteError) -> bool:
    return isinstance(error, writes.NeedsConfirmation)
