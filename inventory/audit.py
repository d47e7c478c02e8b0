"""The audit trail (internal) and the public history of figures.

The audit log records every write and sign-in event with the account, its organisation, the
route, and the old and new value as JSON text. It names people, so it is for administrators.
The public history of a figure is built from the figures and their reviews only and names
organisations, never people.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from inventory.clock import LOCAL_ZONE, as_utc
from inventory.enums import (
    AuditAction,
    Criterion,
    HowObtained,
    LabelledEnum,
    Metric,
    OrganisationKind,
    Programme,
    ReviewStatus,
    Role,
    Route,
    ShelterForm,
    Status,
    TargetGroup,
)
from inventory.i18n import TEXT, t
from inventory.models import AuditEntry, Facility, Figure, FigureReview, Municipality, Organisation
from inventory.presentation import format_day, format_moment
from inventory.spreadsheet import neutralise_frame
from inventory.values import format_number, format_value


@dataclass(frozen=True)
class Who:
    """The actor as the audit log remembers it: a snapshot, not a reference that can change."""

    account_id: int | None
    username: str | None
    organisation: str | None


def to_json(value: Any) -> str | None:
    if value is None:
        return None
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def record(
    session: Session,
    *,
    who: Who,
    route: Route,
    action: AuditAction,
    at: dt.datetime,
    target: str | None = None,
    old: Any = None,
    new: Any = None,
    detail: str | None = None,
    refused: bool = False,
) -> None:
    """Append one entry in the caller's transaction, so it commits or rolls back with the write."""
    session.add(
        AuditEntry(
            at=at,
            account_id=who.account_id,
            username=who.username,
            organisation=who.organisation,
            route=route.value,
            action=action.value,
            refused=refused,
            target=target,
            old_value=to_json(old),
            new_value=to_json(new),
            detail=detail,
        )
    )
    session.flush()


AUDIT_COLUMNS = [
    "id",
    "at",
    "username",
    "organisation",
    "route",
    "action",
    "refused",
    "target",
    "old_value",
    "new_value",
    "detail",
]

_TEXT_COLUMNS = ("username", "organisation", "route", "action", "target", "old_value", "new_value", "detail")


def _moment(value: dt.datetime | dt.date, *, end: bool) -> dt.datetime:
    """A date filter covers the whole (UTC) day."""
    if isinstance(value, dt.datetime):
        return as_utc(value)
    day = dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    return day + dt.timedelta(days=1) if end else day


