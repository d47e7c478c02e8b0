"""Command-line interface: `python -m inventory COMMAND`.

Every failure is one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import getpass
import json
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from inventory import accounts, audit, exports, queries, stats, writes
from inventory.backup import BackupError, backup_sqlite, make_parent_folder, sqlite_files
from inventory.columns import TABLES, conform
from inventory.database import database_url, make_engine, session_scope, sqlite_path
from inventory.enums import (
    AuditAction,
    Criterion,
    Metric,
    OrganisationKind,
    Programme,
    Role,
    Route,
    ShelterForm,
    TargetGroupFilter,
)
from inventory.filters import Filters
from inventory.opendata import json_rows
from inventory.schema import current_revision, head_revision, upgrade
from inventory.seed import DATA_DIR, SeedError, seed

EXIT_USAGE = 2
EXIT_FAILURE = 1
EXIT_INTERRUPTED = 130


class CliError(Exception):
    """A failure to report as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"error: {message} (see --help)\n")


# The operating system's words, in the vocabulary of the rest of the CLI ("folder").
_CAUSES = {
    errno.ENOENT: "no such file or folder",
    errno.ENOTDIR: "is not a folder",
    errno.EISDIR: "is a folder, not a file",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.EEXIST: "already exists",
}


def _os_reason(error: OSError, path: Path) -> str:
    """Why `path` could not be used, naming the part of it at fault when that is not `path`."""
    cause = _CAUSES.get(error.errno or -1) or (error.strerror or str(error)).lower()
    culprit = error.filename
    if culprit is None or Path(culprit) == path:
        return f"it {cause}" if error.errno in (errno.ENOTDIR, errno.EISDIR) else cause
    if error.errno in (errno.ENOTDIR, errno.EISDIR):
        return f"{culprit} {cause}"
    return f"{cause} ({culprit})"


def _sqlite_engine(url: str, path: Path, *, create: bool) -> Engine:
    """An engine on the SQLite file `path`, after the checks SQLite would answer with only
    "unable to open database file"."""
    if path.is_dir():
        raise CliError(f"the database path {path} is a folder, not an SQLite file")
    if not path.exists():
        if not create:
            raise CliError(
                f"no database at {path}; run `python -m inventory init` and `python -m inventory seed` first"
            )
        try:
            make_parent_folder(path)
            # An empty file is an empty SQLite database; creating it here turns SQLite's
            # "unable to open database file" into the operating system's reason.
            with open(path, "ab"):
                pass
        except OSError as error:
            raise CliError(f"cannot create the database at {path}: {_os_reason(error, path)}") from None
    return make_engine(url)


def _engine_for_existing() -> Engine:
    url = database_url()
    path = sqlite_path(url)
    engine = make_engine(url) if path is None else _sqlite_engine(url, path, create=False)
    revision = current_revision(engine)
    if revision is None:
        raise CliError("the database has no schema; run `python -m inventory init` first")
    if revision != head_revision():
        raise CliError(f"the database schema is at {revision}, this code needs {head_revision()}; run `init`")
    return engine


def cmd_init(args: argparse.Namespace) -> None:
    url = database_url()
    path = sqlite_path(url)
    engine = make_engine(url) if path is None else _sqlite_engine(url, path, create=True)
    revision = upgrade(engine)
    print(f"database ready at schema {revision}: {engine.url.render_as_string(hide_password=True)}")


