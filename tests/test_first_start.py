"""Several instances starting at once on one empty database: exactly one seeds, none fails, and
the data is there once (not twice). Real processes, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
import subprocess
import sys

from sqlalchemy import func, select

from inventory.database import make_engine, session_scope
from inventory.models import Figure, Municipality
from tests.conftest import REPO

WORKER = """
import json, sys
from inventory.bootstrap import ensure_ready
from inventory.database import make_engine
sys.stdin.readline()  # start together
print(json.dumps(ensure_ready(make_engine(sys.argv[1]))))
"""


def test_four_instances_start_at_once_and_one_seeds(db_url: str) -> None:
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    for worker in workers:
        assert worker.stdin is not None
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=300)
        assert worker.returncode == 0, err[-3000:]
        results.append(json.loads(out.strip().splitlines()[-1]))
    assert sorted(results) == [False, False, False, True]
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            municipalities = session.scalar(select(func.count()).select_from(Municipality))
            figures = session.scalar(select(func.count()).select_from(Figure))
            keys = session.scalar(select(func.count(func.distinct(Figure.key))))
        assert municipalities == 342
        assert figures and figures == keys
    finally:
        engine.dispose()
