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

from inventory.writes.accounts import (
    add_account,
    add_organisation,
    change_scope,
    reset_password,
    set_account_disabled,
)
from inventory.writes.core import (
    EARLIEST_REFERENCE_DATE,
    EDITABLE_METRICS,
    MAX_COUNT,
    MAX_LABEL,
    MAX_TEXT,
    OCCUPANCY_PAIRS,
    Actor,
    Busy,
    Conflict,
    InvalidInput,
    NeedsConfirmation,
    NotAllowed,
    NotFound,
    OverCapacity,
    Problem,
    WriteError,
)
from inventory.writes.facilities import (
    FacilityResult,
    NewFacility,
    add_facility,
    close_facility,
)
from inventory.writes.figures import (
    FigureInput,
    FigureView,
    SaveResult,
    Subject,
    SubjectState,
    confirm_unchanged,
    save_figures,
    subject_state,
)
from inventory.writes.imports import (
    ImportInvalid,
    ImportNotAllowed,
    ImportResult,
    ImportRow,
    PlannedFigure,
    RowProblem,
    import_figures,
)
from inventory.writes.review import (
    AlreadyReviewed,
    reject_figure,
    verify_figure,
)

__all__ = [
    "EARLIEST_REFERENCE_DATE",
    "EDITABLE_METRICS",
    "MAX_COUNT",
    "MAX_LABEL",
    "MAX_TEXT",
    "OCCUPANCY_PAIRS",
    "Actor",
    "AlreadyReviewed",
    "Busy",
    "Conflict",
    "FacilityResult",
    "FigureInput",
    "FigureView",
    "ImportInvalid",
    "ImportNotAllowed",
    "ImportResult",
    "ImportRow",
    "InvalidInput",
    "NeedsConfirmation",
    "NewFacility",
    "NotAllowed",
    "NotFound",
    "OverCapacity",
    "PlannedFigure",
    "Problem",
    "RowProblem",
    "SaveResult",
    "Subject",
    "SubjectState",
    "WriteError",
    "add_account",
    "add_facility",
    "add_organisation",
    "change_scope",
    "close_facility",
    "confirm_unchanged",
    "import_figures",
    "reject_figure",
    "reset_password",
    "save_figures",
    "set_account_disabled",
    "subject_state",
    "verify_figure",
]
