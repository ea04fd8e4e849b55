"""Supporters (issue 20, part 3): one record per person behind every form, their consents with
the words shown, export of one person's data and its erasure (from the command line), the
campaigner role, and no supporter value in the audit log."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import translation

from carewatch.accounts.permissions import clearance_of, functions_of
from carewatch.audit.models import AuditEntry
from carewatch.supporters.choices import ConsentPurpose
from carewatch.supporters.models import Consent, Supporter
from carewatch.supporters.services_supporters import (
    Details,
    SupporterRefused,
    record_consent,
    supporter_for,
)
from carewatch_core.sensitivity import Level

pytestmark = pytest.mark.django_db

EMAIL = "Canary.Supporter7f3e+petition@gmail.com"
NAME = "Canaryname Zzqx سامي"
POSTCODE = "CANARY-75011"
WORDS = "Yes, CareWatch may write to me about this campaign."


def _signed_up() -> Supporter:
    supporter = supporter_for(
        details=Details(EMAIL, NAME, "fr", POSTCODE, "fr"), form="petition:stop-targeting"
    )
    record_consent(
        supporter=supporter,
        purpose=ConsentPurpose.CONTACT,
        version="2026-12",
        language="fr",
        text=WORDS,
        given=True,
        form="petition:stop-targeting",
    )
    return supporter


def test_one_person_is_one_supporter_whatever_the_spelling_of_their_address() -> None:
    first = _signed_up()
    again = supporter_for(
        details=Details("canarysupporter7f3e@googlemail.com", "Other Name"), form="newsletter"
    )
    assert again.pk == first.pk and Supporter.objects.count() == 1
    assert again.name == NAME  # a later form does not overwrite what was given
    assert again.country == "FR"


def test_a_later_form_fills_in_what_was_left_blank_and_nothing_else() -> None:
    bare = supporter_for(details=Details("rami@example.org"), form="newsletter")
    filled = supporter_for(
        details=Details("RAMI@example.org", "Rami K.", "ca", "H2X"), form="petition"
    )
    assert filled.pk == bare.pk and (filled.name, filled.country, filled.postcode) == (
        "Rami K.",
        "CA",
        "H2X",
    )


@pytest.mark.parametrize(
    ("details", "says"),
    [
        (Details("not an address"), "Saisissez une adresse"),
        (Details("-1"), "Saisissez une adresse"),
        (Details("a@example.org", country="France"), "Choisissez un pays"),
        (Details("a@example.org", language="de"), "Choisissez l’arabe"),
    ],
)
def test_bad_details_are_refused_in_the_user_s_language_and_nothing_is_written(
    details: Details, says: str
) -> None:
    with translation.override("fr"), pytest.raises(SupporterRefused, match=says):
        supporter_for(details=details, form="petition")
    assert not Supporter.objects.exists()


def test_a_consent_keeps_the_words_shown_and_a_version_s_words_never_change() -> None:
    supporter = _signed_up()
    consent = Consent.objects.get()
    assert (
        consent.given
        and consent.wording.text == WORDS
        and consent.form == "petition:stop-targeting"
    )
    with pytest.raises(SupporterRefused):
        record_consent(
            supporter=supporter,
            purpose=ConsentPurpose.CONTACT,
            version="2026-12",
            language="fr",
            text="Other words",
            given=True,
            form="petition",
        )


def _command(*args: str) -> str:
    out = io.StringIO()
    call_command("supporters", *args, stdout=out)
    return out.getvalue()


def test_one_supporter_s_data_is_exported_as_json_from_the_command_line() -> None:
    _signed_up()
    data = json.loads(_command("export", "canarysupporter7f3e@gmail.com"))
    assert data["supporter"]["email"] == EMAIL and data["supporter"]["name"] == NAME
    assert data["supporter"]["postcode"] == POSTCODE
    (consent,) = data["consents"]
    assert (
        consent["words_shown"] == WORDS
        and consent["given"] is True
        and consent["version"] == "2026-12"
    )
    assert data["mail_suppressed"] is False
    assert AuditEntry.objects.filter(action="carewatch.supporter.exported").count() == 1


def test_erasure_blanks_what_names_the_supporter_and_keeps_the_counts() -> None:
    supporter = _signed_up()
    assert "--yes" in _command("erase", EMAIL)  # without --yes it only says what it would do
    assert Supporter.objects.get().erased_at is None
    _command("erase", EMAIL, "--yes")
    erased = Supporter.objects.get(pk=supporter.pk)
    assert (erased.email, erased.name, erased.postcode) == ("", "", "")
    assert erased.country == "FR" and erased.erased_at is not None
    assert (
        Consent.objects.filter(supporter=erased, given=True).count() == 1
    )  # what was chosen, kept
    with pytest.raises(CommandError, match="No supporter"):
        _command("export", EMAIL)
    again = supporter_for(details=Details(EMAIL), form="newsletter")  # may sign up again, afresh
    assert again.pk != erased.pk and again.name == ""


def test_the_audit_log_never_holds_a_supporter_s_address_name_or_postcode() -> None:
    supporter = _signed_up()
    _command("export", EMAIL)
    _command("erase", EMAIL, "--yes")
    assert AuditEntry.objects.filter(object_id=str(supporter.pk)).count() >= 3
    stored = json.dumps(
        list(AuditEntry.objects.values("before", "after", "reason", "actor_label", "object_id")),
        ensure_ascii=False,
    )
    for canary in ("canary", "Canaryname", "سامي", POSTCODE, "7f3e"):
        assert canary.lower() not in stored.lower(), canary


def test_a_campaigner_reads_no_documentation_beyond_the_public_s(
    campaigner: Any, client: Client
) -> None:
    assert clearance_of(campaigner) == Level.PUBLIC
    functions = functions_of(campaigner)
    assert {"supporter.view", "supporter.manage"} <= functions
    assert not any(
        f.split(".")[0]
        in {
            "incident",
            "person",
            "facility",
            "source",
            "report",
            "figure",
            "linkage",
            "import",
            "history",
        }
        for f in functions
    )


def test_documentation_roles_have_no_supporter_function(
    verifier: Any, analyst: Any, communications: Any, documenter: Any, admin: Any
) -> None:
    for user in (verifier, analyst, communications, documenter):
        assert not any(f.startswith("supporter.") for f in functions_of(user)), user.role
    assert "supporter.manage" in functions_of(admin)
