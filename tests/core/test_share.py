"""Share links: each platform's own compose address, the message percent-encoded whole."""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from carewatch_core import share

MESSAGE = "@EmmanuelMacron entendrez-vous l'appel du Pr @rpitti57 ? #Syrie & #DoctorsinDanger"


def test_x_and_bluesky_links_carry_the_whole_message() -> None:
    for url, host in ((share.x_url(MESSAGE), "x.com"), (share.bluesky_url(MESSAGE), "bsky.app")):
        parts = urlsplit(url)
        assert parts.scheme == "https" and parts.netloc == host
        assert parse_qs(parts.query)["text"] == [MESSAGE]


def test_arabic_text_survives_the_round_trip() -> None:
    text = "هل ستستجيبون لنداء حماية العاملين الصحيين في #سوريا؟"
    assert parse_qs(urlsplit(share.bluesky_url(text)).query)["text"] == [text]


def test_mastodon_goes_to_the_visitor_s_own_server_and_nothing_else() -> None:
    url = share.mastodon_url("Mastodon.Social", MESSAGE)
    assert url.startswith("https://mastodon.social/share?text=")
    for bad in (
        "evil.example/path",
        "user@evil.example",
        "javascript:alert(1)",
        "",
        "a",
        "x.y:8080",
    ):
        with pytest.raises(ValueError, match="not a server name"):
            share.mastodon_url(bad, MESSAGE)


def test_mailto_has_subject_and_body_encoded() -> None:
    url = share.mailto_url(
        "contact@elysee.example", "Protégez les soignants", "Ligne 1\nLigne 2 & fin"
    )
    address, _, query = url.removeprefix("mailto:").partition("?")
    fields = {k: unquote(v) for k, v in (p.split("=", 1) for p in query.split("&"))}
    assert address == "contact@elysee.example"
    assert fields == {"subject": "Protégez les soignants", "body": "Ligne 1\nLigne 2 & fin"}


def test_the_handle_goes_where_the_message_says() -> None:
    assert share.addressed("{handle} hear us", "@A") == "@A hear us"
    assert share.addressed("hear us", "@A") == "@A hear us"
    assert share.addressed("{handle} hear us", "") == "hear us"