def entries(
    session: Session,
    *,
    since: dt.datetime | dt.date | None = None,
    until: dt.datetime | dt.date | None = None,
    username: str | None = None,
    organisation: str | None = None,
    action: AuditAction | None = None,
    route: Route | None = None,
    refused: bool | None = None,
    target: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Audit entries, newest first, filtered; `target` matches a part of the target."""
    stmt = select(*(getattr(AuditEntry, c) for c in AUDIT_COLUMNS))
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= _moment(since, end=False))
    if until is not None:
        stmt = stmt.where(AuditEntry.at < _moment(until, end=True))
    if username is not None:
        stmt = stmt.where(AuditEntry.username == username)
    if organisation is not None:
        stmt = stmt.where(AuditEntry.organisation == organisation)
    if action is not None:
        stmt = stmt.where(AuditEntry.action == action.value)
    if route is not None:
        stmt = stmt.where(AuditEntry.route == route.value)
    if refused is not None:
        stmt = stmt.where(AuditEntry.refused == refused)
    if target is not None:
        stmt = stmt.where(AuditEntry.target.contains(target, autoescape=True))
    stmt = stmt.order_by(AuditEntry.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    frame = pd.DataFrame(session.execute(stmt).all(), columns=AUDIT_COLUMNS)
    frame["at"] = [as_utc(value) for value in frame["at"]]
    # pandas infers a string dtype for a text column and keeps its missing cells as NaN (a float):
    # every reader of an entry (the JSON, the text lines, the page) expects None for "not recorded".
    for column in _TEXT_COLUMNS:
        frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def entries_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM (Excel shows accents right); typed text cannot run as a formula."""
    out = frame.copy()
    out["at"] = [value.isoformat() for value in out["at"]]
    return neutralise_frame(out).to_csv(index=False).encode("utf-8-sig")


UNKNOWN_NAME_TARGET = "account:(unknown name)"


def _ids_and_keys(values: set[str]) -> tuple[set[int], set[str]]:
    """A refused write names its subject by database id, a write that went through by its key."""
    return {int(v) for v in values if v.isdigit()}, {v for v in values if not v.isdigit()}


def target_labels(session: Session, targets: Iterable[object], lang: str = "nl") -> dict[str, str]:
    """What each audit target ('municipality:GM0363', 'facility:12', 'figure:<key>', 'account:ams',
    …) is, in words: 'Gemeente Amsterdam', 'Voorziening Nachtopvang (Utrecht)', 'Cijfer: Plaatsen,
    Amsterdam'. A subject not found keeps its code. At most four queries, however many rows."""
    wanted: dict[str, set[str]] = {}
    for target in {value for value in targets if isinstance(value, str) and ":" in value}:
        kind, _, rest = target.partition(":")
        wanted.setdefault(kind, set()).add(rest)
    municipalities: dict[str, str] = {}
    codes = set(wanted.get("municipality", set()))
    facilities: dict[str, tuple[str, str]] = {}  # id or key -> (label, municipality code)
    ids, keys = _ids_and_keys(wanted.get("facility", set()))
    if ids or keys:
        for id_, key, label, code in session.execute(
            select(Facility.id, Facility.key, Facility.label, Facility.municipality_code).where(
                or_(Facility.id.in_(ids), Facility.key.in_(keys))
            )
        ):
            facilities[str(id_)] = facilities[key] = (label, code)
            codes.add(code)
    figures: dict[str, tuple[str, str, str | None]] = {}  # id or key -> (metric, code, facility label)
    ids, keys = _ids_and_keys(wanted.get("figure", set()))
    if ids or keys:
        for id_, key, metric, code, label in session.execute(
            select(Figure.id, Figure.key, Figure.metric, Figure.municipality_code, Facility.label)
            .outerjoin(Facility, Facility.id == Figure.facility_id)
            .where(or_(Figure.id.in_(ids), Figure.key.in_(keys)))
        ):
            figures[str(id_)] = figures[key] = (metric, code, label)
            codes.add(code)
    if codes:
        rows = session.execute(select(Municipality.code, Municipality.name).where(Municipality.code.in_(codes)))
        municipalities = {code: name for code, name in rows}
    organisations: dict[str, str] = {}
    if wanted.get("organisation"):
        rows = session.execute(
            select(Organisation.key, Organisation.name).where(Organisation.key.in_(wanted["organisation"]))
        )
        organisations = {key: name for key, name in rows}

    def place(code: str) -> str:
        return municipalities.get(code, code)

    def label(kind: str, rest: str) -> str | None:
        if kind == "account":
            return t(
                "audit_target_unknown_name" if f"{kind}:{rest}" == UNKNOWN_NAME_TARGET else "audit_target_account",
                lang,
                name=rest,
            )
        if kind == "organisation":
            return t("audit_target_organisation", lang, name=organisations.get(rest, rest))
        if kind == "municipality" and rest in municipalities:
            return t("audit_target_municipality", lang, name=place(rest))
        if kind == "facility" and rest in facilities:
            name, code = facilities[rest]
            return t("audit_target_facility", lang, name=name, municipality=place(code))
        if kind == "figure" and rest in figures:
            metric, code, offer = figures[rest]
            subject = place(code) if offer is None else f"{offer} ({place(code)})"
            return t("audit_target_figure", lang, measure=Metric(metric).label(lang), subject=subject)
        if kind == "import":
            return t("audit_target_import", lang, file=rest)
        return None

    out = {}
    for kind, rests in wanted.items():
        for rest in rests:
            named = label(kind, rest)
            if named is not None:
                out[f"{kind}:{rest}"] = named
    return out


@dataclass(frozen=True)
class Names:
    """Names for the codes inside recorded values: municipalities by code, organisations by key."""

    municipalities: Mapping[str, str]
    organisations: Mapping[str, str]


NO_NAMES = Names({}, {})


def _parsed(value: object) -> Any:
    return json.loads(value) if isinstance(value, str) and value else None


def value_names(session: Session, frame: pd.DataFrame) -> Names:
    """The municipalities and organisations the old and new values of `frame` name (two queries)."""
    codes: set[str] = set()
    keys: set[str] = set()
    for value in [*frame["old_value"], *frame["new_value"]]:
        record = _parsed(value)
        if not isinstance(record, dict):
            continue
        codes.update(c for c in [record.get("municipality_code"), *(record.get("municipalities") or [])] if c)
        if isinstance(record.get("organisation"), str):
            keys.add(record["organisation"])
    rows = session.execute(select(Municipality.code, Municipality.name).where(Municipality.code.in_(codes)))
    municipalities = {code: name for code, name in rows}
    rows = session.execute(select(Organisation.key, Organisation.name).where(Organisation.key.in_(keys)))
    organisations = {key: name for key, name in rows}
    return Names(municipalities, organisations)


# Keys, ids and the entering organisation: the target and organisation columns already say them.
_UNSHOWN = {"key", "facility_id", "operator_id", "entered_by"}
# What a recorded value's old side cannot say: the old password is never recorded, only replaced.
_NEW_ONLY = {"password"}
_FIELD_ORDER = (
    "value",
    "reference_date",
    "label",
    "name",
    "kind",
    "username",
    "email",
    "role",
    "organisation",
    "municipality_code",
    "municipalities",
    "shelter_form",
    "target_group",
    "programme",
    "criteria",
    "opened_on",
    "closed_on",
    "status",
    "review_status",
    "reason",
    "how_obtained",
    "explanation",
    "note",
    "disabled_at",
    "has_password",
    "password",
    "sessions_ended",
    "failures",
)
_VALUE_ENUMS: dict[str, type[LabelledEnum]] = {
    "shelter_form": ShelterForm,
    "target_group": TargetGroup,
    "programme": Programme,
    "status": Status,
    "review_status": ReviewStatus,
    "how_obtained": HowObtained,
    "role": Role,
    "kind": OrganisationKind,
}


def _field_text(field: str, value: Any, lang: str, names: Names) -> str:
    """One recorded value as a person writes it; '' for nothing recorded."""
    if value is None or value == [] or value == "":
        return ""
    if field in _VALUE_ENUMS:
        try:
            return _VALUE_ENUMS[field](value).label(lang)
        except ValueError:
            return str(value)
    if field == "criteria":
        return ", ".join(Criterion(c).label(lang) if c in Criterion.values() else str(c) for c in value)
    if field == "municipality_code":
        return names.municipalities.get(value, value)
    if field == "municipalities":
        return ", ".join(names.municipalities.get(c, c) for c in value)
    if field == "organisation":
        return names.organisations.get(value, value)
    if field in ("reference_date", "opened_on", "closed_on"):
        # The day as recorded: the log says what was written, not how precisely a source knew it.
        return format_day(dt.date.fromisoformat(str(value)[:10]), lang)
    if field == "disabled_at":
        return format_moment(dt.datetime.fromisoformat(str(value)), lang)
    if field == "has_password":
        return t("audit_has_password" if value else "audit_no_password", lang)
    if field == "password":
        return t("audit_password_set", lang) if value == "set" else ""
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, int):
        return format_number(value, lang)
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def _fields(record: Mapping[str, Any], lang: str, names: Names) -> dict[str, tuple[str, str]]:
    """A recorded value's fields in reading order: field -> (label, text). A figure's measure and
    qualified number read as one field, 'Plaatsen: ca. 40'."""
    rest = dict(record)
    out: dict[str, tuple[str, str]] = {}
    metric = rest.pop("metric", None)
    parts = [rest.pop(k, None) for k in ("qualifier", "value", "value_low", "value_high")]
    if metric is not None and parts[0] is not None:
        try:
            label = Metric(metric).label(lang)
        except ValueError:
            label = str(metric)
        out["value"] = (label, format_value(parts[0], *parts[1:], lang=lang))
    if metric is not None or {"label", "shelter_form"} <= set(rest):
        rest.pop("municipality_code", None)  # a figure's or offer's place is in the target column
    order = {field: i for i, field in enumerate(_FIELD_ORDER)}
    for field in sorted(rest, key=lambda f: order.get(f, len(order))):
        if field not in _UNSHOWN:
            label = t(f"audit_field_{field}", lang) if f"audit_field_{field}" in TEXT else field
            out[field] = (label, _field_text(field, rest[field], lang, names))
    return out


