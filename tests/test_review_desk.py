"""The review desk without a browser: the queue (what each pending figure would replace, which
are superseded), decisions by key with the status the admin saw, two admins at once (threads and
processes, SQLite and PostgreSQL), the `review` CLI, and the page's stale selections (AppTest)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from inventory import review_queue, writes
from inventory.accounts import find_account
from inventory.database import session_scope
from inventory.enums import ReviewStatus
from inventory.models import FigureReview
from inventory.writes import FigureInput as F
from tests.conftest import REPO
from tests.test_cli_accounts import one_line_error, run
from tests.test_writes import save
from tests.world import TODAY, World, build_world

AMSTERDAM = writes.Subject.municipality("GM0363")
LAST_MONTH = TODAY - dt.timedelta(days=30)


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


def enter(world: World, value: int, day: dt.date = TODAY, subject: writes.Subject = AMSTERDAM) -> str:
    key = save(world, "ams", subject, F("waiting_list", value), reference_date=day).figure_keys[0]
    world.clock.advance(minutes=5)
    return key


def queue(world: World) -> list[review_queue.Entry]:
    with session_scope(world.engine) as session:
        return review_queue.pending(session)


def statuses(world: World) -> dict[str, str | None]:
    with world.engine.connect() as conn:
        return dict(conn.execute(text("SELECT key, review_status FROM figures")).all())  # type: ignore[arg-type]


def test_the_queue_says_what_each_figure_replaces_and_which_is_superseded(world: World) -> None:
    old = enter(world, 30, LAST_MONTH)
    writes.verify_figure(world.engine, world.actor("admin"), old, clock=world.clock)
    first = enter(world, 42)
    corrected = enter(world, 44)  # the same day: a correction of 42
    entries = {e.key: e for e in queue(world)}
    assert list(entries) == [corrected, first]  # newest entry first; the verified 30 is decided
    assert entries[corrected].decidable and not entries[first].decidable
    assert entries[first].superseded_by == corrected
    nl = review_queue.display(list(entries.values()), "nl")
    en = review_queue.display(list(entries.values()), "en")
    assert list(nl["Vervangt (nu vastgesteld)"]) == [
        "corrigeert 42 · 2 mrt 2026 · Nog niet beoordeeld",
        f"30 · {LAST_MONTH.day} jan 2026 · Geverifieerd",
    ]
    assert list(en["To decide"]) == ["yes", "no: corrected to 44"]
    assert list(nl["Te beslissen"]) == ["ja", "nee: gecorrigeerd tot 44"]
    for frame in (nl, en):
        cells = frame.astype(str).to_numpy().ravel().tolist()
        assert not {"None", "nan", "waiting_list", "counted", "pending"} & set(cells), cells
    assert list(nl["Maat"]) == ["Wachtlijst (personen)"] * 2 and list(en["Measure"]) == ["Waiting list (persons)"] * 2
    # The superseded 42 cannot be verified (nor rejected) on its own: one figure to decide, not two.
    for attempt in (
        lambda: writes.verify_figure(world.engine, world.actor("admin"), first, clock=world.clock),
        lambda: writes.reject_figure(world.engine, world.actor("admin"), first, "Typo.", clock=world.clock),
    ):
        with pytest.raises(writes.InvalidInput, match=f"corrected by a newer entry .*{corrected}"):
            attempt()
    writes.verify_figure(world.engine, world.actor("admin"), corrected, clock=world.clock)
    assert queue(world) == []  # the corrected 42 leaves the queue with the entry that corrected it
    assert statuses(world)[corrected] == "verified" and statuses(world)[first] == "pending"


def test_without_an_earlier_figure_and_with_a_newer_one(world: World) -> None:
    newer = enter(world, 12)
    older = enter(world, 9, LAST_MONTH)
    entries = {e.key: e for e in queue(world)}
    assert review_queue.replaces_text(entries[newer], "nl") == "geen eerder cijfer"
    writes.verify_figure(world.engine, world.actor("admin"), newer, clock=world.clock)
    (entry,) = queue(world)
    assert entry.key == older
    assert review_queue.replaces_text(entry, "en") == "12 · 2 Mar 2026 · Verified (is newer)"
    (record,) = review_queue.records([entry])
    assert record["replaces"] == {
        "key": newer, "qualifier": "exact", "value": 12, "value_low": None, "value_high": None,
        "reference_date": "2026-03-02", "status": "self_reported", "review_status": "verified",
        "corrected_by_this": False,
    }  # fmt: skip
    assert record["value"] == 9 and record["decidable"] is True and json.dumps(record)


def test_a_decision_on_a_figure_someone_decided_meanwhile_is_refused_with_who(world: World) -> None:
    key = enter(world, 50)
    writes.verify_figure(world.engine, world.actor("admin"), key, clock=world.clock)
    before = world.snapshot()
    with pytest.raises(writes.AlreadyReviewed) as refused:
        writes.reject_figure(world.engine, world.actor("admin"), key, "Too high.", clock=world.clock)
    assert refused.value.text("nl").startswith(
        "Wachtlijst (personen) 50 · 2 mrt 2026 is al beoordeeld door Stichting LOS: geverifieerd op 2 mrt 2026 10:05"
    )
    assert "already reviewed by Stichting LOS: verified on 2 Mar 2026" in str(refused.value)
    assert world.snapshot() == before
    # Who saw it verified may still reject it, on purpose.
    writes.reject_figure(world.engine, world.actor("admin"), key, "Too high.", seen_status="verified")
    assert statuses(world)[key] == "rejected"
    with pytest.raises(writes.NotFound, match="no figure 'nope'"):
        writes.verify_figure(world.engine, world.actor("admin"), "nope", clock=world.clock)


def test_two_admins_deciding_the_same_figure_at_once_store_one_decision(world: World) -> None:
    """Threads on one engine: SQLite (WAL, busy retry) or PostgreSQL (row lock, READ COMMITTED)."""
    writes.add_account(world.engine, writes.Actor.command_line(), "admin2", "admin", organisation_key="inlia")
    with session_scope(world.engine) as session:
        admins = [world.accounts["admin"], accounts_id(session, "admin2")]
    keys = [enter(world, 40 + n, TODAY - dt.timedelta(days=n)) for n in range(3)]
    outcomes: list[tuple[str, str]] = []
    lock = threading.Lock()
    for key in keys:
        barrier = threading.Barrier(2)

        def decide(account: int, reject: bool, key: str = key, barrier: threading.Barrier = barrier) -> None:
            barrier.wait(timeout=30)
            try:
                if reject:
                    writes.reject_figure(world.engine, writes.Actor(account), key, "Not plausible.")
                else:
                    writes.verify_figure(world.engine, writes.Actor(account), key)
                outcome = ("stored", key)
            except writes.AlreadyReviewed as error:
                outcome = ("refused", error.organisation)
            except Exception as error:  # counted, so the assertion shows it
                outcome = ("crashed", f"{type(error).__name__}: {error}")
            with lock:
                outcomes.append(outcome)

        threads = [threading.Thread(target=decide, args=(a, n == 1)) for n, a in enumerate(admins)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    counts = Counter(kind for kind, _ in outcomes)
    assert counts == {"stored": 3, "refused": 3}, outcomes
    assert {who for kind, who in outcomes if kind == "refused"} <= {"Stichting LOS", "Stichting INLIA"}
    with session_scope(world.engine) as session:
        reviews = Counter(session.scalars(select(FigureReview.figure_id)))
    assert sorted(reviews.values()) == [1, 1, 1]  # exactly one decision per figure
    with world.engine.connect() as conn:
        logged = conn.execute(
            text("SELECT count(*) FROM audit_log WHERE action IN ('figure_verified', 'figure_rejected')")
        ).scalar()
    assert logged == 3


def accounts_id(session: Session, username: str) -> int:
    account = find_account(session, username)
    assert account is not None
    return account.id


WORKER = """
import sys, time
sys.path.insert(0, {repo!r})
from inventory import writes
from inventory.database import make_engine
engine = make_engine({url!r})
time.sleep(max(0.0, {start} - time.time()))
out = []
for key in {keys!r}:
    try:
        writes.{call}
        out.append("stored")
    except writes.AlreadyReviewed as error:
        out.append("refused:" + error.organisation)
