"""`python -m inventory user …`, `organisation add` and `audit` as an administrator runs them:
real processes on a real database, passwords never on the command line, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from inventory import accounts, sessions
from tests.conftest import REPO
from tests.world import reference_rows

PASSWORD = "a long enough password"


def run(args: list[str], db_url: str, password: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "OPVANG_DATA_DIR", "OPVANG_PASSWORD"}}
    env["DATABASE_URL"] = db_url
    if password is not None:
        env["OPVANG_PASSWORD"] = password
    return subprocess.run(
        [sys.executable, "-m", "inventory", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,  # no terminal: nobody can be asked for a password
    )


def one_line_error(result: subprocess.CompletedProcess[str], *words: str) -> None:
    assert result.returncode != 0, result.stdout
    line = result.stderr.strip()
    assert line.startswith("error: ") and "\n" not in line and "Traceback" not in line, result.stderr
    for word in words:
        assert word in line, line


@pytest.fixture
def db(engine: Engine, db_url: str) -> str:
    """A migrated database with two municipalities and a few organisations, no accounts."""
    reference_rows(engine)
    return db_url


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


AMSTERDAM_EDITOR = ["--role", "municipality_editor", "--organisation", "gemeente-amsterdam", "--municipality", "GM0363"]


def add_amsterdam_editor(db: str) -> None:
    result = run(["user", "add", "ams", *AMSTERDAM_EDITOR], db, PASSWORD)
    assert result.returncode == 0, result.stderr


def test_the_first_admin_is_made_by_the_cli_with_a_password_from_the_environment(db: str, engine: Engine) -> None:
    result = run(["user", "add", "Beheer", "--role", "admin", "--organisation", "los"], db, PASSWORD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "account beheer added as admin"
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT password_hash FROM accounts")).scalar_one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert accounts.authenticate(engine, "beheer", PASSWORD).role.value == "admin"


def test_a_password_is_never_an_argument_and_never_defaulted(db: str, engine: Engine) -> None:
    result = run(["user", "add", "beheer", "--role", "admin", "--organisation", "los", "--password", PASSWORD], db)
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr
    # No environment variable and no terminal: refused, rather than any default password.
    one_line_error(run(["user", "add", "beheer", "--role", "admin", "--organisation", "los"], db), "OPVANG_PASSWORD")
    one_line_error(run(["user", "add", "beheer", "--role", "admin", "--organisation", "los"], db, "short"), "12")
    assert count(engine, "accounts") == 0


def test_editors_scope_and_listing(db: str, engine: Engine) -> None:
    assert (
        run(
            ["organisation", "add", "gemeente-utrecht", "--name", "Gemeente Utrecht", "--kind", "municipality"], db
        ).returncode
        == 0
    )
    added = run(
        [
            "user",
            "add",
            "ams",
            "--role",
            "municipality_editor",
            "--organisation",
            "gemeente-amsterdam",
            "--municipality",
            "GM0363",
            "--email",
            "ams@example.org",
        ],
        db,
        PASSWORD,
    )
    assert added.returncode == 0 and added.stdout.strip() == "account ams added as municipality_editor for GM0363"
    sso = run(
        [
            "user",
            "add",
            "utr",
            "--role",
            "organisation_editor",
            "--organisation",
            "gemeente-utrecht",
            "--no-password",
            "--email",
            "utr@example.org",
        ],
        db,
    )
    assert sso.returncode == 0, sso.stderr
    assert run(["user", "scope", "ams", "--add", "GM0599"], db).stdout.strip() == "ams: GM0363, GM0599"
    assert run(["user", "scope", "ams", "--remove", "GM0363"], db).stdout.strip() == "ams: GM0599"
    assert run(["user", "scope", "ams"], db).stdout.strip() == "ams: GM0599"
    listed = json.loads(run(["user", "list", "--json"], db).stdout)
    assert [(r["username"], r["role"], r["organisation"], r["municipalities"], r["has_password"]) for r in listed] == [
        ("ams", "municipality_editor", "gemeente-amsterdam", ["GM0599"], True),
        ("utr", "organisation_editor", "gemeente-utrecht", [], False),
    ]
    assert "password_hash" not in json.dumps(listed) and "$argon2" not in json.dumps(listed)
    text_list = run(["user", "list"], db).stdout
    assert "ams" in text_list and "sso only" in text_list


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["user", "add", "ams", "--role", "municipality_editor", "--organisation", "gemeente-amsterdam"],
            ["at least one"],
        ),
        (["user", "add", "ams", "--role", "admin", "--organisation", "nobody"], ["no organisation 'nobody'"]),
        (["user", "add", "ams", "--role", "admin"], ["organisation", "required"]),
        (["user", "add", "ams", "--role", "viewer", "--no-password"], ["--email"]),
        (["user", "disable", "ghost"], ["no account 'ghost'"]),
        (["user", "reset-password", "ghost"], ["no account 'ghost'"]),
        (["user", "scope", "ghost", "--add", "GM0363"], ["no account 'ghost'"]),
        (["user", "scope", "ghost"], ["no account 'ghost'"]),
        (["organisation", "add", "Bad Key", "--name", "X", "--kind", "ngo"], ["lower-case slug"]),
        (["organisation", "add", "opvang-x", "--name", "Opvang Dorpsstraat 4", "--kind", "ngo"], ["street-like"]),
    ],
)
def test_mistakes_are_one_line_and_write_nothing(db: str, engine: Engine, args: list[str], words: list[str]) -> None:
    before = count(engine, "accounts"), count(engine, "organisations"), count(engine, "audit_log")
    one_line_error(run(args, db, PASSWORD), *words)
    assert (count(engine, "accounts"), count(engine, "organisations"), count(engine, "audit_log")) == before


def test_disable_and_reset_password_end_sessions(db: str, engine: Engine) -> None:
    add_amsterdam_editor(db)
    token, _ = sessions.sign_in(engine, "ams", PASSWORD)
    reset = run(["user", "reset-password", "ams"], db, "another long password")
    assert reset.returncode == 0 and "sessions have ended" in reset.stdout
    assert sessions.resume_session(engine, token) is None
    with pytest.raises(accounts.SignInFailed):
        accounts.authenticate(engine, "ams", PASSWORD)
    token, _ = sessions.sign_in(engine, "ams", "another long password")
    assert run(["user", "disable", "ams"], db).returncode == 0
    assert sessions.resume_session(engine, token) is None
    with pytest.raises(accounts.SignInFailed):
        accounts.authenticate(engine, "ams", "another long password")
    one_line_error(run(["user", "disable", "ams"], db), "already disabled")
    assert run(["user", "enable", "ams"], db).returncode == 0
    assert accounts.authenticate(engine, "ams", "another long password").username == "ams"


def test_audit_prints_text_json_and_csv(db: str, engine: Engine, tmp_path: Path) -> None:
    add_amsterdam_editor(db)
    with pytest.raises(accounts.SignInFailed):
        accounts.authenticate(engine, "ams", "wrong password!!")
    entries = json.loads(run(["audit", "--json"], db).stdout)
    assert [(e["action"], e["route"], e["username"]) for e in entries] == [
        ("sign_in_failed", "page", "ams"),
        ("account_added", "cli", "cli:" + entries[1]["username"].split(":", 1)[1]),
    ]
    assert entries[1]["new_value"]["municipalities"] == ["GM0363"] and entries[1]["old_value"] is None
    only = json.loads(run(["audit", "--json", "--action", "sign_in_failed"], db).stdout)
    assert len(only) == 1 and only[0]["organisation"] == "Gemeente Amsterdam"
    text_out = run(["audit"], db).stdout.splitlines()
    assert len(text_out) == 2 and "sign_in_failed" in text_out[0] and "account_added" in text_out[1]
    out = tmp_path / "audit.csv"
    result = run(["audit", "--csv", str(out), "--route", "cli"], db)
    assert result.returncode == 0 and result.stdout.strip() == f"wrote 1 audit entries to {out}"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf") and "account_added" in out.read_text(encoding="utf-8-sig")
    one_line_error(run(["audit", "--csv", str(tmp_path / "missing" / "a.csv")], db), "no such file or folder")
    assert run(["audit", "--since", "yesterday"], db).returncode == 2
