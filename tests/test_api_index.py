"""The API index without a server: content negotiation and escaping (the served page is tested
through the running app in test_api.py)."""

from __future__ import annotations

import pytest

from inventory import api_index
from inventory.opendata import ParameterError


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        ("", False),
        ("*/*", False),
        ("application/json", False),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", True),
        ("text/html;q=0.5, application/json", False),
        ("application/json;q=0.5, text/*", True),
        ("text/html;q=oops, */*", False),
    ],
)
def test_html_only_when_the_client_ranks_it_above_json(accept: str, html: bool) -> None:
    assert api_index.prefers_html(accept) is html
    assert api_index.parse({}, accept) == ("nl", "html" if html else "json")


def test_the_format_and_language_parameters_win_and_others_are_refused() -> None:
    assert api_index.parse({"_format": ["json"], "taal": ["en"]}, "text/html") == ("en", "json")
    with pytest.raises(ParameterError) as refused:
        api_index.parse({"jaar": ["2017"]}, "")
    assert refused.value.parameter == "jaar" and refused.value.allowed == ["taal", "_format"]


def test_every_text_in_the_page_is_escaped() -> None:
    page = api_index.index_html(api_index.index('https://x.nl/"><script>alert(1)</script>', "en"))
    assert "<script>" not in page and "&quot;&gt;&lt;script&gt;" in page
