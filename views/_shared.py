"""What every page shares: language, the cached engine and queries, filters kept in the URL.

Streamlit-only glue; the domain work happens in `inventory/` and `geo/`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, NoReturn
from urllib.parse import urlencode

import geopandas as gpd
import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from geo import analysis
from geo.boundaries import load_municipality_boundaries, province_outlines, simplify_for_web
from geo.centroids import load_centroids
from inventory import accounts, citation, figure_history, queries, snapshot, stats
from inventory.accounts import Scope, SingleSignOn
from inventory.applicability import BROWSABLE_TABLES
from inventory.bootstrap import ensure_ready
from inventory.clock import today_in_amsterdam
from inventory.database import database_url, make_engine, session_scope
from inventory.dataversion import data_version
from inventory.enums import Criterion, Programme, ShelterForm, TargetGroupFilter
from inventory.filters import PARAMS, Filters, unknown_values
from inventory.i18n import column_label, t
from inventory.mapdata import MEASURES
from inventory.opendata import page_data_links
from inventory.presentation import empty_stand_sentence, format_day, md_escape, source_notes
from inventory.sessions import SESSION_COOKIE, resume_session
from views.paths import PAGE_PATHS

LANG_PARAM = "taal"


class PageStopped(Exception):
    """A page has shown all it can (see `stop_page`)."""


def stop_page() -> NoReturn:
    """End the page here, like st.stop(), but let the navigation still draw the page links:
    after st.stop() Streamlit draws nothing more in that run, so the menu would vanish."""
    raise PageStopped


CACHE_TTL_S = 600


def lang() -> str:
    """The UI language: the `taal` query parameter, Dutch by default."""
    return "en" if st.query_params.get(LANG_PARAM) == "en" else "nl"


@st.cache_resource(show_spinner=False)
def _engine(url: str) -> Engine:
    engine = make_engine(url)
    ensure_ready(engine)
    return engine


def engine() -> Engine:
    return _engine(database_url())


def run_query(name: str, *args: Any) -> Any:
    """Cached call of `queries.<name>`, `stats.<name>` or `analysis.<name>`.

    The cache is keyed on the data version read from the database, so a write on any app
    instance sharing the database shows on every page at once, not only after the TTL."""
    return _cached(database_url(), current_data_version(), name, args)


def current_data_version() -> int:
    """The data version: one indexed single-row read, cheap next to any query it guards."""
    with session_scope(engine()) as session:
        return data_version(session)


@st.cache_data(ttl=CACHE_TTL_S, show_spinner=False)
def _cached(url: str, version: int, name: str, args: tuple[Any, ...]) -> Any:
    module, func = name.split(".", 1)
    modules = {
        "queries": queries,
        "stats": stats,
        "analysis": analysis,
        "snapshot": snapshot,
        "figures": figure_history,
    }
    target: Callable[..., Any] = getattr(modules[module], func)
    decoded = [Filters.from_params(dict(a[1])) if isinstance(a, tuple) and a[:1] == ("filters",) else a for a in args]
    with session_scope(_engine(url)) as session:
        return target(session, *decoded)


def key_of(filters: Filters) -> tuple[str, tuple[tuple[str, str], ...]]:
    """A hashable stand-in for Filters in cached calls."""
    return ("filters", tuple(sorted(filters.to_params().items())))


@st.cache_resource(show_spinner=False)
def boundaries() -> tuple[gpd.GeoDataFrame | None, gpd.GeoDataFrame | None, str]:
    """Simplified municipality boundaries and province outlines for the browser, or a reason."""
    loaded, reason = load_municipality_boundaries()
    if loaded is None:
        return None, None, reason
    municipalities = simplify_for_web(loaded.gdf)
    provinces = simplify_for_web(province_outlines(loaded.gdf, load_centroids()), tolerance=0.002)
    return municipalities, provinces, reason


_CHOICES: dict[str, Callable[[], list[tuple[str, str]]]] = {
    "shelter_form": lambda: [(m.value, m.label(lang())) for m in ShelterForm],
    "criterion": lambda: [(m.value, m.label(lang())) for m in Criterion],
    "target_group": lambda: [(m.value, m.label(lang())) for m in TargetGroupFilter],
    "programme": lambda: [(m.value, m.label(lang())) for m in Programme],
}


def url_filters() -> Filters:
    return Filters.from_params(st.query_params.to_dict())


def sidebar_filters(page: str, names: Sequence[str], default_year: int | None = None) -> Filters:
    """Filter widgets in the sidebar, started from the URL and written back to it,
    so a copied link reopens exactly this view. With `default_year` the year is always set."""
    language = lang()
    start = url_filters()
    values: dict[str, Any] = {}
    st.sidebar.subheader(t("filters", language))
    for name in names:
        key = f"{page}_{name}"
        options: list[Any]
        labels: dict[Any, str]
        if name == "year":
            years = run_query("queries.reference_years")
            options = years if default_year is not None and years else [None, *years]
            labels = {y: str(y) for y in options if y is not None}
        elif name in ("province", "municipality"):
            frame = run_query("queries.provinces" if name == "province" else "queries.municipalities")
            options = [None, *frame["code"]]
            labels = dict(zip(frame["code"], frame["name"], strict=True))
        else:
            pairs = _CHOICES[name]()
            options = [None, *[p[0] for p in pairs]]
            labels = dict(pairs)
        if key not in st.session_state:
            initial = getattr(start, name)
            fallback = default_year if name == "year" and default_year in options else options[0]
            st.session_state[key] = initial if initial in options else (None if None in options else fallback)
        values[name] = st.sidebar.selectbox(
            t(name, language),
            options,
            key=key,
            format_func=lambda v, lb=labels: t("all", language) if v is None else lb.get(v, str(v)),
            placeholder=t("all", language),
        )
    filters = start.with_(**values)
    sync_url(filters)
    st.sidebar.caption(t("copy_link", language))
    return filters


def sync_url(filters: Filters, **extra: str | None) -> None:
    """Make the query string say exactly what is shown (language first, then filters)."""
    wanted = {LANG_PARAM: lang(), **filters.to_params()}
    for key, value in extra.items():
        if value is not None:
            wanted[key] = value
    current = st.query_params.to_dict()
    managed = {*PARAMS.values(), LANG_PARAM, *extra}
    if {k: v for k, v in current.items() if k in managed} != wanted:
        for key in managed:
            if key in st.query_params and key not in wanted:
                del st.query_params[key]
        st.query_params.update(wanted)


def source_footnotes(frame: pd.DataFrame, language: str) -> None:
    """Source notes under a table: every figure shows where it comes from."""
    lines = source_notes(frame, language)
    if lines:
        st.caption(t("sources", language) + ":\n" + "\n".join(f"- {md_escape(line)}" for line in lines))


def url_notices() -> None:
    """A visible, translated notice for every link parameter that names something unknown."""
    language = lang()
    municipalities = run_query("queries.municipalities")
    problems = unknown_values(
        st.query_params.to_dict(),
        set(municipalities["code"]),
        set(run_query("queries.provinces")["code"]),
        set(run_query("queries.reference_years")),
        {"maat": MEASURES, "tabel": BROWSABLE_TABLES},
    )
    for kind, param, raw in problems:
        what = t(f"unknown_{kind}", language, param=param, value=raw)
        st.warning(t("unknown_param", language, what=what), icon=":material/link_off:")
    if empty_stand(language) is None:
        stand_notice(language)


def _to_current() -> str:
    """The link to the current figures: this URL without `stand`."""
    params = {k: v for k, v in st.query_params.to_dict().items() if k != snapshot.PARAM}
    return f"[{t('stand_to_current', lang())}]({f'?{urlencode(params)}' if params else '?'})"


def empty_stand(language: str) -> str | None:
    """With a `stand` before the database's first entry: the one sentence a page shows instead of
    its empty tables (with a link to the current figures); None otherwise."""
    stand = url_filters().stand
    first = None if stand is None else run_query("snapshot.before_first_entry", stand)
    if stand is None or first is None:
        return None
    return f"{empty_stand_sentence(stand, first, language)} {_to_current()}"


def stand_notice(language: str) -> None:
    """With `stand` in the URL: one line saying the page shows the inventory of that day, how many
    figures were entered since, and a link to the current figures (the same URL without `stand`)."""
    stand = url_filters().stand
    if stand is None:
        return
    newer = run_query("snapshot.newer_since", stand)
    since = t("stand_none_newer" if newer == 0 else "stand_newer_1" if newer == 1 else "stand_newer", language, n=newer)
    notice = t("stand_notice", language, date=format_day(stand, language))
    st.info(f"{notice} {since} {_to_current()}", icon=":material/history:")


def cite_params() -> dict[str, str]:
    """This view's URL parameters with a `stand`: the one given, else today's (Amsterdam), so a
    citation reopens these numbers after later corrections."""
    params = st.query_params.to_dict()
    if url_filters().stand is None:
        params[snapshot.PARAM] = today_in_amsterdam().isoformat()
    return params


def carried_params() -> dict[str, str]:
    """The query parameters a link to another page carries: the language and every filter,
    so a view chosen on one page stays chosen on the next."""
    wanted = {LANG_PARAM, *PARAMS.values()}
    return {k: v for k, v in st.query_params.to_dict().items() if k in wanted}


def narrow_text(language: str, *columns: str, width: str | int = "medium") -> dict[str, Any]:
    """Column settings that keep long text columns from pushing the others off the table."""
    return {column_label(c, language): st.column_config.TextColumn(width=width) for c in columns}


SESSION_TOKEN = "session_token"


def session_cookie() -> str | None:
    """The session token of the HttpOnly cookie this browser sent when the page opened."""
    value = st.context.cookies.get(SESSION_COOKIE)
    return value if isinstance(value, str) else None  # AppTest's stand-in client gives a mock


def single_sign_on() -> SingleSignOn | None:
    """What the accounts table says about the person signed in through st.login (None when
    nobody is): their scope by verified e-mail, or why they are only a viewer."""
    # A key, not the attribute: without [auth] secrets (and in AppTest) st.user has no such key.
    if st.user.get("is_logged_in") is not True:
        return None
    return accounts.single_sign_on(engine(), st.user.get("email"), st.user.get("email_verified"))


def signed_in() -> Scope | None:
    """The signed-in account's scope, read afresh from the database-side session (None when
    signed out, expired, ended or disabled): from the token this browser tab signed in with,
    else the HttpOnly session cookie (so a reload or a second tab stays signed in), else the
    identity provider's verified e-mail. Each is one query."""
    token = st.session_state.get(SESSION_TOKEN)
    if token:
        scope = resume_session(engine(), token)
        if scope is not None:
            return scope
        st.session_state.pop(SESSION_TOKEN, None)
    cookie = session_cookie()
    if cookie:
        scope = resume_session(engine(), cookie)
        if scope is not None:
            return scope
    sso = single_sign_on()
    return sso.scope if sso is not None else None


