"""The administrators' review queue, without Streamlit: which self-reported figures wait for a
decision, what each would replace, which are superseded, and which figure a table selection
means. The page, the CLI (`python -m inventory review`) and the tests all use it; the decisions
themselves go through `inventory.writes.verify_figure` / `reject_figure`, by the figure's key.

A correction entered for the same subject, measure and reference date supersedes the entry it
corrects (`Figure.supersedes_id`). Only the newest entry of such a chain is decided; the older
ones are listed as superseded while that newest one still waits, so "42 corrected to 44 on the
same day" leaves one figure to decide, not two."""

from __future__ import annotations

import datetime as dt
from collections.abc import MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, aliased

from inventory.clock import as_utc
from inventory.enums import HowObtained, Metric, ReviewStatus, Status
from inventory.i18n import t
from inventory.models import Facility, Figure, FigureReview, Municipality
from inventory.presentation import entered_by_label, format_day, format_moment
from inventory.querybase import as_int
from inventory.values import QValue


@dataclass(frozen=True)
class Earlier:
    """The figure a pending entry would replace: the entry it corrects, else the newest figure of
    the same subject and measure that no longer waits for review (verified, or from a source)."""

    key: str
    value: QValue
    period_end: dt.date
    status: str
    review_status: str | None

    def status_label(self, lang: str) -> str:
        if self.review_status is not None:
            return ReviewStatus(self.review_status).label(lang)
        return Status(self.status).label(lang)


@dataclass(frozen=True)
class Entry:
    """One pending self-reported figure as the reviewer judges it."""

    key: str
    municipality_code: str
    municipality: str
    facility_key: str | None
    facility: str | None
    metric: str
    value: QValue
    period_end: dt.date
    how_obtained: str | None
    entered_by: str
    entered_at: dt.datetime
    note: str | None
    explanation: str | None
    corrects: bool  # `earlier` is the entry this one corrects (same reference date)
    earlier: Earlier | None
    superseded_by: str | None
    superseded_value: QValue | None

    @property
    def decidable(self) -> bool:
        return self.superseded_by is None

    def label(self, lang: str = "nl") -> str:
        """'Wachtlijst (personen) 50 · 1 dec 2026', as the reviewer reads it."""
        return figure_label(self.metric, self.value, self.period_end, lang)

    def subject(self, lang: str = "nl") -> str:
        return f"{self.municipality} — {self.facility or t('municipality_level', lang)}"


def figure_label(metric: str, value: QValue, day: dt.date, lang: str = "nl") -> str:
    return f"{Metric(metric).label(lang)} {value.format(lang)} · {format_day(day, lang)}"


def _qvalue(qualifier: str, value: Any, low: Any, high: Any) -> QValue:
    return QValue.of(qualifier, as_int(value), as_int(low), as_int(high))


def pending(session: Session) -> list[Entry]:
    """Every figure waiting for review, newest entry first, each with what it would replace and
    whether a newer entry supersedes it (two queries, whatever the length of the queue)."""
    newer, older = aliased(Figure), aliased(Figure)
    rows = session.execute(
        select(
            Figure,
            Municipality.name,
            Facility.key,
            Facility.label,
            newer.key,
            newer.qualifier,
            newer.value,
            newer.value_low,
            newer.value_high,
            newer.review_status,
            older,
        )
        .join(Municipality, Figure.municipality_code == Municipality.code)
        .outerjoin(Facility, Figure.facility_id == Facility.id)
        .outerjoin(newer, newer.supersedes_id == Figure.id)
        .outerjoin(older, Figure.supersedes_id == older.id)
        .where(Figure.review_status == ReviewStatus.PENDING.value)
        .order_by(Figure.entered_at.desc(), Figure.id.desc())
    ).all()
    established = _established(session, [row[0] for row in rows])
    # A superseded entry is listed only while the newest entry of its day still waits.
    open_days = {_day_of(row[0]) for row in rows if row[4] is None}
    out = []
    for figure, name, facility_key, facility, n_key, n_q, n_v, n_lo, n_hi, _n_review, previous in rows:
        if n_key is not None and _day_of(figure) not in open_days:
            continue
        earlier = _earlier(previous) if previous is not None else established.get(_subject_of(figure))
        out.append(
            Entry(
                key=figure.key,
                municipality_code=figure.municipality_code,
                municipality=name,
                facility_key=facility_key,
                facility=facility,
                metric=figure.metric,
                value=_qvalue(figure.qualifier, figure.value, figure.value_low, figure.value_high),
                period_end=figure.period_end,
                how_obtained=figure.how_obtained,
                entered_by=figure.entered_by,
                entered_at=as_utc(figure.entered_at),
                note=figure.note,
                explanation=figure.explanation,
                corrects=previous is not None,
                earlier=earlier,
                superseded_by=n_key,
                superseded_value=_qvalue(n_q, n_v, n_lo, n_hi) if n_key is not None else None,
            )
        )
    return out