def change_text(old: object, new: object, lang: str = "nl", names: Names = NO_NAMES) -> str:
    """An entry's old and new value (JSON text) as a person reads them: what changed, 'Plaatsen:
    40 → 45; Peildatum: 1 nov 2026 → 1 dec 2026', or what was recorded, 'Plaatsen: 45; …'."""
    before, after = _parsed(old), _parsed(new)
    if not isinstance(before, dict | None) or not isinstance(after, dict | None):
        return " → ".join(str(v) for v in (before, after) if v is not None)
    before_fields = _fields(before or {}, lang, names)
    after_fields = _fields(after or {}, lang, names)
    out = []
    for field in [*after_fields, *(f for f in before_fields if f not in after_fields)]:
        label, now = after_fields[field] if field in after_fields else (before_fields[field][0], "")
        was = before_fields.get(field, ("", ""))[1]
        if before is None or field in _NEW_ONLY or field not in before_fields:
            if now:
                out.append(f"{label}: {now}")
        elif was != now:
            out.append(f"{label}: {was or '—'} → {now or '—'}")
    return "; ".join(out)


_UNKNOWN_ACCOUNT = re.compile(r"#(\d+) \(unknown account\)")


def account_text(username: object, lang: str = "nl") -> object:
    """The acting account as a person reads it: the command line's operator 'opdrachtregel (root)'
    rather than 'cli:root'."""
    if not isinstance(username, str):
        return username
    if username.startswith("cli:"):
        return t("audit_command_line", lang, name=username.removeprefix("cli:"))
    unknown = _UNKNOWN_ACCOUNT.fullmatch(username)
    if unknown:
        return t("audit_unknown_account", lang, id=unknown.group(1))
    return username


