"""`python -m inventory review`: the administrators' review desk on the command line, with the
same queue (inventory/review_queue.py), write functions and audit entries as the Beheer page."""

from __future__ import annotations

import argparse
import json

from inventory import cli, review_queue, writes
from inventory.cli_import import account_scope
from inventory.database import session_scope
from inventory.enums import Route
from inventory.i18n import t


def _admin(username: str) -> writes.Actor:
    """The account that decides; the write function checks that it is an administrator's (and
    logs a refusal), as it does for the page."""
    return writes.Actor(account_scope(username).account_id, Route.CLI)


def cmd_list(args: argparse.Namespace) -> None:
    with session_scope(cli._engine_for_existing()) as session:
        queue = review_queue.pending(session)
    if args.json:
        print(json.dumps(review_queue.records(queue), ensure_ascii=False, indent=2))
        return
    lang = args.lang
    if not queue:
        print(t("review_none", lang))
    for entry in queue:
        state = "" if entry.decidable else f" · {review_queue.state_text(entry, lang)} ({entry.superseded_by})"
        print(
            f"{entry.key}  {entry.subject(lang)} · {entry.label(lang)} · "
            f"{t('review_col_replaces', lang)}: {review_queue.replaces_text(entry, lang)} · {entry.entered_by}{state}"
        )


def cmd_verify(args: argparse.Namespace) -> None:
    writes.verify_figure(cli._engine_for_existing(), _admin(args.as_user), args.key)
    print(f"figure {args.key} verified")


def cmd_reject(args: argparse.Namespace) -> None:
    writes.reject_figure(cli._engine_for_existing(), _admin(args.as_user), args.key, args.reason)
    print(f"figure {args.key} rejected; the reason is published with it")


def add_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    review = sub.add_parser(
        "review",
        help="the review queue of self-reported figures: list, verify, reject",
        description="Decisions name the figure by its key (see `review list`) and need an administrator's "
        "account (--as); they are logged in the audit trail with route cli.",
    )
    commands = review.add_subparsers(dest="review_command", required=True, parser_class=cli._Parser)

    p = commands.add_parser("list", help="the figures waiting for review, newest entry first")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    p.add_argument("--lang", choices=["nl", "en"], default="en", help="language of the text lines (default en)")
    p.set_defaults(func=cmd_list)

    p = commands.add_parser("verify", help="mark a pending figure as verified")
    p.add_argument("key", metavar="KEY", help="the figure's key")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", required=True, help="the administrator's account")
    p.set_defaults(func=cmd_verify)

    p = commands.add_parser("reject", help="reject a pending figure with a reason, which is published")
    p.add_argument("key", metavar="KEY", help="the figure's key")
    p.add_argument("--reason", required=True, help="why (published with the figure)")
    p.add_argument("--as", dest="as_user", metavar="USERNAME", required=True, help="the administrator's account")
    p.set_defaults(func=cmd_reject)