def cmd_seed(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    report = seed(engine, Path(args.data_dir))
    print(
        f"seeded from {args.data_dir}: {report.total_inserted} new, {report.total_updated} updated, "
        f"{sum(report.unchanged.values())} unchanged"
    )
    for name in sorted(set(report.inserted) | set(report.updated)):
        print(f"  {name}: {report.inserted.get(name, 0)} new, {report.updated.get(name, 0)} updated")


def cmd_stats(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    lang = args.lang
    with session_scope(engine) as session:
        counts = queries.counts(session)
        national = stats.national_figures(session)
        names = (stats.OVERVIEW_TABLE, stats.SPECIALISED_TABLE)
        # For people the cells as printed; for programs every cell's counts as numbers, with its lines.
        tables = {name: stats.published_table(session, name, lang) for name in names} if not args.json else {}
        cells = {name: stats.published_cells(session, name, lang) for name in names} if args.json else {}
        coverage = stats.coverage(session)
    if args.json:
        payload = {
            "counts": counts,
            "national_figures": json_rows(conform(national)),
            "tables": cells,
            "coverage": json.loads(coverage.to_json(orient="records")),
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    print("Records: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    print("\nPublished national figures:")
    for row in national.itertuples():
        where = f"{row.source_file}:{row.source_line}"
        print(f"  {row.reference_year}  {row.metric:<15} {row.display_value:>10}  {row.population}  [{where}]")
    for name, table in tables.items():
        print(f"\n{name}:")
        print(table.to_string(index=False) if not table.empty else "  (no rows)")
    print("\nCoverage of the national figures by municipality-level records:")
    if coverage.empty:
        print("  (no national figures)")
    for row in coverage.itertuples():
        pct = "n/a" if row.covered_pct is None or row.covered_pct != row.covered_pct else f"{row.covered_pct}%"
        print(
            f"  {row.reference_year}  {row.metric:<13} published {row.published:>10}; "
            f"{row.municipalities_with_records} municipalities with records sum to {row.municipal_records_sum} ({pct})"
        )


def cmd_export(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    filters = Filters(
        year=args.year,
        province=args.province,
        shelter_form=args.form,
        criterion=args.criterion,
        target_group=args.target_group,
        programme=args.programme,
        municipality=args.municipality,
        metric=args.metric,
    )
    boundaries = None
    if args.format == "geojson" and args.geometry == "boundaries":
        from geo.boundaries import load_municipality_boundaries

        loaded, reason = load_municipality_boundaries()
        if loaded is None:
            raise CliError(f"no municipality boundaries available ({reason}); use --geometry centroids")
        boundaries = loaded.gdf
    out = Path(args.out)
    live = sqlite_path(database_url())
    if live is not None and out.resolve() in sqlite_files(live):
        raise CliError(f"the export target {out} is {sqlite_files(live)[out.resolve()]}; give another path")
    with session_scope(engine) as session:
        try:
            written, rows = exports.write(session, args.format, out, filters, args.lang, boundaries, args.table)
        except ValueError as error:
            raise CliError(str(error)) from None
        except OSError as error:
            raise CliError(f"cannot write the export to {out}: {_os_reason(error, out)}") from None
    print(f"wrote {args.format} to {written}")
    if rows == 0:
        # Still a valid file (headers, filters, licence), but an empty extract is easy to
        # mistake for "no shelter": say so where a person or a script's log will see it.
        described = "; ".join(f"{k}: {v}" for k, v in filters.describe("en"))
        print(
            f"export matched no rows for filters: {described}"
            if described
            else f"export matched no rows: the database has no {args.table} yet (run `python -m inventory seed`)",
            file=sys.stderr,
        )


def cmd_backup(args: argparse.Namespace) -> None:
    path = Path(args.path)
    try:
        target = backup_sqlite(database_url(), path)
    except BackupError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"cannot write the backup to {path}: {_os_reason(error, path)}") from None
    print(f"backup written to {target}")


PASSWORD_ENV = "OPVANG_PASSWORD"


def _new_password(username: str) -> str:
    """From OPVANG_PASSWORD, else asked twice at the terminal; never an argument, which would
    stay in the shell history and show in the process list."""
    from_env = os.environ.get(PASSWORD_ENV)
    if from_env:
        return from_env
    if not sys.stdin.isatty():
        raise CliError(f"no password: set {PASSWORD_ENV} or run this in a terminal to be asked for one")
    first = getpass.getpass(f"New password for {username}: ")
    if getpass.getpass("Repeat it: ") != first:
        raise CliError("the two passwords differ; nothing was changed")
    return first


def cmd_user_add(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    if args.no_password and not args.email:
        raise CliError("an account without a password signs in by single sign-on only: give its --email")
    password = None if args.no_password else _new_password(args.username)
    writes.add_account(
        engine,
        writes.Actor.command_line(),
        args.username,
        args.role,
        organisation_key=args.organisation,
        email=args.email,
        municipalities=args.municipality or [],
        password=password,
    )
    scope = f" for {', '.join(args.municipality)}" if args.municipality else ""
    print(f"account {accounts.normalise_username(args.username)} added as {args.role}{scope}")


def cmd_user_list(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    with session_scope(engine) as session:
        rows = accounts.account_list(session)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:
        print("no accounts yet; add the first administrator with `python -m inventory user add NAME --role admin`")
    for row in rows:
        state = f"disabled {row['disabled_at'][:10]}" if row["disabled_at"] else "active"  # type: ignore[index]
        scope = ",".join(row["municipalities"]) or "-"  # type: ignore[arg-type]
        login = "password" if row["has_password"] else "sso only"
        print(
            f"{row['username']:<20} {row['role']:<20} {row['organisation'] or '-':<24} {scope:<14} "
            f"{row['email'] or '-':<30} {login:<9} {state}"
        )


def cmd_user_disable(args: argparse.Namespace) -> None:
    _set_disabled(args.username, True)
    print(f"account {args.username} disabled; its sessions have ended")


def cmd_user_enable(args: argparse.Namespace) -> None:
    _set_disabled(args.username, False)
    print(f"account {args.username} enabled")


def _set_disabled(username: str, disabled: bool) -> None:
    engine = _engine_for_existing()
    writes.set_account_disabled(engine, writes.Actor.command_line(), username, disabled)


def cmd_user_reset_password(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    password = _new_password(args.username)
    writes.reset_password(engine, writes.Actor.command_line(), args.username, password)
    print(f"password of {args.username} set; its sessions have ended")


def cmd_user_scope(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    if args.add or args.remove:
        codes = writes.change_scope(
            engine, writes.Actor.command_line(), args.username, add=args.add or [], remove=args.remove or []
        )
    else:
        with session_scope(engine) as session:
            account = accounts.find_account(session, args.username)
            if account is None:
                raise CliError(f"no account '{args.username}'")
            codes = accounts.municipality_codes(session, account.id)
    print(f"{args.username}: {', '.join(codes) if codes else 'no municipalities'}")


def cmd_organisation_add(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    writes.add_organisation(
        engine, writes.Actor.command_line(), args.key, args.name, args.kind, municipality_code=args.municipality
    )
    print(f"organisation {args.key} added: {args.name}")


def _day(raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{raw}' is not a date (YYYY-MM-DD)") from None


def cmd_audit(args: argparse.Namespace) -> None:
    engine = _engine_for_existing()
    with session_scope(engine) as session:
        frame = audit.entries(
            session,
            since=args.since,
            until=args.until,
            username=args.user,
            action=AuditAction(args.action) if args.action else None,
            route=Route(args.route) if args.route else None,
            refused=True if args.refused else None,
            target=args.target,
            limit=args.limit,
        )
    if args.csv:
        out = Path(args.csv)
        try:
            out.write_bytes(audit.entries_csv(frame))
        except OSError as error:
            raise CliError(f"cannot write the audit log to {out}: {_os_reason(error, out)}") from None
        print(f"wrote {len(frame)} audit entries to {out}")
        return
    if args.json:
        print(json.dumps(audit.entries_records(frame), ensure_ascii=False, indent=2))
        return
    if frame.empty:
        print("no audit entries match")
    for row in frame.itertuples():
        who = row.username or "-"
        if row.organisation:
            who += f" ({row.organisation})"
        outcome = f"  REFUSED: {row.detail}" if row.refused else ""
        print(f"{row.at:%Y-%m-%d %H:%M:%S}  {row.route:<6} {who:<40} {row.action:<18} {row.target or ''}{outcome}")


def _code(pattern: str, what: str):  # type: ignore[no-untyped-def]
    import re

    def parse(raw: str) -> str:
        if not re.fullmatch(pattern, raw):
            raise argparse.ArgumentTypeError(f"{what} '{raw}' is not valid")
        return raw

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="python -m inventory",
        description="Opvangmonitor: the national inventory of shelter for migrants without legal residence. "
        "The database is DATABASE_URL, or an SQLite file in OPVANG_DATA_DIR (default ./var).",
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("init", help="create or migrate the database schema")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("seed", help="load the seed dataset (idempotent, all-or-nothing)")
    p.add_argument("--data-dir", default=str(DATA_DIR), help="folder with the seed CSV files (default: data/)")
    p.set_defaults(func=cmd_seed)

    p = sub.add_parser("stats", help="published national figures, the 2017 tables, and their coverage")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--lang", choices=["nl", "en"], default="en", help="language of labels (default en)")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("export", help="export figures with provenance (csv, xlsx, geojson, datapackage)")
    p.add_argument("--format", required=True, choices=exports.FORMATS)
    p.add_argument(
        "--table",
        choices=TABLES,
        default="figures",
        help="the table a csv or xlsx export holds (default figures; the national 2017 tables are aggregates)",
    )
    p.add_argument("--out", required=True, help="output file (datapackage: a .zip file or an empty folder)")
    p.add_argument("--year", type=int, help="reference year (year of the period end)")
    p.add_argument("--province", type=_code(r"PV\d{2}", "province code"), help="province code, e.g. PV27")
    p.add_argument("--municipality", type=_code(r"GM\d{4}", "municipality code"), help="e.g. GM0363")
    p.add_argument("--form", choices=ShelterForm.values(), help="shelter form")
    p.add_argument("--criterion", choices=Criterion.values(), help="admission criterion")
    p.add_argument(
        "--target-group",
        choices=TargetGroupFilter.values(),
        help="target group: women = women only or mixed; women_only = women only (men likewise)",
    )
    p.add_argument("--programme", choices=Programme.values(), help="programme")
    p.add_argument("--metric", choices=Metric.values(), help="measure")
    p.add_argument("--lang", choices=["nl", "en"], default="nl", help="language of sheet names and filter text")
    p.add_argument(
        "--geometry",
        choices=["centroids", "boundaries"],
        default="centroids",
        help="GeoJSON geometry (default centroids)",
    )
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("backup", help="consistent copy of the live SQLite database")
    p.add_argument("path", help="where to write the copy")
    p.set_defaults(func=cmd_backup)

    _add_user_commands(sub)
    _add_audit_command(sub)
    from inventory import cli_import, cli_review  # here, not at the top: they import this module

    cli_import.add_commands(sub)
    cli_review.add_commands(sub)
    return parser


def _add_user_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    municipality = _code(r"GM\d{4}", "municipality code")
    password_note = f"The password is read from {PASSWORD_ENV} or asked at the terminal, never from the command line."
    users = sub.add_parser("user", help="accounts: add, list, disable, enable, reset-password, scope")
    user = users.add_subparsers(dest="user_command", required=True, parser_class=_Parser)

    p = user.add_parser("add", help="add an account (the first administrator too)", description=password_note)
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=Role.values())
    p.add_argument("--organisation", help="key of the account's organisation (required except for viewers)")
    p.add_argument("--email", help="e-mail address, for single sign-on")
    p.add_argument(
        "--municipality", action="append", type=municipality, help="a municipality editor's CBS code; repeat"
    )
    p.add_argument("--no-password", action="store_true", help="no password: single sign-on (by --email) only")
    p.set_defaults(func=cmd_user_add)

    p = user.add_parser("list", help="list the accounts")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.set_defaults(func=cmd_user_list)

    p = user.add_parser("disable", help="disable an account and end its sessions")
    p.add_argument("username")
    p.set_defaults(func=cmd_user_disable)

    p = user.add_parser("enable", help="enable a disabled account again")
    p.add_argument("username")
    p.set_defaults(func=cmd_user_enable)

    p = user.add_parser(
        "reset-password", help="set a new password and end the account's sessions", description=password_note
    )
    p.add_argument("username")
    p.set_defaults(func=cmd_user_reset_password)

    p = user.add_parser("scope", help="show or change a municipality editor's municipalities")
    p.add_argument("username")
    p.add_argument("--add", action="append", type=municipality, help="CBS code to add; repeat")
    p.add_argument("--remove", action="append", type=municipality, help="CBS code to remove; repeat")
    p.set_defaults(func=cmd_user_scope)

    organisations = sub.add_parser("organisation", help="organisations that accounts belong to")
    organisation = organisations.add_subparsers(dest="organisation_command", required=True, parser_class=_Parser)
    p = organisation.add_parser("add", help="add an organisation (its name is what public figures show)")
    p.add_argument("key", help="a lower-case slug, e.g. gemeente-utrecht")
    p.add_argument("--name", required=True)
    p.add_argument("--kind", required=True, choices=OrganisationKind.values())
    p.add_argument("--municipality", type=municipality, help="the municipality it belongs to, if any")
    p.set_defaults(func=cmd_organisation_add)


def _add_audit_command(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="the audit trail: who changed what, when, through which route")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--csv", metavar="PATH", help="write the entries as CSV to PATH")
    p.add_argument("--since", type=_day, help="from this date (YYYY-MM-DD, UTC)")
    p.add_argument("--until", type=_day, help="up to and including this date")
    p.add_argument("--user", help="only this username")
    p.add_argument("--action", choices=AuditAction.values())
    p.add_argument("--route", choices=Route.values())
    p.add_argument("--refused", action="store_true", help="only refused writes")
    p.add_argument("--target", help="only targets containing this text, e.g. figure: or account:ams")
    p.add_argument("--limit", type=int, help="at most this many entries (newest first)")
    p.set_defaults(func=cmd_audit)


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _database_name() -> str:
    url = database_url()
    path = sqlite_path(url)
    return str(path) if path is not None else make_url(url).render_as_string(hide_password=True)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except (CliError, SeedError, writes.WriteError) as error:
        print(f"error: {_first_line(error)}", file=sys.stderr)
        return EXIT_FAILURE
    except (SQLAlchemyError, sqlite3.Error) as error:
        print(f"error: database {_database_name()}: {_first_line(error)}", file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        # The reader went away (`... | head`): nothing to report, and nothing more to flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILURE
    except OSError as error:
        if error.filename:
            print(f"error: {error.filename}: {_os_reason(error, Path(error.filename))}", file=sys.stderr)
        else:
            print(f"error: {_os_reason(error, Path())}", file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # a bug, not a user mistake: still one line, but say which it is
        print(
            f"error: internal error ({type(error).__name__}: {_first_line(error)}); please report it", file=sys.stderr
        )
        return EXIT_FAILURE
    return 0
