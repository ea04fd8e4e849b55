"""The data-sources page names every source of real data the project ships, with its licence or
citation, and no note meant for the project's own staff."""

from __future__ import annotations

from django.test import Client


def test_the_page_names_every_real_source_with_its_licence(client: Client) -> None:
    for language in ("en", "fr", "ar"):
        html = client.get("/about/data/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert "OCHA Syria Common Operational Dataset" in html
        assert "Insecurity Insight. 2024." in html and "CC BY-SA" in html
        assert "WHO Surveillance System for Attacks on Health Care" in html
        assert "UOSSM" in html
        assert "confirm it there" not in html and "Not stated in the copy used" not in html


def test_the_site_has_an_icon_where_browsers_ask_for_it(client: Client) -> None:
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon["Content-Type"] == "image/x-icon"
    assert icon.content[:4] == b"\x00\x00\x01\x00"  # an ICO file
