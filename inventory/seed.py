"""Load the seed dataset in `data/` into the database: validated, idempotent, all-or-nothing.

Every row of every file is parsed first; the first bad row stops the load with file, line
and reason before anything is written. The writes then happen in one transaction.
Reference rows (sources, municipalities, organisations, facilities) are upserted by key;
figures, aggregates, outcomes and memberships are append-only: a changed published row is
an error that asks for a new row with `supersedes`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from inventory import validation as v
from inventory.clock import utc_now
from inventory.database import REPO_ROOT, session_scope
from inventory.dataversion import bump_data_version
from inventory.enums import (
    Criterion,
    Hours,
    Metric,
    OrganisationKind,
    OutcomeCategory,
    Programme,
    ShelterCategory,
    ShelterForm,
    Status,
    TargetGroup,
)
from inventory.models import (
    Aggregate,
    Base,
    Facility,
    FacilityCriterion,
    Figure,
    Municipality,
    Organisation,
    Outcome,
    ProgrammeMembership,
    Province,
    Source,
)

DATA_DIR = REPO_ROOT / "data"
SEED_ENTERED_BY = "Opvangmonitor (seed dataset)"


class SeedError(Exception):
    """A row that cannot be loaded: the message names file, line and reason."""


@dataclass
class SeedReport:
    inserted: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    unchanged: dict[str, int] = field(default_factory=dict)

    @property
    def total_inserted(self) -> int:
        return sum(self.inserted.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())


@dataclass
class Row:
    file: str  # the path as the user gave it, so an error points at their file, not ours
    line: int
    data: dict[str, str | None]

    def where(self) -> str:
        return f"{self.file} line {self.line}"


def _read_text(path: Path) -> str:
    """The file as text; every way it can fail is a SeedError naming the file and the cause."""
    if path.is_dir():
        raise SeedError(f"{path} is a folder, not a CSV file")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SeedError(f"{path}: cannot read the file: {(error.strerror or str(error)).lower()}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        hint = " (it looks like UTF-16)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise SeedError(
            f"{path} line {line}: not UTF-8 text (byte 0x{raw[error.start]:02x}){hint}; save the file as UTF-8"
        ) from None


def read_rows(path: Path, key_column: str | None = None) -> list[Row]:
    """CSV rows with their physical line numbers (the header is line 1).

    The whole file is read and parsed at once, so a file that cannot be read, is not UTF-8 or
    is not valid CSV fails before anything is written."""
    text = _read_text(path)
    # strict: an unterminated quote or stray quote is an error instead of silently swallowing
    # the rest of the file into one field.
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    rows: list[Row] = []
    start = 1
    try:
        names = reader.fieldnames
        if not names:
            raise SeedError(f"{path}: the file is empty (no header row)")
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise SeedError(f"{path}: column '{duplicates[0]}' appears more than once in the header")
        if key_column is not None and key_column not in names:
            raise SeedError(
                f"{path}: the header has no '{key_column}' column (it has: {', '.join(names)}); is this the right file?"
            )
        start = reader.line_num + 1
        for data in reader:
            if None in data:
                raise SeedError(f"{path} line {start}: more fields than the header has columns")
            if all(not (value or "").strip() for value in data.values()):
                start = reader.line_num + 1
                continue
            rows.append(Row(str(path), start, dict(data)))
            start = reader.line_num + 1
    except csv.Error as error:
        reason = (
            "a quoted field starting here is never closed"
            if "end of data" in str(error)
            else f"not valid CSV ({error})"
        )
        raise SeedError(f"{path} line {start}: {reason}") from None
    return rows


@dataclass
class Context:
    """What later files may refer to: keys seen in the database or earlier in this load."""

    session: Session
    sources: dict[str, Source] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    facilities: dict[str, Facility] = field(default_factory=dict)
    municipalities: set[str] = field(default_factory=set)
    provinces: dict[str, Province] = field(default_factory=dict)
    append_only: dict[type[Base], dict[str, Any]] = field(default_factory=dict)

    def source(self, row: Mapping[str, str | None]) -> dict[str, object]:
        key = v.clean(row.get("source"))
        if key is None:
            raise ValueError("column 'source' is required: every figure names its source")
        if key not in self.sources:
            raise ValueError(f"unknown source '{key}' (not in sources.csv)")
        line = v.parse_int(row.get("line"), "line")
        if line is not None and line < 1:
            raise ValueError("column 'line' must be 1 or more")
        quote = v.clean(row.get("quote"))
        v.check_no_location(quote)
        return {"source_id": self.sources[key].id, "source_line": line, "quote": quote}

    def municipality(self, raw: str | None, column: str = "municipality_code") -> str:
        code = v.parse_gm_code(v.required({column: raw}, column))
        if code not in self.municipalities:
            raise ValueError(f"unknown municipality '{code}' (not in municipalities.csv)")
        return code

    def organisation(self, raw: str | None, column: str) -> Organisation | None:
        key = v.clean(raw)
        if key is None:
            return None
        if key not in self.organisations:
            raise ValueError(f"column '{column}': unknown organisation '{key}' (not in organisations.csv)")
        return self.organisations[key]


def _text(row: Mapping[str, str | None], column: str, *, required: bool = False) -> str | None:
    value = v.required(row, column) if required else v.clean(row.get(column))
    v.check_no_location(value)
    return value


# --- per-file parsers: row -> model attribute values --------------------------------------


def _source(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    title, title_kind = v.parse_title(row)
    restates = [key.strip() for key in (v.clean(row.get("restates")) or "").split(";") if key.strip()]
    for key in restates:
        if key == v.clean(row.get("key")):
            raise ValueError("a source cannot restate itself")
        if key not in ctx.sources:
            raise ValueError(f"restates unknown source '{key}' (it must come earlier in sources.csv)")
    return {
        "title": title,
        "title_kind": title_kind,
        "publisher": v.required(row, "publisher"),
        "year": v.parse_int(row.get("year"), "year"),
        "seed_file": v.clean(row.get("seed_file")),
        "url": v.clean(row.get("url")),
        "licence": v.clean(row.get("licence")),
        "restates": ";".join(restates) or None,
        "note": v.clean(row.get("note")),
    }


def _municipality(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    province = v.parse_pv_code(v.required(row, "province_code"))
    province_name = v.required(row, "province_name")
    known = ctx.provinces.get(province)
    if known is None:
        known = ctx.provinces[province] = Province(code=province, name=province_name)
        ctx.session.add(known)
        ctx.session.flush()
    elif known.name != province_name:
        known.name = province_name
    lon = v.parse_float(row.get("lon"), "lon")
    lat = v.parse_float(row.get("lat"), "lat")
    if lon is None or lat is None or not (3 <= lon <= 8 and 50 <= lat <= 54):
        raise ValueError("lon/lat must be a point in the Netherlands (lon 3–8, lat 50–54)")
    return {"name": v.required(row, "name"), "province_code": province, "lon": lon, "lat": lat}


def _organisation(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    code = v.clean(row.get("municipality_code"))
    values: dict[str, Any] = {
        "name": _text(row, "name", required=True),
        "kind": v.parse_enum(OrganisationKind, row.get("kind"), "kind").value,  # type: ignore[union-attr]
        "municipality_code": ctx.municipality(code) if code else None,
        "note": _text(row, "note"),
    }
    if v.clean(row.get("source")):
        src = ctx.source(row)
        values.update(source_id=src["source_id"], source_line=src["source_line"])
    else:
        values.update(source_id=None, source_line=None)
    return values


def _facility(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    operator = ctx.organisation(row.get("operator_key"), "operator_key")
    legal_by = ctx.organisation(row.get("legal_guidance_by"), "legal_guidance_by")
    opened = v.parse_period_date(row.get("opened"), "opened", end=False)
    closed = v.parse_period_date(row.get("closed"), "closed", end=True)
    v.check_stated_date(row, "opened")
    v.check_stated_date(row, "closed")
    if opened and closed and opened > closed:
        raise ValueError(f"opened {opened} is after closed {closed}")
    max_stay = v.parse_int(row.get("max_stay_months"), "max_stay_months")
    if max_stay == 0:
        raise ValueError("max_stay_months must be more than 0 (leave it empty when unknown)")
    return {
        "municipality_code": ctx.municipality(row.get("municipality_code")),
        "operator_id": operator.id if operator else None,
        "label": _text(row, "label", required=True),
        "shelter_form": v.parse_enum(ShelterForm, row.get("shelter_form"), "shelter_form").value,  # type: ignore[union-attr]
        "target_group": (
            v.parse_enum(TargetGroup, row.get("target_group"), "target_group", optional=True) or TargetGroup.UNKNOWN
        ).value,
        "criteria": [c.value for c in v.parse_enum_list(Criterion, row.get("criteria"), "criteria")],
        "legal_guidance": v.parse_bool(row.get("legal_guidance"), "legal_guidance"),
        "legal_guidance_by_id": legal_by.id if legal_by else None,
        "social_guidance": v.parse_bool(row.get("social_guidance"), "social_guidance"),
        "day_activities": v.parse_bool(row.get("day_activities"), "day_activities"),
        "living_allowance": v.parse_bool(row.get("living_allowance"), "living_allowance"),
        "max_stay_months": max_stay,
        "regional_binding": v.parse_bool(row.get("regional_binding"), "regional_binding"),
        "programme": (
            v.parse_enum(Programme, row.get("programme"), "programme", optional=True) or Programme.NONE
        ).value,
        "opened_on": opened,
        "closed_on": closed,
        **ctx.source(row),
        "note": _text(row, "note"),
    }


def _provenance(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    period = v.parse_period(row)
    v.check_period_basis(row)
    status = v.parse_enum(Status, row.get("status"), "status")
    assert status is not None
    return {
        **period,
        "status": status.value,
        "basis": v.parse_basis(row.get("basis"), status),
        **ctx.source(row),
        "conflict_group": v.clean(row.get("conflict_group")),
        "note": _text(row, "note"),
        "entered_by": SEED_ENTERED_BY,
    }


def _figure(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    facility_key = v.clean(row.get("facility_key"))
    code = v.clean(row.get("municipality_code"))
    if (facility_key is None) == (code is None):
        raise ValueError("give exactly one of facility_key or municipality_code")
    if facility_key is not None:
        if facility_key not in ctx.facilities:
            raise ValueError(f"unknown facility '{facility_key}' (not in facilities.csv)")
        facility = ctx.facilities[facility_key]
        facility_id, code = facility.id, facility.municipality_code
    else:
        facility_id, code = None, ctx.municipality(code)
    metric = v.parse_enum(Metric, row.get("metric"), "metric")
    if metric in (Metric.MUNICIPALITIES, Metric.ORGANISATIONS):
        raise ValueError(f"metric '{metric}' is only for aggregates")
    return {
        "facility_id": facility_id,
        "municipality_code": code,
        "metric": metric.value,  # type: ignore[union-attr]
        **v.parse_value(row),
        **_provenance(ctx, row),
    }


def _aggregate(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    def dim(enum: type[Any], column: str) -> str | None:
        parsed = v.parse_enum(enum, row.get(column), column, optional=True)
        return parsed.value if parsed else None

    organisation = ctx.organisation(row.get("organisation_key"), "organisation_key")
    also = v.clean(row.get("also_lines"))
    if also:
        for part in also.split(";"):
            v.parse_int(part.strip(), "also_lines")
    return {
        "table_name": v.required(row, "table"),
        "population": _text(row, "population", required=True),
        "category": dim(ShelterCategory, "category"),
        "hours": dim(Hours, "hours"),
        "criterion": dim(Criterion, "criterion"),
        "target_group": dim(TargetGroup, "target_group"),
        "programme": dim(Programme, "programme"),
        "organisation_id": organisation.id if organisation else None,
        "metric": v.parse_enum(Metric, row.get("metric"), "metric").value,  # type: ignore[union-attr]
        "also_lines": also,
        **v.parse_value(row),
        **_provenance(ctx, row),
    }


def _outcome(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    scope = v.required(row, "scope")
    if scope not in {"national", "organisation", "programme", "municipality"}:
        raise ValueError(f"scope '{scope}' must be national, organisation, programme or municipality")
    organisation = ctx.organisation(row.get("organisation_key"), "organisation_key")
    programme = v.parse_enum(Programme, row.get("programme"), "programme", optional=True)
    code = v.clean(row.get("municipality_code"))
    if scope == "organisation" and organisation is None:
        raise ValueError("scope 'organisation' needs organisation_key")
    if scope == "programme" and programme is None:
        raise ValueError("scope 'programme' needs programme")
    if scope == "municipality" and code is None:
        raise ValueError("scope 'municipality' needs municipality_code")
    share = v.parse_float(row.get("share_pct"), "share_pct")
    if share is not None and share > 100:
        raise ValueError(f"share_pct {share} is more than 100")
    values = v.parse_value(row, allow_empty=True)
    if values["value"] is None and values["value_low"] is None and share is None:
        raise ValueError("an outcome needs a value, a range or a share_pct")
    return {
        "scope": scope,
        "organisation_id": organisation.id if organisation else None,
        "programme": programme.value if programme else None,
        "municipality_code": ctx.municipality(code) if code else None,
        "population": _text(row, "population"),
        "category": v.parse_enum(OutcomeCategory, row.get("category"), "category").value,  # type: ignore[union-attr]
        "detail": _text(row, "detail"),
        "share_pct": share,
        "share_base": v.clean(row.get("share_base")),
        **values,
        **_provenance(ctx, row),
    }


def _membership(ctx: Context, row: dict[str, str | None]) -> dict[str, Any]:
    start = v.parse_period_date(row.get("period_start"), "period_start", end=False)
    end = v.parse_period_date(row.get("period_end"), "period_end", end=True)
    if start and end and start > end:
        raise ValueError(f"period_start {start} is after period_end {end}")
    v.check_period_basis(row)
    return {
        "municipality_code": ctx.municipality(row.get("municipality_code")),
        "programme": v.parse_enum(Programme, row.get("programme"), "programme").value,  # type: ignore[union-attr]
        "role": v.clean(row.get("role")),
        "period_start": start,
        "period_end": end,
        "period_note": v.clean(row.get("period_note")),
        **ctx.source(row),
        "note": _text(row, "note"),
    }


@dataclass(frozen=True)
class FileSpec:
    name: str
    model: type[Base]
    parse: Callable[[Context, dict[str, str | None]], dict[str, Any]]
    append_only: bool
    key_column: str = "key"
    optional: bool = False


FILES: tuple[FileSpec, ...] = (
    FileSpec("sources.csv", Source, _source, append_only=False),
    FileSpec("municipalities.csv", Municipality, _municipality, append_only=False, key_column="code"),
    FileSpec("organisations.csv", Organisation, _organisation, append_only=False),
    FileSpec("facilities.csv", Facility, _facility, append_only=False, optional=True),
    FileSpec("figures.csv", Figure, _figure, append_only=True, optional=True),
    FileSpec("aggregates.csv", Aggregate, _aggregate, append_only=True),
    FileSpec("outcomes.csv", Outcome, _outcome, append_only=True, optional=True),
    FileSpec("programmes.csv", ProgrammeMembership, _membership, append_only=True, optional=True),
)
# Columns compared to decide whether an append-only row changed (entered_at/by are not data).
_IGNORED_IN_COMPARISON = {"entered_by", "entered_at"}


def _existing(session: Session, model: type[Base], key_column: str) -> dict[str, Any]:
    column = getattr(model, key_column)
    return {getattr(obj, key_column): obj for obj in session.scalars(select(model).order_by(column))}


def _apply(ctx: Context, spec: FileSpec, row: Row, report: SeedReport) -> None:
    session = ctx.session
    key_raw = v.clean(row.data.get(spec.key_column))
    if key_raw is None:
        raise ValueError(f"column '{spec.key_column}' is required")
    key = v.parse_gm_code(key_raw) if spec.key_column == "code" else v.parse_key(key_raw)
    existing = ctx.append_only.setdefault(spec.model, {})
    values = spec.parse(ctx, row.data)
    supersedes = v.clean(row.data.get("supersedes"))
    if supersedes is not None:
        if not hasattr(spec.model, "supersedes_id"):
            raise ValueError(f"'supersedes' is not supported in {spec.name}")
        target = existing.get(supersedes)
        if target is None:
            raise ValueError(f"supersedes unknown key '{supersedes}' (it must come earlier)")
        values["supersedes_id"] = target.id
    criteria = values.pop("criteria", None)
    obj = existing.get(key)
    if obj is None:
        obj = spec.model(**{spec.key_column: key}, **values)
        session.add(obj)
        if criteria is not None:
            obj.criteria = [FacilityCriterion(criterion=c) for c in criteria]  # type: ignore[attr-defined]
        session.flush()
        report.inserted[spec.name] = report.inserted.get(spec.name, 0) + 1
    else:
        changed = {
            name: value
            for name, value in values.items()
            if name not in _IGNORED_IN_COMPARISON and getattr(obj, name) != value
        }
        if criteria is not None and sorted(c.criterion for c in obj.criteria) != criteria:
            changed["criteria"] = criteria
        if changed and spec.append_only:
            raise ValueError(
                f"row '{key}' differs from the published record ({', '.join(sorted(changed))}); "
                "published figures are never overwritten: add a new row with 'supersedes'"
            )
        if changed:
            for name, value in changed.items():
                if name == "criteria":
                    obj.criteria = [FacilityCriterion(criterion=c) for c in value]
                else:
                    setattr(obj, name, value)
            session.flush()
            report.updated[spec.name] = report.updated.get(spec.name, 0) + 1
        else:
            report.unchanged[spec.name] = report.unchanged.get(spec.name, 0) + 1
    existing[key] = obj
    if spec.model is Source:
        ctx.sources[key] = obj
    elif spec.model is Organisation:
        ctx.organisations[key] = obj
    elif spec.model is Facility:
        ctx.facilities[key] = obj
    elif spec.model is Municipality:
        ctx.municipalities.add(key)


def seed(engine: Engine, data_dir: Path = DATA_DIR) -> SeedReport:
    """Load every file of `data_dir`; raises SeedError and writes nothing on the first bad row."""
    if not data_dir.exists():
        raise SeedError(f"{data_dir}: no such folder")
    if not data_dir.is_dir():
        raise SeedError(f"{data_dir} is a file, not a folder of seed CSV files")
    missing = [s.name for s in FILES if not s.optional and not (data_dir / s.name).exists()]
    if missing:
        raise SeedError(f"{data_dir}: missing {', '.join(missing)}")
    # Every file is read and parsed before the transaction opens: an unreadable or malformed
    # file is reported without touching the database.
    files = {
        spec.name: read_rows(data_dir / spec.name, spec.key_column) for spec in FILES if (data_dir / spec.name).exists()
    }
    report = SeedReport()
    try:
        with session_scope(engine) as session:
            ctx = Context(session)
            ctx.municipalities = set(session.scalars(select(Municipality.code)))
            ctx.provinces = {p.code: p for p in session.scalars(select(Province))}
            for spec in FILES:
                if spec.name not in files:
                    continue
                ctx.append_only[spec.model] = _existing(session, spec.model, spec.key_column)
                seen: set[str] = set()
                if spec.model is Source:
                    ctx.sources = dict(ctx.append_only[spec.model])
                elif spec.model is Organisation:
                    ctx.organisations = dict(ctx.append_only[spec.model])
                elif spec.model is Facility:
                    ctx.facilities = dict(ctx.append_only[spec.model])
                for row in files[spec.name]:
                    key = v.clean(row.data.get(spec.key_column)) or ""
                    if key in seen:
                        raise SeedError(f"{row.where()}: key '{key}' appears twice in {spec.name}")
                    seen.add(key)
                    try:
                        _apply(ctx, spec, row, report)
                    except ValueError as error:
                        raise SeedError(f"{row.where()} (key '{key}'): {error}") from None
            if report.total_inserted or report.total_updated:
                # Caches keyed on the data version see a changed seed as new data, like any write.
                bump_data_version(session, utc_now())
    except SeedError:
        raise
    except Exception as error:  # a constraint the parser did not foresee: still one clear line
        # Driver messages add the SQL and parameters on further lines; the first says why.
        reason = str(error).strip().splitlines()[0] if str(error).strip() else ""
        raise SeedError(f"the database refused the seed data: {type(error).__name__}: {reason}") from error
    return report
