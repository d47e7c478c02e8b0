"""Many writers at once on one database: every save is stored or refused with a clear
message; none is lost and none crashes with "database is locked" (SQLite: WAL, busy timeout
and retry; PostgreSQL: the data-version row lock and the per-subject version check)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from inventory import accounts, transactions, writes
from inventory.database import session_scope
from inventory.dataversion import data_version
from tests.conftest import REPO
from tests.world import TODAY, World, build_world

THREADS = 20
ROUNDS = 5
PROCESSES = 4
SAVES_PER_PROCESS = 25


@pytest.fixture
def world(engine: Engine) -> World:
    return build_world(engine)


@dataclass
class Tally:
    tried: int = 0
    stored: dict[str, int] = field(default_factory=dict)  # figure key -> value sent
    refused: list[str] = field(default_factory=list)
    crashed: list[str] = field(default_factory=list)
    lock = threading.Lock()


def _stored_values(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return dict(conn.execute(text("SELECT key, value FROM figures")).all())  # type: ignore[arg-type]


def _check_none_lost(world: World, tally: Tally, start_version: int, label: str) -> None:
    lost = tally.tried - len(tally.stored) - len(tally.refused) - len(tally.crashed)
    busy = sum("busy" in message for message in tally.refused)
    print(
        f"\n{label}: {tally.tried} saves tried, {len(tally.stored)} stored, {len(tally.refused)} refused "
        f"({busy} as busy), {lost} lost, {len(tally.crashed)} crashed"
    )
    assert tally.crashed == [] and lost == 0
    # Every save reported as stored is in the database with the value sent, and nothing else is.
    assert _stored_values(world.engine) == tally.stored
    with world.engine.connect() as conn:
        saved = conn.execute(text("SELECT count(*) FROM audit_log WHERE action = 'figure_saved'")).scalar()
        versions = conn.execute(text("SELECT sum(edit_version) FROM facilities")).scalar()
    assert saved == versions == len(tally.stored)
    with session_scope(world.engine) as session:
        assert data_version(session) == start_version + len(tally.stored)
    assert all("was saved by someone else" in m or "busy" in m for m in tally.refused), Counter(tally.refused)


def test_twenty_threads_saving_at_once(world: World) -> None:
    """Each round, every thread reads the version and then all save at the same moment: per
    facility exactly one save wins and the others are refused as outdated."""
    subjects = {"ams": world.facility("ams-night"), "rdam": world.facility("rdam-inlia")}
    barrier = threading.Barrier(THREADS)
    tally = Tally()
    with session_scope(world.engine) as session:
        start_version = data_version(session)

    def worker(n: int) -> None:
        who = "ams" if n % 2 == 0 else "rdam"
        subject = subjects[who]
        for round_ in range(ROUNDS):
            with session_scope(world.engine) as session:
                seen = writes.subject_state(session, subject).version
            barrier.wait(timeout=60)
            value = n * 100 + round_
            try:
                result = writes.save_figures(
                    world.engine,
                    world.actor(who),
                    subject,
                    [writes.FigureInput("places", value)],
                    reference_date=TODAY,
                    how_obtained="counted",
                    note=f"thread {n}",
                    seen_version=seen,
                    clock=world.clock,
                )
                outcome = ("stored", result.figure_keys[0], value)
            except (writes.Conflict, writes.Busy) as refused:
                outcome = ("refused", str(refused), value)
            except Exception as error:
                outcome = ("crashed", f"{type(error).__name__}: {error}", value)
            with tally.lock:
                tally.tried += 1
                if outcome[0] == "stored":
                    tally.stored[outcome[1]] = value
                elif outcome[0] == "refused":
                    tally.refused.append(outcome[1])
                else:
                    tally.crashed.append(outcome[1])
            barrier.wait(timeout=60)  # the round is over for everyone before the next read

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads)
    _check_none_lost(world, tally, start_version, "threads")
    assert tally.tried == THREADS * ROUNDS
    assert len(tally.stored) == ROUNDS * len(subjects)  # one winner per facility and round


def test_four_processes_saving_at_once(world: World) -> None:
    """Separate processes (as several app instances or CLI imports would be) on one database."""
    facility = world.facilities["ams-night"]
    with session_scope(world.engine) as session:
        start_version = data_version(session)
    url = world.engine.url.render_as_string(hide_password=False)
    start_at = time.time() + 3  # after every interpreter has started
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "tests/concurrency_worker.py",
                url,
                str(world.accounts["ams"]),
                str(facility),
                str(SAVES_PER_PROCESS),
                str(start_at),
                str(n + 1),
            ],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    tally = Tally()
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        result = json.loads(out)
        tally.tried += result["tried"]
        tally.stored.update({key: value for key, value in result["stored"]})
        tally.refused += result["messages"]
        tally.crashed += result["crashed"]
    _check_none_lost(world, tally, start_version, "processes")
    assert tally.tried == PROCESSES * SAVES_PER_PROCESS and tally.stored


def test_parallel_wrong_passwords_cannot_pass_the_limit(world: World) -> None:
    writes.reset_password(world.engine, writes.Actor.command_line(), "ams", "correct horse battery staple")
    barrier = threading.Barrier(10)
    outcomes: list[str] = []

    def guess() -> None:
        barrier.wait(timeout=60)
        try:
            accounts.authenticate(world.engine, "ams", "a wrong guess!!", clock=world.clock)
            outcomes.append("signed in")
        except accounts.LockedOut:
            outcomes.append("locked")
        except accounts.SignInFailed:
            outcomes.append("failed")

    threads = [threading.Thread(target=guess) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    counts = Counter(outcomes)
    # Only the first five attempts had their password checked (the fifth locks the name).
    assert counts["failed"] == 4 and counts["locked"] == 6, counts
    with pytest.raises(accounts.LockedOut):
        accounts.authenticate(world.engine, "ams", "correct horse battery staple", clock=world.clock)


def test_a_locked_database_is_tried_again_and_then_reported_as_busy(engine: Engine) -> None:
    calls: list[int] = []

    def work(session: Session) -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("UPDATE data_version", {}, sqlite3.OperationalError("database is locked"))
        return "written"

    assert transactions.run(engine, work) == "written" and len(calls) == 3
    calls.clear()
    with pytest.raises(transactions.DatabaseBusy, match="nothing was written"):
        transactions.run(engine, work, attempts=2)
    assert len(calls) == 2
