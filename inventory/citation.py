"""How a page is cited: its absolute URL with today's stand, and a ready sentence naming the
publisher, year, title, the figure with its reference date, the stand and that URL:

    Opvangmonitor (2026). Plaatsen in Amsterdam: 180, per 1 dec 2026. Stand 8 december 2026.
    https://opvang.example.nl/gemeente?gemeente=GM0363&stand=2026-12-08

The base of the URL is the configured public address (`OPVANG_PUBLIC_URL`), else the address the
reader's browser used. Plain Python, no Streamlit: the page hands in what its request showed.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pandas as pd

from inventory.enums import Metric
from inventory.i18n import t
from inventory.municipal import MunicipalValue
from inventory.presentation import as_of, localise_rows

log = logging.getLogger(__name__)

PUBLISHER = "Opvangmonitor"
PUBLIC_URL_ENV = "OPVANG_PUBLIC_URL"
_LONG_MONTHS = {
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
# A host as a browser sends it: a name or an IPv4/IPv6 address with an optional port. Anything
# else (a Host header with a path, spaces or markup) is not put into a link.
_HOST = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9-]{1,63})*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$"
)
# The cited figures on a municipality's page, in the order of its headline.
MUNICIPAL_METRICS = ("places", "persons", "waiting_list")
# The page's own title when it names no figure.
PAGE_TITLES = {
    "overzicht": "national_figures",
    "kaart": "page_map",
    "gemeente": "page_municipality",
    "tabellen": "page_tables",
    "dekking": "page_coverage",
}


def valid_host(host: str) -> bool:
    """True for a Host header a browser sends (a name or address, optionally with a port)."""
    return bool(_HOST.match(host))


def _base_of(url: str | None) -> str | None:
    """'https://host[:port][/path]' without a trailing slash, or None when `url` is no such URL."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or not _HOST.match(parts.netloc):
        return None
    if parts.query or parts.fragment or parts.username or parts.password:
        return None
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def configured_base(environ: Mapping[str, str] | None = None) -> str | None:
    """The public base URL from `OPVANG_PUBLIC_URL` (e.g. https://opvang.example.nl), or None when
    unset; a value that is no http(s) URL is ignored, with the reason in the server log."""
    raw = (os.environ if environ is None else environ).get(PUBLIC_URL_ENV, "").strip()
    if not raw:
        return None
    base = _base_of(raw)
    if base is None:
        log.warning("%s=%r is not an http(s) URL without query; using the request's address", PUBLIC_URL_ENV, raw)
    return base


def request_base(url: str | None, headers: Mapping[str, str], pages: Sequence[str] = ()) -> str | None:
    """The app's base URL as the reader reached it: from the browser's URL (Streamlit's
    `st.context.url`, which ends in the page's path, one of `pages`), else the request's `Host`
    header (with `X-Forwarded-Proto` when a proxy says https)."""
    base = _base_of(url)
    if base is not None:
        parts = urlsplit(base)
        segments = [s for s in parts.path.split("/") if s]
        if segments and segments[-1] in pages:
            segments.pop()
        return f"{parts.scheme}://{parts.netloc}" + "".join(f"/{s}" for s in segments)
    lower = {k.lower(): v for k, v in headers.items()}
    host = str(lower.get("host", "")).strip()
    if not valid_host(host):
        return None
    proto = str(lower.get("x-forwarded-proto", "")).split(",")[0].strip().lower()
    return f"{proto if proto in ('http', 'https') else 'http'}://{host}"


def public_base(
    url: str | None = None,
    headers: Mapping[str, str] | None = None,
    pages: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
) -> str | None:
    """The configured public base URL, else the request's; None when neither is known."""
    return configured_base(environ) or request_base(url, headers or {}, pages)


def absolute_url(base: str | None, path: str, params: Mapping[str, str]) -> str:
    """`base` + '/path?params'; without a base the path alone, which still opens the view here."""
    query = urlencode(params)
    return f"{base or ''}/{path.lstrip('/')}" + (f"?{query}" if query else "")


def format_long_day(day: dt.date, lang: str = "nl") -> str:
    """'8 december 2026' / '8 December 2026': a stand as a reference list writes it."""
    return f"{day.day} {_LONG_MONTHS['en' if lang == 'en' else 'nl'][day.month - 1]} {day.year}"


@dataclass(frozen=True)
class CitedFigure:
    """One figure a page shows, as a citation names it: 'Plaatsen in Amsterdam', '180', 'per 1 dec 2026'."""

    what: str
    value: str
    when: str

    def text(self) -> str:
        return f"{self.what}: {self.value}" + (f", {self.when}" if self.when else "")


def sentence(title: str, stand: dt.date, url: str, lang: str = "nl", figure: CitedFigure | None = None) -> str:
    """'Opvangmonitor (2026). Plaatsen in Amsterdam: 180, per 1 dec 2026. Stand 8 december 2026. URL'.
    The year is the stand's: the snapshot cited is the edition."""
    body = figure.text() if figure is not None else title
    stand_text = t("cite_stand", lang, date=format_long_day(stand, lang))
    return f"{PUBLISHER} ({stand.year}). {body.rstrip('.')}. {stand_text}. {url}"


def sentences(page: str, stand: dt.date, url: str, lang: str = "nl", figures: Sequence[CitedFigure] = ()) -> list[str]:
    """One ready sentence per figure the page leads with, or one for the page when it names none."""
    if figures:
        return [sentence("", stand, url, lang, f) for f in figures]
    return [sentence(t(PAGE_TITLES.get(page, "app_title"), lang), stand, url, lang)]


def municipal_figures(name: str, values: Mapping[str, MunicipalValue], lang: str = "nl") -> list[CitedFigure]:
    """The headline figures of a municipality's page: 'Plaatsen in Amsterdam: 180, per 1 dec 2026';
    a sum says it is one ('Plaatsen in Amsterdam (som van 2 voorzieningen)')."""
    out = []
    for metric in MUNICIPAL_METRICS:
        value = values.get(metric)
        if value is None:
            continue
        what = t("cite_in_place", lang, what=Metric(metric).label(lang), place=name)
        if value.is_sum:
            what += f" ({t('sum_of_parts', lang, n=len(value.parts))})"
        out.append(
            CitedFigure(what, value.total.format(lang), as_of(value.period_start, value.period_end, lang, short=True))
        )
    return out


def national_figures(national: pd.DataFrame, metrics: Sequence[str], lang: str = "nl") -> list[CitedFigure]:
    """The overview's headline figures, each as the first published row of its measure shows it:
    'Opgevangen personen (37 geïnterviewde gemeenten): 1.435, 2017'. The population stays in the
    citation: a figure for 37 municipalities is not a figure for the Netherlands.

    `national` is as from stats.national_figures."""
    out = []
    for metric in metrics:
        rows = localise_rows(national[national["metric"] == metric], lang)
        if not rows:
            continue
        first = rows[0]
        what = Metric(metric).label(lang)
        if isinstance(first.get("population"), str) and first["population"]:
            what += f", {first['population']}"
        when = as_of(first["period_start"], first["period_end"], lang, short=True)
        out.append(CitedFigure(what, str(first["display_value"]), when))
    return out
