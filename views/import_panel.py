"""The bulk import panel of the editors' page: template download, upload, the dry-run report and,
only when that is clean, the import. The logic lives in inventory.bulk_import."""

from __future__ import annotations

import streamlit as st

from inventory import bulk_import, writes
from inventory.accounts import Scope
from inventory.enums import Route
from inventory.i18n import t
from views._shared import engine

_MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def draw(scope: Scope, language: str) -> None:
    """Template download, upload, dry-run report and commit for `scope`'s municipalities or offers."""
    st.subheader(t("import_title", language))
    st.caption(t("import_intro", language, **bulk_import.limits()))
    for column, fmt in zip(st.columns(len(bulk_import.FORMATS)), bulk_import.FORMATS, strict=True):
        column.download_button(
            t(f"import_download_{fmt}", language),
            # Made when clicked, not on every run of the page.
            data=lambda fmt=fmt: bulk_import.template(engine(), scope, fmt, language),
            file_name=bulk_import.template_name(scope, fmt),
            mime=_MIME[fmt],
            key=f"import_template_{fmt}",
            on_click="ignore",
        )
    # A new key empties the uploader after an import, so the same file is not offered again.
    round_ = st.session_state.setdefault("import_round", 0)
    upload = st.file_uploader(
        t("import_upload", language),
        type=list(bulk_import.FORMATS),
        key=f"import_file_{round_}",
        # The browser then states and keeps the reader's limit, not Streamlit's 200 MB.
        max_upload_size=bulk_import.MAX_BYTES // (1024 * 1024),
    )
    done = st.session_state.pop("import_done", None)
    if done:
        st.success(done)
    if upload is None:
        return
    actor = writes.Actor(scope.account_id, Route.IMPORT)
    # One dry run per uploaded file and language, not one per rerun: each takes the write lock.
    checked_key = (upload.file_id, language)
    if st.session_state.get("import_checked_key") != checked_key:
        st.session_state["import_checked"] = bulk_import.run_import(
            engine(), actor, upload.getvalue(), dry_run=True, lang=language, source=upload.name
        )
        st.session_state["import_checked_key"] = checked_key
    outcome: bulk_import.Outcome = st.session_state["import_checked"]
    _show(outcome, language)
    if outcome.ok and st.button(t("import_commit", language), type="primary", key="import_commit"):
        result = bulk_import.run_import(
            engine(), actor, upload.getvalue(), dry_run=False, lang=language, source=upload.name
        )
        if result.ok:
            st.session_state["import_done"] = result.summary(language)
            st.session_state["import_round"] = round_ + 1
            # The table above was made before this import: made anew from the database, it shows the
            # imported figures and its next save is not refused as someone else's change.
            for key in [k for k in st.session_state if str(k).startswith("edit_seen_")]:
                del st.session_state[key]
            st.rerun()
        _show(result, language)


def _show(outcome: bulk_import.Outcome, language: str) -> None:
    if outcome.ok:
        st.info(outcome.summary(language))
        st.dataframe(outcome.planned(language), hide_index=True)
        return
    if all(line is None and not column for line, column, _ in outcome.problems):  # the file as a whole
        for _, _, problem in outcome.problems:
            st.error(problem)
        return
    st.error(outcome.summary(language))
    st.dataframe(outcome.report(language), hide_index=True)