def _subject_of(figure: Figure) -> tuple[str, int | None, str]:
    return (figure.municipality_code, figure.facility_id, figure.metric)


def _day_of(figure: Figure) -> tuple[str, int | None, str, dt.date, dt.date]:
    return (*_subject_of(figure), figure.period_start, figure.period_end)


def _earlier(figure: Figure) -> Earlier:
    value = _qvalue(figure.qualifier, figure.value, figure.value_low, figure.value_high)
    return Earlier(figure.key, value, figure.period_end, figure.status, figure.review_status)


def _established(session: Session, figures: Sequence[Figure]) -> dict[tuple[str, int | None, str], Earlier]:
    """Per subject and measure of `figures`: the newest figure no longer waiting for review, not
    rejected and not corrected (the order of the public pages: reference date, then key)."""
    if not figures:
        return {}
    wanted = {_subject_of(f) for f in figures}
    newer = aliased(Figure)
    candidates = session.scalars(
        select(Figure)
        .where(Figure.municipality_code.in_(sorted({code for code, _, _ in wanted})))
        .where(Figure.metric.in_(sorted({metric for _, _, metric in wanted})))
        .where(or_(Figure.review_status.is_(None), Figure.review_status == ReviewStatus.VERIFIED.value))
        .where(~exists().where(newer.supersedes_id == Figure.id))
    )
    best: dict[tuple[str, int | None, str], Figure] = {}
    for figure in candidates:
        subject = _subject_of(figure)
        current = best.get(subject)
        if subject not in wanted:
            continue
        if current is None or (figure.period_end, figure.key) > (current.period_end, current.key):
            best[subject] = figure
    return {subject: _earlier(figure) for subject, figure in best.items()}


# --- the table a reviewer reads -----------------------------------------------------------

COLUMNS = (
    "review_col_subject",
    "review_col_measure",
    "review_col_value",
    "review_col_date",
    "review_col_replaces",
    "review_col_state",
    "review_col_entered_by",
)


def replaces_text(entry: Entry, lang: str = "nl") -> str:
    """'40 · 1 jun 2026 · Geverifieerd', or that there is no earlier figure."""
    earlier = entry.earlier
    if earlier is None:
        return t("review_no_earlier", lang)
    text = f"{earlier.value.format(lang)} · {format_day(earlier.period_end, lang)} · {earlier.status_label(lang)}"
    if entry.corrects:
        return t("review_corrects", lang, earlier=text)
    if earlier.period_end > entry.period_end:
        return t("review_earlier_is_newer", lang, earlier=text)
    return text


def state_text(entry: Entry, lang: str = "nl") -> str:
    if entry.superseded_by is None:
        return t("review_state_open", lang)
    value = entry.superseded_value.format(lang) if entry.superseded_value else "?"
    return t("review_state_superseded", lang, value=value)


def display(entries: Sequence[Entry], lang: str = "nl") -> pd.DataFrame:
    """The queue as a reviewer reads it, headers in `lang`; no cell is None or a raw code. The
    editor's note and explanation are long texts: they are shown in full for the chosen figure
    (`details`), so the table fits the page without cut-off columns."""
    rows = [
        [
            entry.subject(lang),
            Metric(entry.metric).label(lang),
            entry.value.format(lang),
            format_day(entry.period_end, lang),
            replaces_text(entry, lang),
            state_text(entry, lang),
            entered_by_label(entry.entered_by, lang),
        ]
        for entry in entries
    ]
    return pd.DataFrame(rows, columns=[t(column, lang) for column in COLUMNS], dtype=object)


def details(entry: Entry, lang: str = "nl") -> list[str]:
    """What the editor said about the chosen figure: who entered it when, how it was obtained, their note and, for
    occupancy above places, the explanation that is published with it."""
    how = HowObtained(entry.how_obtained).label(lang) if entry.how_obtained else ""
    lines = [
        t(
            "review_detail_entered",
            lang,
            by=entered_by_label(entry.entered_by, lang),
            at=format_moment(entry.entered_at, lang),
        ),
        t("review_detail_note", lang, how=how or "—", note=entry.note or "—"),
    ]
    if entry.explanation:
        lines.append(t("review_detail_explanation", lang, explanation=entry.explanation))
    return lines


