"""The import panel under Mijn cijfers through AppTest on a real seeded database: the template
buttons, an upload that shows the dry run and only then the import, a bad file refused."""

from __future__ import annotations

import csv
import datetime as dt
import io

from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from inventory import bulk_import
from inventory.accounts import find_account, scope_of
from inventory.database import session_scope
from inventory.i18n import t
from inventory.models import Figure
from tests.test_app_editing import PASSWORD, submit_sign_in
from tests.test_app_editing import db as db  # the module's seeded database with accounts
from tests.test_app_pages import _fresh_caches, assert_ok  # noqa: F401 - autouse fixture
from tests.test_app_pages import app_env as app_env
from tests.test_bulk_import import csv_template_rows


def filled_template(db: Engine, places: str) -> bytes:
    with session_scope(db) as session:
        account = find_account(session, "ams")
        assert account is not None
        scope = scope_of(account)
    text = bulk_import.template(db, scope, "csv", "en").decode("utf-8-sig")
    rows = csv_template_rows(text)
    row = next(r for r in rows if r["metric"] == "places" and not r["facility_key"])
    day = (dt.date.today() - dt.timedelta(days=1)).isoformat()
    row.update(value=places, reference_date=day, how_obtained="counted", note="Beds counted.")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(bulk_import.COLUMNS), delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def edit_page(lang: str) -> AppTest:
    at = submit_sign_in("ams", PASSWORD, lang)
    at.switch_page("views/edit.py").run()
    assert_ok(at)
    return at


def figure_count(db: Engine) -> int:
    with session_scope(db) as session:
        return session.scalar(select(func.count()).select_from(Figure)) or 0


def test_upload_shows_the_dry_run_and_then_imports(db: Engine) -> None:
    at = edit_page("en")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [t("import_download_csv", "en"), t("import_download_xlsx", "en")]
    assert "import_commit" not in [b.key for b in at.button]  # nothing to import before a clean dry run
    before = figure_count(db)
    at.file_uploader(key="import_file_0").set_value(("filled.csv", filled_template(db, "321"), "text/csv")).run()
    assert_ok(at)
    assert at.info and at.info[-1].value.startswith(
        "Dry run without problems: 1 figure to import, for 1 municipality or offer;"
    ), [e.value for e in at.error]
    planned = at.dataframe[-1].value
    assert list(planned["New value"]) == ["321"] and figure_count(db) == before
    at.button(key="import_commit").click().run()
    assert_ok(at)
    assert at.success and at.success[-1].value.startswith("Imported: 1 new figure for 1 municipality or offer,"), [
        e.value for e in at.error
    ]
    assert figure_count(db) == before + 1
    assert "import_commit" not in [b.key for b in at.button]  # the uploader was emptied
    # The table above is made anew: it shows the imported figure, from the subject's new version.
    assert at.selectbox(key="edit_subject").value == "municipality:GM0363"
    shown = at.data_editor[0].value.set_index("metric")
    assert shown.loc["places", "current"] == "321"


def test_a_bad_file_is_refused_in_dutch_with_no_import_button(db: Engine) -> None:
    at = edit_page("nl")
    before = figure_count(db)
    at.file_uploader(key="import_file_0").set_value(
        ("oud.csv", "gemeente;opmerking\nGM0363;Caf\xe9".encode("latin-1"), "text/csv")
    )
    at.run()
    assert_ok(at)
    assert [e.value for e in at.error] == [t("import_encoding", "nl", line=2)]
    assert "import_commit" not in [b.key for b in at.button] and figure_count(db) == before


def test_a_bad_row_is_reported_by_line_and_column(db: Engine) -> None:
    at = edit_page("nl")
    data = filled_template(db, "12,5")
    at.file_uploader(key="import_file_0").set_value(("rij.csv", data, "text/csv")).run()
    assert_ok(at)
    report = at.dataframe[-1].value
    assert list(report.columns) == ["Regel", "Kolom", "Probleem"]
    assert list(report["Kolom"]) == ["Waarde"] and "heel getal" in report["Probleem"][0]
    assert "import_commit" not in [b.key for b in at.button]