# Who did what to what, and what changed, first: the columns a reader scans fit the page; the
# route, organisation and entry number follow for whoever scrolls on.
DISPLAY_COLUMNS = ["at", "username", "action", "target", "change", "refused", "detail", "organisation", "route", "id"]


def entries_display(
    frame: pd.DataFrame, lang: str = "nl", targets: Mapping[str, str] | None = None, names: Names = NO_NAMES
) -> pd.DataFrame:
    """The administration page's view of `entries`: Dutch (or English) headers, labels for the
    route and action, local time, yes/no, the target in words (`targets`, from `target_labels`),
    the old and new value as one readable change (`names` from `value_names`), and empty cells
    where nothing was recorded. The CSV keeps the values as recorded."""
    out = frame.copy()
    if targets:
        out["target"] = [targets.get(value, value) if isinstance(value, str) else value for value in out["target"]]
    out["change"] = [
        change_text(old, new, lang, names) for old, new in zip(out["old_value"], out["new_value"], strict=True)
    ]
    out = out[DISPLAY_COLUMNS]
    out["username"] = [account_text(value, lang) for value in out["username"]]
    out["at"] = [f"{format_moment(value, lang)}:{as_utc(value).astimezone(LOCAL_ZONE):%S}" for value in out["at"]]
    out["route"] = [Route(value).label(lang) for value in out["route"]]
    out["action"] = [AuditAction(value).label(lang) for value in out["action"]]
    out["refused"] = [t("yes" if value else "no", lang) for value in out["refused"]]
    out = out.astype(object).where(out.notna(), "")
    return out.rename(columns={column: t(f"audit_col_{column}", lang) for column in DISPLAY_COLUMNS})


