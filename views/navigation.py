"""What every page view runs first: page config, language, the links to the pages, then the page."""

from __future__ import annotations

import streamlit as st

from inventory.enums import Role
from inventory.i18n import t
from views._shared import (
    LANG_PARAM,
    PageStopped,
    carried_params,
    empty_stand,
    engine,
    lang,
    signed_in,
    url_notices,
)


def _switch_language() -> None:
    st.query_params[LANG_PARAM] = st.session_state["language"] or "nl"


def main(page_paths: tuple[str, ...]) -> None:
    """`page_paths`: the URL paths of the overview, map, municipality, tables and coverage pages."""
    # A Material page_icon would be fetched from Google fonts as the favicon; the emoji needs no network.
    st.set_page_config(page_title="Opvangmonitor", page_icon="🏠", layout="wide")
    if "language" not in st.session_state:
        st.session_state["language"] = lang()
    links = st.sidebar.container()
    st.sidebar.segmented_control(
        t("language", lang()), ["nl", "en"], key="language", format_func=str.upper, on_change=_switch_language
    )
    if st.query_params.get(LANG_PARAM) != st.session_state["language"]:
        st.query_params[LANG_PARAM] = st.session_state["language"] or "nl"
    language = lang()

    engine()  # the first start creates and seeds the database
    (
        overview_path,
        map_path,
        municipality_path,
        tables_path,
        coverage_path,
        sign_in_path,
        edit_path,
        admin_path,
        figure_path,
    ) = page_paths
    pages = [
        st.Page("views/overview.py", title=t("page_overview", language), icon=":material/insights:", default=True),
        st.Page("views/map.py", title=t("page_map", language), icon=":material/map:", url_path=map_path),
        st.Page(
            "views/municipality.py",
            title=t("page_municipality", language),
            icon=":material/location_city:",
            url_path=municipality_path,
        ),
        st.Page(
            "views/tables.py", title=t("page_tables", language), icon=":material/table_view:", url_path=tables_path
        ),
        st.Page(
            "views/coverage.py",
            title=t("page_coverage", language),
            icon=":material/travel_explore:",
            url_path=coverage_path,
        ),
    ]
    sign_in = st.Page(
        "views/sign_in.py", title=t("page_sign_in", language), icon=":material/login:", url_path=sign_in_path
    )
    edit = st.Page("views/edit.py", title=t("page_edit", language), icon=":material/edit_note:", url_path=edit_path)
    admin = st.Page(
        "views/admin.py", title=t("page_admin", language), icon=":material/fact_check:", url_path=admin_path
    )
    # A figure's permalink page is reached from links on the pages and in citations, not from the menu.
    figure = st.Page("views/figure.py", title=t("page_figure", language), url_path=figure_path, visibility="hidden")
    # The overview is the start page at "/", and its name (/overzicht) opens it too.
    alias = st.Page(
        "views/overview.py", title=t("page_overview", language), url_path=overview_path, visibility="hidden"
    )
    # The page scripts live in views/, not pages/: a pages/ folder beside app.py switches Streamlit's
    # first run after a start into legacy multipage mode, which answers deep links with "Page not found".
    # Our own links replace the built-in menu: they carry the language and filters to the next page.
    page = st.navigation([*pages, sign_in, edit, admin, figure, alias], position="hidden")
    # A stand before the first entry: the page's title and one sentence, not empty tables. The
    # editors' pages are no view of the data, so a stand does not touch them.
    public = {p.url_path for p in [*pages, figure, alias]}
    empty = empty_stand(language) if page.url_path in public else None
    if empty is not None:
        st.title(page.title)
        st.info(empty, icon=":material/history:")
    url_notices()
    try:
        if empty is None:
            page.run()
    except PageStopped:
        pass
    finally:
        # Drawn after the page ran, so the links carry the filters this run wrote to the URL.
        with links:
            for target in pages:
                st.page_link(target, query_params=carried_params())
            # Editors' pages come last and carry only the language: they are no view of the data.
            scope = signed_in()
            account_pages = [edit, admin, sign_in] if scope and scope.role is Role.ADMIN else [edit, sign_in]
            for target in account_pages if scope else [sign_in]:
                # Signed in, the sign-in page is where one signs out: its link says whose account it is.
                label = t("page_account", lang(), user=scope.username) if scope and target is sign_in else None
                st.page_link(target, label=label, query_params={LANG_PARAM: lang()})
