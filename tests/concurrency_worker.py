"""One process of the concurrency test: saves figures as fast as it can, then prints a tally.

Run as `python tests/concurrency_worker.py URL ACCOUNT_ID FACILITY_ID SAVES START_AT TAG`."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from inventory import writes
from inventory.clock import local_today, utc_now
from inventory.database import make_engine, session_scope


def main() -> None:
    url, account_id, facility_id, saves, start_at, tag = sys.argv[1:7]
    engine = make_engine(url)
    subject = writes.Subject.facility(int(facility_id))
    actor = writes.Actor(int(account_id))
    tally: dict[str, object] = {"tried": 0, "stored": [], "refused": 0, "messages": [], "crashed": []}
    time.sleep(max(0.0, float(start_at) - time.time()))  # every process starts at the same moment
    for i in range(int(saves)):
        value = int(tag) * 1000 + i
        tally["tried"] += 1  # type: ignore[operator]
        try:
            with session_scope(engine) as session:
                seen = writes.subject_state(session, subject).version
            result = writes.save_figures(
                engine,
                actor,
                subject,
                [writes.FigureInput("places", value)],
                reference_date=local_today(utc_now),
                how_obtained="counted",
                note=f"process {tag} save {i}",
                seen_version=seen,
            )
            tally["stored"].append([result.figure_keys[0], value])  # type: ignore[union-attr]
        except (writes.Conflict, writes.Busy) as refused:
            tally["refused"] += 1  # type: ignore[operator]
            tally["messages"].append(str(refused)[:80])  # type: ignore[union-attr]
        except Exception as error:  # counted, so the test can show what crashed
            tally["crashed"].append(f"{type(error).__name__}: {error}"[:300])  # type: ignore[union-attr]
    engine.dispose()
    print(json.dumps(tally))


if __name__ == "__main__":
    main()