def records(entries: Sequence[Entry]) -> list[dict[str, Any]]:
    """The queue for programs (`review list --json`): machine codes, ISO dates, counts as numbers."""
    out = []
    for entry in entries:
        earlier = entry.earlier
        out.append(
            {
                "key": entry.key,
                "municipality_code": entry.municipality_code,
                "municipality": entry.municipality,
                "facility_key": entry.facility_key,
                "facility": entry.facility,
                "metric": entry.metric,
                **_value_record(entry.value),
                "reference_date": entry.period_end.isoformat(),
                "how_obtained": entry.how_obtained,
                "entered_by": entry.entered_by,
                "entered_at": entry.entered_at.isoformat(),
                "note": entry.note,
                "explanation": entry.explanation,
                "decidable": entry.decidable,
                "superseded_by": entry.superseded_by,
                "replaces": None
                if earlier is None
                else {
                    "key": earlier.key,
                    **_value_record(earlier.value),
                    "reference_date": earlier.period_end.isoformat(),
                    "status": earlier.status,
                    "review_status": earlier.review_status,
                    "corrected_by_this": entry.corrects,
                },
            }
        )
    return out


def _value_record(value: QValue) -> dict[str, Any]:
    return {"qualifier": value.qualifier.value, "value": value.value, "value_low": value.low, "value_high": value.high}


# --- which figure a selection means ----------------------------------------------------------

GENERATION, SHOWN, ROWS, CHOSEN = "review_generation", "review_shown", "review_rows", "review_chosen"


@dataclass(frozen=True)
class Pick:
    """What this run of the page acts on: the chosen figure's key (None: nothing chosen), the key
    of a choice that is no longer in the queue or True for a row that no longer exists (both: a
    stale selection, said in one line), and the key of the table widget to draw."""

    key: str | None
    stale: str | bool | None
    table_key: str


def table_key(state: MutableMapping[str, Any]) -> str:
    return f"review_table_{state.get(GENERATION, 0)}"


def selected_rows(state: MutableMapping[str, Any]) -> list[int]:
    """The rows ticked in the table widget as the browser sent them (positions in what it showed)."""
    value = state.get(table_key(state))
    try:
        return [int(row) for row in value["selection"]["rows"]] if value else []
    except (KeyError, TypeError, ValueError):
        return []


def pick(state: MutableMapping[str, Any], keys: Sequence[str]) -> Pick:
    """Turn the table's selection into a figure key and check it against the fresh queue `keys`.

    A ticked row is a position in the table the browser showed, so it is read against the keys
    shown in the previous run (kept in `state`), never against a queue that changed since; the
    chosen key is then kept, and each run checks that it still waits. When the queue itself
    changed, the table gets a new widget key, so no tick stays on a row that now holds another
    figure (the chosen figure is named in words beside the buttons)."""
    rows = selected_rows(state)
    stale: str | bool | None = None
    if rows != state.get(ROWS, []):
        state[ROWS] = rows
        shown = state.get(SHOWN) or []
        if not rows:
            state[CHOSEN] = None
        elif 0 <= rows[0] < len(shown):
            state[CHOSEN] = shown[rows[0]]
        else:
            state[CHOSEN], stale = None, True
    chosen = state.get(CHOSEN)
    if chosen is not None and chosen not in keys:
        state[CHOSEN], stale, chosen = None, chosen, None
    if list(keys) != list(state.get(SHOWN) or keys):
        new_table(state, keep=chosen)
    state[SHOWN] = list(keys)
    return Pick(chosen, stale, table_key(state))


def new_table(state: MutableMapping[str, Any], keep: str | None = None) -> None:
    """A fresh table widget (no row ticked), e.g. after a decision; `keep` stays chosen."""
    state[GENERATION] = int(state.get(GENERATION, 0)) + 1
    state[ROWS], state[CHOSEN] = [], keep


def stale_notice(session: Session, key: str | bool | None, lang: str = "nl") -> str:
    """One line for a selection that no longer holds: who decided the figure meanwhile, if anyone."""
    figure = session.scalar(select(Figure).where(Figure.key == key)) if isinstance(key, str) else None
    review = (
        session.scalars(
            select(FigureReview)
            .where(FigureReview.figure_id == figure.id)
            .order_by(FigureReview.decided_at.desc(), FigureReview.id.desc())
        ).first()
        if figure is not None
        else None
    )
    if figure is None or review is None:
        return t("review_stale", lang)
    label = figure_label(figure.metric, _qvalue(figure.qualifier, figure.value, figure.value_low, figure.value_high),
                         figure.period_end, lang)  # fmt: skip
    return already_text(label, review.organisation, review.decision, review.decided_at, lang)


def already_text(label: str, organisation: str, decision: str, decided_at: dt.datetime, lang: str = "nl") -> str:
    """'… is al beoordeeld door Stichting LOS: geverifieerd op 1 dec 2026 14:05. Er is niets veranderd.'"""
    return t(
        "review_already",
        lang,
        figure=label,
        organisation=organisation,
        decision=ReviewStatus(decision).label(lang).lower(),
        when=format_moment(decided_at, lang),
    )
