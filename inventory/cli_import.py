"""`python -m inventory template` and `python -m inventory import`: the bulk import from the
command line, with the same template, checks and report as the editors' page."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from inventory import accounts, bulk_import, cli, writes
from inventory.database import session_scope
from inventory.enums import Role, Route


def account_scope(username: str) -> accounts.Scope:
    with session_scope(cli._engine_for_existing()) as session:
        account = accounts.find_account(session, username)
        if account is None:
            raise cli.CliError(f"no account '{username}'; see `python -m inventory user list`")
        return accounts.scope_of(account)


# Without --as: every municipality and open offer, as an administrator's template lists them
# (a template only reads, and what it shows is public).
_EVERYTHING = accounts.Scope(0, "all", Role.ADMIN, None, None, frozenset(), False)


def cmd_template(args: argparse.Namespace) -> None:
    scope = account_scope(args.as_user) if args.as_user else _EVERYTHING
    if not scope.can_edit:
        raise cli.CliError(f"account '{scope.username}' may not change data, so it has no template")
    data = bulk_import.template(cli._engine_for_existing(), scope, args.format, args.lang)
    if args.out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(args.out)
    path.write_bytes(data)
    print(f"template for {scope.username} written to {path} ({args.format}, {len(data):,} bytes)")


def cmd_import(args: argparse.Namespace) -> None:
    path = Path(args.file)
    if path.is_file() and path.stat().st_size > bulk_import.MAX_BYTES:  # not read at all
        raise cli.CliError(
            bulk_import.FileProblem("import_too_big", size=_mb(path), **bulk_import.limits()).text(args.lang)
        )
    data = path.read_bytes()
    engine = cli._engine_for_existing()
    scope = account_scope(args.as_user)
    actor = writes.Actor(scope.account_id, Route.IMPORT)
    outcome = bulk_import.run_import(engine, actor, data, dry_run=args.dry_run, lang=args.lang, source=path.name)
    if not outcome.ok and outcome.problems[0][0] is None and len(outcome.problems) == 1:
        raise cli.CliError(outcome.problems[0][2])  # the file as a whole: one line says it
    if not outcome.ok:
        for line, column, problem in outcome.lines(args.lang):
            where = ", ".join(p for p in (f"line {line}" if line else "", column) if p)
            print(f"error: {where}: {problem}" if where else f"error: {problem}", file=sys.stderr)
        raise cli.CliError(outcome.summary(args.lang))
    for figure in outcome.result.figures if outcome.result else ():
        print(
            f"line {figure.line}: {figure.subject}, {figure.metric.label(args.lang).lower()} "
            f"{figure.value.format(args.lang)} on {figure.reference_date.isoformat()}"
        )
    print(outcome.summary(args.lang))


def _mb(path: Path) -> str:
    return f"{path.stat().st_size / 1024 / 1024:.1f}"


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    limits = f"Limits: {bulk_import.MAX_BYTES // (1024 * 1024)} MB and {bulk_import.MAX_ROWS:,} rows."
    p = sub.add_parser(
        "template",
        help="the import template (CSV or XLSX) of an account's municipalities and offers",
        description=f"One row per municipality or offer the account may edit × measure. {limits}",
    )
    p.add_argument("--as", dest="as_user", metavar="USERNAME", help="the account (default: every municipality)")
    p.add_argument("--format", choices=bulk_import.FORMATS, default="csv")
    p.add_argument("-o", "--out", metavar="FILE", help="where to write it (default: standard output)")
    p.add_argument(
        "--lang", choices=["nl", "en"], default="nl", help="language of the headers and the explanation (default nl)"
    )
    p.set_defaults(func=cmd_template)

    p = sub.add_parser(
        "import",
        help="import a filled-in template: every row stored, or none",
        description=f"Checks every row as the editors' page does; any problem stores nothing. {limits}",
    )
    p.add_argument("file", metavar="FILE", help="the filled-in template (CSV or XLSX)")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", required=True, help="the account that imports")
    p.add_argument("--dry-run", action="store_true", help="check and report, store nothing")
    p.add_argument("--lang", choices=["nl", "en"], default="en", help="language of the report")
    p.set_defaults(func=cmd_import)
