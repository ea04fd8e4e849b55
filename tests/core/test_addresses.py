"""One person, one address key: the equivalences mailbox providers apply (carewatch_core.addresses)."""

from __future__ import annotations

import pytest

from carewatch_core.addresses import is_plain_address, normalised


@pytest.mark.parametrize(
    ("given", "key"),
    [
        ("Jane.Doe+petition@GoogleMail.com", "janedoe@gmail.com"),
        ("j.a.n.e.doe@gmail.com", "janedoe@gmail.com"),
        (" JANE@Example.ORG ", "jane@example.org"),
        ("jane+news@outlook.com", "jane@outlook.com"),
        ("jane.doe@outlook.com", "jane.doe@outlook.com"),  # dots matter there
        ("jane+tag@example.org", "jane+tag@example.org"),  # a provider we know nothing of
        ("rami@laposte.net", "rami@laposte.net"),
    ],
)
def test_an_address_is_keyed_as_its_provider_delivers_it(given: str, key: str) -> None:
    assert normalised(given) == key


@pytest.mark.parametrize(
    "address",
    [
        "",
        "jane",
        "jane@",
        "@example.org",
        "jane@example",
        "jane doe@example.org",
        "<jane@example.org>",
        "jane@example.org, other@example.org",
        "-1",
        "غير معروف",
    ],
)
def test_what_is_not_an_address_is_said_so(address: str) -> None:
    assert not is_plain_address(address)


def test_addresses_with_non_latin_domains_and_local_parts_are_addresses() -> None:
    assert is_plain_address("سامي@مثال.شبكة") and is_plain_address("rami.k@université.fr")