def entries_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """JSON-ready rows, with old and new values parsed back into structures."""
    rows = []
    for row in frame.to_dict("records"):
        row["at"] = row["at"].isoformat()
        for column in ("old_value", "new_value"):
            row[column] = json.loads(row[column]) if row[column] else None
        rows.append(row)
    return rows


# --- public history -----------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryEvent:
    """One step in a figure's public history: a record entered, or a review decision."""

    at: dt.datetime
    kind: AuditAction  # figure_saved, figure_unchanged, figure_verified or figure_rejected
    figure_key: str
    period_start: dt.date
    period_end: dt.date
    qualifier: str
    value: int | None
    value_low: int | None
    value_high: int | None
    status: str
    review_status: str | None
    organisation: str
    reason: str | None = None
    supersedes: str | None = None
    explanation: str | None = None


def _same_subject(figure: Figure) -> Any:
    facility = Figure.facility_id.is_(None) if figure.facility_id is None else Figure.facility_id == figure.facility_id
    return and_(Figure.municipality_code == figure.municipality_code, facility, Figure.metric == figure.metric)


def figure_history(session: Session, figure_id: int) -> list[HistoryEvent]:
    """Every record of the figure's subject and measure, and every review, oldest first."""
    figure = session.get(Figure, figure_id)
    if figure is None:
        return []
    older = aliased(Figure)
    records = session.execute(
        select(Figure, older.key)
        .outerjoin(older, Figure.supersedes_id == older.id)
        .where(_same_subject(figure))
        .order_by(Figure.id)
    ).all()
    events: list[tuple[dt.datetime, int, HistoryEvent]] = []
    by_id: dict[int, Figure] = {}
    for record_, supersedes in records:
        by_id[record_.id] = record_
        kind = AuditAction.FIGURE_UNCHANGED if record_.same_as_id is not None else AuditAction.FIGURE_SAVED
        at = as_utc(record_.entered_at)
        events.append((at, 0, _event(record_, kind, at, record_.entered_by, supersedes=supersedes)))
    reviews = session.scalars(
        select(FigureReview).where(FigureReview.figure_id.in_(list(by_id))).order_by(FigureReview.id)
    )
    for review in reviews:
        kind = AuditAction.FIGURE_VERIFIED if review.decision == "verified" else AuditAction.FIGURE_REJECTED
        at = as_utc(review.decided_at)
        events.append((at, 1, _event(by_id[review.figure_id], kind, at, review.organisation, reason=review.reason)))
    return [event for _, _, event in sorted(events, key=lambda item: (item[0], item[1]))]


def _event(figure: Figure, kind: AuditAction, at: dt.datetime, organisation: str, **extra: Any) -> HistoryEvent:
    return HistoryEvent(
        at=at,
        kind=kind,
        figure_key=figure.key,
        period_start=figure.period_start,
        period_end=figure.period_end,
        qualifier=figure.qualifier,
        value=figure.value,
        value_low=figure.value_low,
        value_high=figure.value_high,
        status=figure.status,
        review_status=figure.review_status,
        organisation=organisation,
        explanation=figure.explanation,
        **extra,
    )


@dataclass(frozen=True)
class LastUpdate:
    at: dt.datetime
    organisation: str


def last_update(session: Session, municipality_code: str) -> LastUpdate | None:
    """When the municipality's figures (its own or its facilities') last changed, and by whom."""
    entered = session.execute(
        select(Figure.entered_at, Figure.entered_by)
        .where(Figure.municipality_code == municipality_code)
        .order_by(Figure.entered_at.desc(), Figure.id.desc())
        .limit(1)
    ).first()
    reviewed = session.execute(
        select(FigureReview.decided_at, FigureReview.organisation)
        .join(Figure, Figure.id == FigureReview.figure_id)
        .where(Figure.municipality_code == municipality_code)
        .order_by(FigureReview.decided_at.desc(), FigureReview.id.desc())
        .limit(1)
    ).first()
    candidates = [LastUpdate(as_utc(row[0]), row[1]) for row in (entered, reviewed) if row is not None]
    return max(candidates, key=lambda update: update.at) if candidates else None
