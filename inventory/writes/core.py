"""Shared machinery of the write functions: the acting account, one transaction per write,
the typed refusals, and the server-side parsing of what a person typed."""

from __future__ import annotations

import datetime as dt
import getpass
import numbers
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from inventory import accounts, audit, transactions
from inventory import validation as v
from inventory.accounts import Scope
from inventory.clock import Clock, local_today
from inventory.dataversion import bump_data_version
from inventory.enums import (
    AuditAction,
    LabelledEnum,
    Metric,
    Role,
    Route,
)
from inventory.i18n import t
from inventory.values import QValue

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

if TYPE_CHECKING:
    from inventory.writes.figures import FigureView


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
    """One field and why it was refused: `code` is a text key in inventory/texts/problems.py, so a
    page says it in the reader's language; `message` is the English text (CLI, logs, tests)."""

    field: str
    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, field_name: str, code: str, **params: Any) -> Problem:
        return cls(field_name, code, tuple(params.items()))

    @classmethod
    def raw(cls, field_name: str, message: str) -> Problem:
        """A message with no translation (administrators' account checks)."""
        return cls.of(field_name, "problem_raw", message=message)

    @classmethod
    def from_error(cls, field_name: str, error: ValueError) -> Problem:
        if isinstance(error, v.Invalid):
            return cls(field_name, error.code, tuple(error.params.items()))
        return cls.raw(field_name, str(error))

    def text(self, lang: str) -> str:
        return t(self.code, lang, **dict(self.params))

    @property
    def message(self) -> str:
        return self.text("en")

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class InvalidInput(WriteError):
    """Input that fails validation; `problems` says which field and why."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class OverCapacity:
    """Occupancy above capacity, with both values kept as numbers so each language writes them
    in its own number format (1.200 / 1,200)."""

    occupancy: Metric
    occupied: QValue
    capacity: Metric
    places: QValue

    def values(self, lang: str) -> dict[str, str]:
        return {
            "occupancy": self.occupancy.label(lang),
            "occupancy_value": self.occupied.format(lang),
            "capacity": self.capacity.label(lang).lower(),
            "capacity_value": self.places.format(lang),
        }

    def text(self, lang: str) -> str:
        return t("problem_over_capacity", lang, **self.values(lang))

    def __str__(self) -> str:
        return self.text("en")


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
        self,
        label: str,
        seen: int,
        current: int,
        theirs: Sequence[FigureView],
        yours: Sequence[dict[str, str]],
        last: str,
    ) -> None:
        """`yours`: what the refused save held, each item in both languages ({"nl": ..., "en": ...})."""
        self.seen, self.current = seen, current
        self.theirs, self.yours_by_lang = tuple(theirs), tuple(yours)
        self.yours = tuple(item["en"] for item in self.yours_by_lang)
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
        raise InvalidInput([Problem.of("", "problem_database_refused", reason=reason)]) from None


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

    def add(self, field_name: str, code: str, **params: Any) -> None:
        self.items.append(Problem.of(field_name, code, **params))

    def add_raw(self, field_name: str, message: str) -> None:
        self.items.append(Problem.raw(field_name, message))

    def add_error(self, field_name: str, error: ValueError) -> None:
        self.items.append(Problem.from_error(field_name, error))

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
            problems.add(field_name, "problem_required")
        return None
    if len(value) > limit:
        problems.add(field_name, "problem_too_long", limit=limit)
    try:
        v.check_no_location(value)
    except ValueError as error:
        problems.add_error(field_name, error)
    return value


def _enum(enum: type[E], raw: E | str | None, field_name: str, problems: _Problems) -> E | None:
    try:
        return v.parse_enum(enum, raw if raw is None else str(raw), field_name)
    except ValueError as error:
        problems.add_error(field_name, error)
        return None


def _count_text(raw: object) -> str | None:
    """A form's number as the text the seed parser reads; refuses what is not a whole number."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, bool):
        raise v.Invalid("problem_not_yes_no")
    if isinstance(raw, numbers.Integral):
        return str(int(raw))
    if isinstance(raw, numbers.Real):
        number = float(raw)
        if number != number:  # NaN: an empty cell of a data editor
            return None
        if not number.is_integer():
            raise v.Invalid("problem_whole_number", column="value", value=raw)
        return str(int(number))
    if isinstance(raw, str):
        return raw.strip()
    raise v.Invalid("problem_whole_number", column="value", value=raw)


def _date(raw: dt.date | str | None, field_name: str, problems: _Problems) -> dt.date | None:
    if raw is None or raw == "":
        problems.add(field_name, "problem_required")
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    try:
        return v.parse_day(str(raw))
    except ValueError:
        problems.add(field_name, "problem_date_format", raw=raw)
        return None


def _past_date(raw: dt.date | str | None, field_name: str, problems: _Problems, clock: Clock) -> dt.date | None:
    """A date from 2000 up to today (Dutch calendar)."""
    day = _date(raw, field_name, problems)
    if day is None:
        return None
    today = local_today(clock)
    if day > today:
        problems.add(field_name, "problem_future", day=day, today=today)
    elif day < EARLIEST_REFERENCE_DATE:
        problems.add(field_name, "problem_too_early", day=day, earliest=EARLIEST_REFERENCE_DATE)
    return day