def page_base() -> str | None:
    """This app's public base URL: `OPVANG_PUBLIC_URL`, else the address this browser used."""
    headers = st.context.headers
    return citation.public_base(st.context.url, headers.to_dict() if headers else {}, PAGE_PATHS)


def data_links(page: str, figures: Sequence[citation.CitedFigure] = ()) -> None:
    """'Data: CSV · JSON': links to the API twin of exactly this view (`page`: its path in
    views.paths), from the URL as this run left it, so a copied link gives these rows tomorrow;
    then the box to cite it: the absolute link with today's stand and a ready sentence per
    figure in `figures` (the page's headline), or one for the page."""
    params = cite_params()
    links = page_data_links(page, params)
    st.caption(f"Data: [CSV]({links['csv']}) · [JSON]({links['json']})")
    language = lang()
    stand = dt.date.fromisoformat(params[snapshot.PARAM])
    link = citation.absolute_url(page_base(), page, params)
    with st.container(border=True, key=f"cite_{page}"):
        st.markdown(f"**{t('cite_title', language)}**")
        st.caption(f"{t('cite_link', language, date=format_day(stand, language))} [{link}]({link})")
        st.caption(t("cite_sentence", language))
        for text in citation.sentences(page, stand, link, language, figures):
            st.code(text, language=None, wrap_lines=True)
