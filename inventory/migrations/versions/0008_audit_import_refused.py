"""audit action 'import_refused': a refused import file is logged as what it was

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 01:00:00.000000

Before, a refused import was logged with the action 'figure_saved', although no figure was saved
and the attempt was for a whole file. The audit log is append-only (triggers of 0004), so those
entries stay as they were; only new refusals get the new action. The action CHECK is widened in
place (see inventory/migration_helpers.py): every stored row met the old list, so it meets the new.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from inventory.migration_helpers import replace_check

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

_OLD_ACTIONS = (
    "figure_saved",
    "figure_unchanged",
    "figure_verified",
    "figure_rejected",
    "facility_added",
    "facility_closed",
    "organisation_added",
    "account_added",
    "account_disabled",
    "account_enabled",
    "password_reset",
    "scope_changed",
    "signed_in",
    "sign_in_failed",
    "locked_out",
    "sign_in_blocked",
    "signed_out",
)
_NEW_ACTIONS = (*_OLD_ACTIONS, "import_refused")


def _check(actions: tuple[str, ...]) -> str:
    return "action IN ({})".format(", ".join(f"'{action}'" for action in actions))


def upgrade() -> None:
    replace_check("audit_log", "action", _check(_OLD_ACTIONS), _check(_NEW_ACTIONS))


def downgrade() -> None:
    # The log is append-only: an 'import_refused' entry cannot be renamed, so refuse before changing anything.
    kept = op.get_bind().execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'import_refused'")).scalar()
    if kept:
        raise RuntimeError(f"audit_log has {kept} 'import_refused' entries, which revision 0007 cannot hold")
    replace_check("audit_log", "action", _check(_NEW_ACTIONS), _check(_OLD_ACTIONS))
