"""Cijfer / Figure: one figure's permalink page (filled in by the snapshot work)."""

from __future__ import annotations

import streamlit as st

from inventory.i18n import t
from views._shared import lang

st.title(t("page_figure", lang()))
