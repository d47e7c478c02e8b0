"""Which filter applies to which table: a filter shown is a filter applied, or says it is not.

Every table (and every export or API view of it) declares the filters it can honour. A filter
that the table has no dimension for is reported as "not applicable" next to the rows, so a
filtered caption or export never claims more than the rows show.
"""

from __future__ import annotations

from dataclasses import fields

from inventory.enums import Criterion, ShelterCategory, ShelterForm, TargetGroup, TargetGroupFilter
from inventory.filters import Filters

_ALL = frozenset(f.name for f in fields(Filters))
# The tables a reader can browse and download on the Tables page (`tabel` in its URL).
BROWSABLE_TABLES = ("figures", "facilities", "aggregates", "outcomes")

# The filters each table has a dimension for. Anything else is named as not applied.
TABLE_FILTERS: dict[str, frozenset[str]] = {
    # Figures belong to a municipality and (mostly) an offer: every filter has a column.
    "figures": _ALL,
    # Offers have no reference period and no measure.
    "facilities": _ALL - {"year", "metric"},
    # Published national tables: no province or municipality; a form is a category × hours.
    "aggregates": frozenset({"year", "shelter_form", "criterion", "target_group", "programme", "metric"}),
    # Outcomes carry a period, a programme and sometimes a municipality; nothing else.
    "outcomes": frozenset({"year", "programme", "municipality"}),
    # One row per municipality with its newest figures of the filtered offers.
    "municipalities": _ALL - {"metric"},
    "gaps": frozenset({"shelter_form"}),
    "programme_memberships": frozenset({"programme", "municipality", "province"}),
    "sources": frozenset(),
}


def aggregate_form_cells(shelter_form: str) -> tuple[str, str | None] | None:
    """The (category, hours) cell of the published tables that holds `shelter_form`, or None
    when those tables do not tell this form apart from others.

    A category with a single form (own network) has no hours split in the source: its rows are
    the form's rows whatever the hours column says, so hours is None there."""
    form = ShelterForm(shelter_form)
    category = form.category
    siblings = [f for f in ShelterForm if f.category is category]
    if category is ShelterCategory.OTHER or form.hours is None:
        return None
    if len(siblings) == 1:
        return category.value, None
    return category.value, form.hours.value


def aggregate_target_cell(target_group: str) -> tuple[str, str] | None:
    """The (column, value) of the published tables that holds a target-group choice, or None
    when those tables do not tell it apart.

    They count families as a target group and "alleen vrouwen" as an admission criterion; they
    do not say which other shelters take women (or men), so `women`, `men`, `mixed` and
    `unknown` cannot narrow them and are named as not applied rather than showing no rows."""
    choice = TargetGroupFilter(target_group)
    if choice is TargetGroupFilter.WOMEN_ONLY:
        return "criterion", Criterion.WOMEN_ONLY.value
    if choice is TargetGroupFilter.FAMILIES:
        return "target_group", TargetGroup.FAMILIES.value
    return None


def not_applied(table: str, filters: Filters) -> list[str]:
    """Names of the set filters that `table` cannot apply, in the Filters field order."""
    # Every table is read as it stood at `stand` (inventory.snapshot), so it always applies.
    allowed = TABLE_FILTERS.get(table, _ALL) | {"stand"}
    out = []
    for f in fields(filters):
        if getattr(filters, f.name) is None:
            continue
        if f.name not in allowed or (table == "aggregates" and not _aggregates_apply(f.name, filters)):
            out.append(f.name)
    return out


def _aggregates_apply(name: str, filters: Filters) -> bool:
    """Whether the published tables have the cell a set form or target group names."""
    if name == "shelter_form":
        return aggregate_form_cells(filters.shelter_form) is not None  # type: ignore[arg-type]
    if name == "target_group":
        return aggregate_target_cell(filters.target_group) is not None  # type: ignore[arg-type]
    return True


def applied_filters(table: str, filters: Filters) -> Filters:
    """`filters` without the ones `table` cannot apply: what its query really uses."""
    return filters.with_(**{name: None for name in not_applied(table, filters)})
