"""Opvangmonitor: the entry point. `streamlit run app.py` serves the pages and the HTTP routes from
one process: it imports this file as an ASGI app (st.App), then runs it as the script of every
page view (as __main__)."""

from __future__ import annotations

import streamlit as st

from views.paths import PAGE_PATHS

if __name__ == "__main__":
    from views.navigation import main

    main(PAGE_PATHS)
else:
    from starlette.middleware import Middleware

    from api.routes import api_routes
    from api.unknown_paths import RedirectUnknownPaths

    app = st.App("app.py", routes=api_routes(), middleware=[Middleware(RedirectUnknownPaths, pages=PAGE_PATHS)])
