"""redact a withheld building name from texts and keys stored before it was withheld

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 10:00:00.000000

The seed loader and the write layer refuse this name since it joined the withheld names of
inventory/validation.py, but the app seeds only an empty database: an install seeded before keeps
it in an organisation's key and name, offers' keys, labels, quotes and notes, and a figure's key,
quote and note. Here it is redacted in place, the one exception to "history is never overwritten",
because the people it locates have no papers.

- A text still exactly as the seed stored it (recognised by its SHA-256, so this file does not
  print the name) becomes the text data/ now has, so seeding today's data/ afterwards adds nothing
  and finds every published figure unchanged.
- Any other stored text (typed by an editor, say) has the name replaced by `[…]`, the marker for
  words left out (a quote stays exact, see inventory/provenance.py).
- Keys and conflict groups have it replaced by `diaconaal-centrum`, as data/ renamed its keys
  (data/README.md lists them): `rot-<name>-x` -> `rot-diaconaal-centrum-x`. Permalinks of old keys
  end; keeping them would keep the name in every URL and export.

The audit log is left as it is: append-only by trigger (0004) and seen only by administrators.
Backups taken before, and on PostgreSQL the dead row versions until VACUUM, still hold the old texts.
Redaction cannot be undone, so downgrade changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from functools import cache

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

# SHA-256 of the name in lower case (as in inventory/validation.py), frozen here so that this
# migration does the same on every database, and its length, so one stretch per position is hashed.
WITHHELD = "1b8c029076d779fa89a7a00462f2c8db69b27a124cad230e87086b13ea68f227"
LENGTH = 10
IN_TEXT = "[…]"
IN_KEY = "diaconaal-centrum"

# The seed's texts with the name, by SHA-256, and what data/ says instead.
SEED_TEXTS = {
    # organisations.name (diaconaal-centrum-rotterdam)
    "01303729e94dfb94dbcdb2c309374dea9fb0f3b0860bacc71de36213903dcde6": "Diaconaal centrum (Rotterdam)",
    # facilities.label (rot-diaconaal-centrum-nacht-dagopvang)
    "dd3dd9f9a835d29fcb144b72c008a6fc2c1b2d2c8ed16be2c57402b3e772d5cf": "Nachtopvang met dagvoorziening van het diaconaal centrum",
    # facilities.note (rot-diaconaal-centrum-nacht-dagopvang)
    "05c489fd7c1bef07b944535c81545ce5f72336dc1a7963b5a372480bcb9afa3f": "Rotterdam's 110 places are spread over locations managed by the diaconal centre, ROS, NAS and Leger des Heils (l.1360-1364); the figure is at municipality level, not split by organisation. Allocation through a central municipal intake point (l.1366). Every location offers night shelter; day shelter at the same or another location (l.1378-1388). Studied form: criteria V-nummer, no prior provision, not an EU citizen and (soft) regional binding apply (000 l.1295-1297). Some of its night places are in the building of its day facility; the rooms are only open at night (l.1380-1384).",
    # facilities.note (rot-ros-nacht-dagopvang)
    "5fdf24f00c7ba8c1cf6ad77eb6a7c0607cfbac71beed160f15134d1ca5bf1670": "Rotterdam's 110 places are spread over locations managed by the diaconal centre, ROS, NAS and Leger des Heils (l.1360-1364); the figure is at municipality level, not split by organisation. Allocation through a central municipal intake point (l.1366). Every location offers night shelter; day shelter at the same or another location (l.1378-1388). Studied form: criteria V-nummer, no prior provision, not an EU citizen and (soft) regional binding apply (000 l.1295-1297). ROS has the same policy as the diaconal centre, but access to the rooms during the day is not strictly enforced (l.1384-1386).",
    # facilities.note (rot-nas-nachtopvang, rot-leger-des-heils-nachtopvang)
    "85085a0c86f8c94f86f2adb290194f518be465869763833ef9c1a79dbe03f695": "Rotterdam's 110 places are spread over locations managed by the diaconal centre, ROS, NAS and Leger des Heils (l.1360-1364); the figure is at municipality level, not split by organisation. Allocation through a central municipal intake point (l.1366). Every location offers night shelter; day shelter at the same or another location (l.1378-1388). Studied form: criteria V-nummer, no prior provision, not an EU citizen and (soft) regional binding apply (000 l.1295-1297). Day shelter at another location in the city (l.1386-1388).",
    # facilities.label (rot-diaconaal-centrum-sobere-nachtopvang)
    "81811b6e6e573b84e4ca9dc10460cbc57452e1fb4ba1e9df79b456a10d238932": "Sobere nachtopvang in eigen beheer van het diaconaal centrum",
    # figures.note (rot-places-2016)
    "33113e2d35b5b997fd9a76900b44e1875e00633dd2dee0845ed628de2b7c83a6": "Over the locations of the diaconal centre, ROS, NAS and Leger des Heils, not split by organisation; data from interviews with the organisations and an NAS conference of 12 Oct 2016 (fn 82).",
}

TEXTS = {
    "organisations": ("name", "note"),
    "facilities": ("label", "quote", "note", "entered_by"),
    "figures": ("quote", "note", "basis", "period_note", "explanation", "entered_by"),
    "aggregates": ("population", "quote", "note", "basis", "period_note", "entered_by"),
    "outcomes": ("population", "detail", "quote", "note", "basis", "period_note", "entered_by"),
    "programme_memberships": ("quote", "note", "period_note"),
    "figure_reviews": ("reason", "organisation"),
}
KEYS = {
    "organisations": ("key",),
    "facilities": ("key",),
    "figures": ("key", "conflict_group"),
    "aggregates": ("key", "conflict_group"),
    "outcomes": ("key", "conflict_group"),
    "programme_memberships": ("key",),
}
UNIQUE = {"key"}
_LETTERS = re.compile(r"[^\W\d_]+")


@cache
def _starts(letters: str) -> tuple[int, ...]:
    """Where the name starts in a stretch of letters (any case, also inside a compound)."""
    lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in letters)
    found: list[int] = []
    start = 0
    while start + LENGTH <= len(lowered):
        if hashlib.sha256(lowered[start : start + LENGTH].encode()).hexdigest() == WITHHELD:
            found.append(start)
            start += LENGTH
        else:
            start += 1
    return tuple(found)


def redact(value: str, replacement: str) -> str:
    """The value with every occurrence of the name replaced."""
    pieces: list[str] = []
    done = 0
    for match in _LETTERS.finditer(value):
        for start in _starts(match.group(0)):
            at = match.start() + start
            pieces.append(value[done:at])
            pieces.append(replacement)
            done = at + LENGTH
    return "".join(pieces) + value[done:] if pieces else value


def _new_text(value: str) -> str:
    seeded = SEED_TEXTS.get(hashlib.sha256(value.encode()).hexdigest())
    return seeded if seeded is not None else redact(value, IN_TEXT)


def _rewrite(table: str, column: str, new_value: Callable[[str], str]) -> int:
    """Replace every distinct stored value that changes; returns the number of values replaced."""
    bind = op.get_bind()
    values = bind.execute(sa.text(f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL")).scalars()
    changes = [(old, new) for old in values if (new := new_value(old)) != old]
    for old, new in changes:
        if (
            column in UNIQUE
            and bind.execute(sa.text(f"SELECT count(*) FROM {table} WHERE {column} = :new"), {"new": new}).scalar()
        ):
            raise RuntimeError(f"{table}: the renamed key '{new}' exists already; rename one of the two first")
        bind.execute(sa.text(f"UPDATE {table} SET {column} = :new WHERE {column} = :old"), {"new": new, "old": old})
    return len(changes)


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # Zero the old texts on their pages instead of leaving them readable in free space.
        op.execute("PRAGMA secure_delete = ON")
    changed = 0
    for table, columns in TEXTS.items():
        for column in columns:
            changed += _rewrite(table, column, _new_text)
    for table, columns in KEYS.items():
        for column in columns:
            changed += _rewrite(table, column, lambda value: redact(value, IN_KEY))
    if changed:
        # Query caches of running instances key on the data version: they see the redacted texts.
        op.get_bind().execute(
            sa.text("UPDATE data_version SET version = version + 1, changed_at = :now WHERE id = 1").bindparams(
                sa.bindparam("now", type_=sa.DateTime(timezone=True))
            ),
            {"now": dt.datetime.now(dt.UTC)},
        )


def downgrade() -> None:
    # The name is not kept anywhere, so it cannot be put back; the redacted texts fit 0006 as they are.
    pass
