"""Gemeente / Municipality: one municipality's offers, figures over time, programmes and sources."""

from __future__ import annotations

import streamlit as st

from inventory import queries
from inventory.i18n import t
from inventory.presentation import citation, localise, value_or_no_data
from views._shared import key_of, lang, run_query, sync_url, url_filters

language = lang()
st.title(t("page_municipality", language))
st.caption(t("no_addresses", language))

munis = run_query("queries.municipalities")
names = dict(zip(munis["code"], munis["name"], strict=True))
wanted = url_filters().municipality
# Follow the URL only when it changed from outside (a link, a map click), not when it lags one rerun
# behind the selectbox: otherwise a new choice would be reset to the old `gemeente`.
if "muni_code" not in st.session_state or wanted != st.session_state.get("muni_in_url"):
    st.session_state["muni_code"] = wanted if wanted in names else None
code = st.selectbox(
    t("choose_municipality", language),
    [None, *munis["code"]],
    key="muni_code",
    placeholder=t("choose_municipality", language),
    format_func=lambda c: "—" if c is None else f"{names[c]} ({c})",
)
# The municipality fixes the province; a contradicting `provincie` in the URL would only blank the page.
filters = url_filters().with_(municipality=code, province=None)
sync_url(filters)
st.session_state["muni_in_url"] = code
if code is None:
    st.stop()

row = munis[munis["code"] == code].iloc[0]
st.header(f"{row['name']}")
st.caption(f"{row['province']} · {code}")

facilities = run_query("queries.facilities", key_of(filters))
figures = run_query("queries.figures", key_of(filters))
programmes = run_query("queries.programme_memberships")
programmes = programmes[programmes["municipality_code"] == code]

key_cols = st.columns(3)
for column, metric in zip(key_cols, ("places", "persons", "waiting_list"), strict=True):
    value = queries.municipality_values(figures, metric).get(code)
    latest = figures[figures["metric"] == metric]
    help_text = None
    if not latest.empty:
        last = latest.sort_values("period_end").iloc[-1]
        help_text = f"{last['period_start']} – {last['period_end']}; {t('source', language)}: " + citation(
            last["source_file"], last["source_line"], language
        )
    column.metric(
        t(metric, language),
        value_or_no_data(value.format(language) if value else None, language),
        help=help_text,
    )

st.subheader(t("programmes", language))
if programmes.empty:
    st.write(t("no_data", language))
else:
    st.dataframe(
        localise(
            programmes, language, ["programme", "role", "period_start", "period_end", "source_file", "source_line"]
        ),
        hide_index=True,
    )

st.subheader(t("offers", language))
if facilities.empty:
    st.info(t("no_offers", language))
else:
    columns = ["label", "operator", "shelter_form", "target_group", "criteria", "programme", "opened_on", "closed_on"]
    st.dataframe(localise(facilities, language, [*columns, "source_file", "source_line"]), hide_index=True)

st.subheader(t("figures_over_time", language))
if figures.empty:
    st.write(t("no_data", language))
else:
    columns = ["facility", "metric", "period_start", "period_end", "display_value", "qualifier", "status"]
    st.dataframe(
        localise(figures, language, [*columns, "source_file", "source_line", "quote", "conflict_group"]),
        hide_index=True,
    )
    waiting = figures[figures["metric"] == "waiting_list"]
    if len(waiting) > 1:
        st.line_chart(waiting.set_index("period_end")["value"])
    latest = figures.sort_values("entered_at").iloc[-1]
    st.caption(
        f"{t('last_updated', language)}: {latest['entered_at']:%Y-%m-%d} {t('by', language)} {latest['entered_by']}"
    )

outcomes = run_query("queries.outcomes", key_of(filters))
if not outcomes.empty:
    st.subheader(t("outcomes", language))
    st.dataframe(
        localise(
            outcomes,
            language,
            [
                "scope",
                "category",
                "detail",
                "period_start",
                "period_end",
                "display_value",
                "share_pct",
                "source_file",
                "source_line",
            ],
        ),
        hide_index=True,
    )
