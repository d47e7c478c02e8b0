"""Offers (facilities): add one, or close it with an end date; nothing is deleted."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from inventory.clock import Clock, utc_now
from inventory.enums import (
    AuditAction,
    Criterion,
    Programme,
    Role,
    ShelterForm,
    TargetGroup,
)
from inventory.models import (
    Facility,
    FacilityCriterion,
    Municipality,
    Organisation,
)
from inventory.writes.core import (
    MAX_LABEL,
    Actor,
    NotAllowed,
    NotFound,
    _Ctx,
    _enum,
    _past_date,
    _Problems,
    _text,
    _write,
)
from inventory.writes.figures import (
    Subject,
    _check_subject_scope,
    _claim_version,
    _resolve,
    _scope_text,
)


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
            problems.add("max_stay_months", "problem_max_stay")
        if operator_id is not None and session.get(Organisation, operator_id) is None:
            problems.add_raw("operator_id", f"no organisation #{operator_id}")
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
            entered_at=ctx.now,
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
            problems.add("closed_on", "problem_already_closed", closed=facility.closed_on)
        if day is not None and facility.opened_on is not None and day < facility.opened_on:
            problems.add("closed_on", "problem_before_opened", day=day, opened=facility.opened_on)
        problems.raise_any()
        old = _facility_record(facility)
        closing = [{"nl": f"gesloten op {closed_on:%d-%m-%Y}", "en": f"closed on {closed_on}"}]
        version = _claim_version(ctx, resolved, seen_version, closing)
        facility.closed_on = day
        if text is not None:
            facility.note = f"{facility.note} {text}" if facility.note else text
        ctx.session.flush()
        ctx.log(AuditAction.FACILITY_CLOSED, f"facility:{facility.key}", old=old, new=_facility_record(facility))
        return FacilityResult(facility.id, facility.key, version, ctx.data_version)

    return _write(engine, actor, AuditAction.FACILITY_CLOSED, f"facility:{facility_id}", work, clock)