print(",".join(out))
"""


def test_two_processes_deciding_the_same_figures_store_one_decision_each(world: World) -> None:
    """Two processes (two app instances) on one database, deciding the same ten figures."""
    writes.add_account(world.engine, writes.Actor.command_line(), "admin2", "admin", organisation_key="inlia")
    with session_scope(world.engine) as session:
        other = accounts_id(session, "admin2")
    keys = [enter(world, n, TODAY - dt.timedelta(days=n)) for n in range(10)]
    url = world.engine.url.render_as_string(hide_password=False)
    start = time.time() + 3
    calls = [
        f"verify_figure(engine, writes.Actor({world.accounts['admin']}), key)",
        f"reject_figure(engine, writes.Actor({other}), key, 'Not plausible.')",
    ]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER.format(repo=str(REPO), url=url, start=start, keys=keys, call=call)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for call in calls
    ]
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(out.strip().split(","))
    for verified, rejected in zip(*results, strict=True):
        assert sorted([verified.split(":")[0], rejected.split(":")[0]]) == ["refused", "stored"], results
    with session_scope(world.engine) as session:
        reviews = Counter(session.scalars(select(FigureReview.figure_id)))
    assert len(reviews) == 10 and set(reviews.values()) == {1}
    stored = statuses(world)
    assert all(stored[key] in ("verified", "rejected") for key in keys)


# --- the command line ---------------------------------------------------------------------------


def test_the_review_commands_decide_by_key_through_the_write_functions(world: World, db_url: str) -> None:
    older = enter(world, 50, LAST_MONTH)
    newer = enter(world, 44)
    listed = run(["review", "list", "--json"], db_url)
    assert listed.returncode == 0, listed.stderr
    assert [r["key"] for r in json.loads(listed.stdout)] == [newer, older]
    lines = run(["review", "list", "--lang", "nl"], db_url).stdout.splitlines()
    assert lines[0].startswith(f"{newer}  Amsterdam — gemeentetotaal · Wachtlijst (personen) 44 · 2 mrt 2026 · ")
    done = run(["review", "verify", older, "--as", "admin"], db_url)
    assert done.returncode == 0 and done.stdout.strip() == f"figure {older} verified", done.stderr
    one_line_error(run(["review", "reject", newer, "--as", "admin"], db_url), "--reason")
    one_line_error(run(["review", "reject", newer, "--reason", " ", "--as", "admin"], db_url), "reason")
    assert run(["review", "reject", newer, "--reason", "Counted twice.", "--as", "admin"], db_url).returncode == 0
    assert statuses(world)[older] == "verified" and statuses(world)[newer] == "rejected"
    one_line_error(run(["review", "verify", newer, "--as", "admin"], db_url), "already reviewed by Stichting LOS")
    one_line_error(run(["review", "verify", "no-such-key", "--as", "admin"], db_url), "no figure 'no-such-key'")
    one_line_error(run(["review", "verify", newer, "--as", "ams"], db_url), "only an administrator")
    one_line_error(run(["review", "verify", newer, "--as", "nobody"], db_url), "no account 'nobody'")
    one_line_error(run(["review", "verify", newer], db_url), "--as")
    assert run(["review", "list"], db_url).stdout.strip() == "No figures are waiting for review."
    with world.engine.connect() as conn:
        logged = conn.execute(
            text("SELECT action, route, refused FROM audit_log WHERE action LIKE 'figure_%ed' ORDER BY id")
        ).all()
    assert [tuple(row) for row in logged if row[0] != "figure_saved"] == [
        ("figure_verified", "cli", False),
        ("figure_rejected", "cli", False),
        ("figure_verified", "cli", True),  # the editor's attempt
    ]


def test_review_status_is_stored_by_key_not_position(world: World) -> None:
    """The write takes the key: whatever the order of the queue, the named figure is decided."""
    a, b = enter(world, 50, LAST_MONTH), enter(world, 44)
    writes.reject_figure(world.engine, world.actor("admin"), b, "Double count.", seen_status=ReviewStatus.PENDING)
    assert statuses(world) == {a: "pending", b: "rejected"}
