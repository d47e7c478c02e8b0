"""Cijfer / Figure: one figure's permalink (`/cijfer?sleutel=<key>[&stand=YYYY-MM-DD]`): its value,
source and full public history; with a stand, the version the database held that day."""

from __future__ import annotations

from urllib.parse import quote

import pandas as pd
import streamlit as st

from inventory.audit import HistoryEvent
from inventory.enums import AuditAction, HowObtained, Metric, ReviewStatus, ShelterForm, Status
from inventory.figure_history import KEY_PARAM, Version, page_url
from inventory.i18n import t
from inventory.presentation import citation, entered_by_label, format_day, format_moment, format_period, md_escape
from inventory.values import format_value
from views._shared import lang, run_query, stop_page, url_filters

language = lang()
st.title(t("page_figure", language))
key = st.query_params.get(KEY_PARAM)
stand = url_filters().stand
if not key:
    st.info(t("figure_choose", language))
    stop_page()
link = run_query("figures.permalink", key, stand)
if link is None:
    st.warning(t("figure_unknown", language, figure=key), icon=":material/link_off:")
    stop_page()
shown: Version | None = link.shown
if shown is None:
    st.warning(t("figure_not_yet", language, figure=key, date=format_day(stand, language) if stand else ""))
    stop_page()


def subject(version: Version) -> str:
    if version.facility is None:
        return f"{version.municipality} ({version.municipality_code})"
    form = ShelterForm(version.shelter_form).label(language) if version.shelter_form else ""
    return f"{version.facility} ({form}), {version.municipality}"


def newest_text() -> str:
    newest = link.newest
    target = f"[{newest.key}]({page_url(newest.key)}&taal={language})"
    return t(
        "figure_superseded" if link.superseded_at_stand else "figure_newer_version",
        language,
        figure=target,
        value=newest.display(language),
    )


if link.newer_exists:
    st.warning(newest_text(), icon=":material/update:")

st.metric(Metric(shown.metric).label(language), shown.display(language))
review = ReviewStatus(shown.review_status).label(language) if shown.review_status else None
how = HowObtained(shown.how_obtained).label(language) if shown.how_obtained else None
source = "—"
if shown.source_title or shown.source_publisher:
    cited = {
        "source_publisher": shown.source_publisher,
        "source_year": shown.source_year,
        "source_title": shown.source_title,
        "source_file": shown.source_file,
        "source_line": shown.source_line,
    }
    source = citation(cited, language) + (f': "{shown.quote}"' if shown.quote else "")
facts = [
    (t("figure_key", language), shown.key),
    (t("figure_subject", language), subject(shown)),
    (t("figure_period", language), format_period(shown.period_start, shown.period_end, language)),
    (t("figure_status", language), "; ".join(x for x in (Status(shown.status).label(language), how) if x)),
    (t("figure_review", language), review or "—"),
    (t("figure_source", language), source),
    (
        t("figure_entered", language),
        t(
            "figure_entered_text",
            language,
            date=format_moment(shown.entered_at, language),
            by=entered_by_label(shown.entered_by, language),
        ),
    ),
]
st.markdown("\n".join(f"- **{label}:** {md_escape(value)}" for label, value in facts))


def what(event: HistoryEvent) -> str:
    if event.kind is AuditAction.FIGURE_VERIFIED:
        return t("history_verified", language)
    if event.kind is AuditAction.FIGURE_REJECTED:
        return t("history_rejected", language, reason=event.reason or "")
    if event.kind is AuditAction.FIGURE_UNCHANGED:
        return t("history_unchanged", language)
    older = event.supersedes
    return t("history_corrected", language, figure=older) if older else t("history_saved", language)


st.subheader(t("figure_history", language))
rows = [
    {
        t("history_when", language): format_moment(e.at, language),
        t("history_what", language): what(e),
        t("figure_key", language): e.figure_key
        + (f" ({t('history_this', language)})" if e.figure_key == shown.key else ""),
        t("figure_period", language): format_period(e.period_start, e.period_end, language),
        t("figure_value", language): format_value(e.qualifier, e.value, e.value_low, e.value_high, language),
        t("history_by", language): entered_by_label(e.organisation, language),
    }
    for e in link.history
]
if rows:
    st.dataframe(pd.DataFrame(rows), hide_index=True)
api = (
    f"/api/v1/figures/{quote(key, safe='')}.json?"
    + (f"stand={stand.isoformat()}&" if stand else "")
    + f"taal={language}"
)
st.caption(f"Data: [JSON]({api}) · {t('figure_permalink', language)}: [{page_url(key, stand)}]({page_url(key, stand)})")
