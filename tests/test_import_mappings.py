"""Saved mappings from the web: the unknown values listed, column → field and value → code saved
(audited, through the services), then the import reads the file with them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from tests.import_fixtures import HEADER, csv_bytes, row, run_jobs, token_of, upload

from carewatch.audit.models import AuditEntry
from carewatch.imports.models import ImportRun, SavedMapping
from carewatch.imports.preview import build_preview
from carewatch.imports.services_mappings import MappingInvalid, mapping_create, mapping_update
from carewatch.imports.vocab import FIELD_VOCABULARIES, PLACE
from carewatch.incidents.models import IncidentRecord
from carewatch.lib.common import ConflictError

pytestmark = pytest.mark.django_db

ODD = {
    "Weapon Carried/Used": "Catapulte",
    "Admin 1": "Idleb Gov.",
    "Reported Perpetrator": "Pirates",
}


@pytest.fixture(autouse=True)
def instance(settings: Any, tmp_path: Path, monkeypatch: Any) -> Path:
    settings.DATA_DIR = tmp_path / "instance"
    return settings.DATA_DIR


@pytest.fixture
def staff(client: Client, verifier: Any) -> Client:
    client.force_login(verifier)
    return client


def preview_of(client: Client, token: str, mapping: SavedMapping | None = None) -> str:
    query = f"&mapping={mapping.pk}" if mapping else ""
    response = client.get(f"/imports/new/?upload={token}{query}")
    assert response.status_code == 200
    return response.content.decode()


def value_fields(page: str) -> dict[str, str]:
    """label text → the name of its select, from the mapping form's value table."""
    import re

    pairs = re.findall(r'<label for="id_(value-\d+)">([^<]*)</label>', page)
    return {label: name for name, label in pairs}


def test_the_preview_lists_the_values_the_profile_does_not_know(staff: Client) -> None:
    page = preview_of(
        staff, token_of(upload(staff, csv_bytes([row(1, **ODD), row(2, **ODD), row(3)])))
    )
    assert 'id="unknown-values"' in page
    for value in ("catapulte", "Idleb Gov.", "Pirates"):
        assert value in page


def test_a_user_resolves_the_unknown_values_saves_a_mapping_and_imports_with_it(
    staff: Client,
) -> None:
    token = token_of(upload(staff, csv_bytes([row(1, **ODD), row(2)])))
    fields = value_fields(preview_of(staff, token))
    choices = {
        fields["catapulte"]: "other",
        fields["Idleb Gov."]: "SY07",
        fields["Pirates"]: "criminal",
    }
    response = staff.post(
        "/import-mappings/save/", {"upload": token, "name": "Our partners' sheet", **choices}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    mapping = SavedMapping.objects.get()
    assert mapping.values == {
        "weapon": {"catapulte": "other"},
        "admin1": {"Idleb Gov.": "SY07"},
        "perpetrator": {"Pirates": "criminal"},
    }
    assert AuditEntry.objects.filter(
        action="carewatch.import_mapping.created", object_id=str(mapping.pk)
    ).exists()
    assert 'id="no-unknown-values"' in preview_of(staff, token, mapping)
    staff.post("/imports/start/", {"upload": token, "mapping": mapping.pk})
    run_jobs()
    run = ImportRun.objects.get()
    assert (run.status, run.rows_flagged, run.mapping_id) == ("succeeded", 0, mapping.pk)
    record = IncidentRecord.objects.get(report__dataset_key="1")
    assert (record.weapons, record.place.pcode, record.values["import"]["perpetrator"]) == (
        ["other"],
        "SY07",
        "criminal",
    )


def test_a_column_with_another_name_is_mapped_to_its_field(staff: Client) -> None:
    header = [h if h != "Weapon Carried/Used" else "Arme" for h in HEADER]
    token = token_of(upload(staff, csv_bytes([row(1)], header=header)))
    assert '<span class="muted">not in the file</span>' in preview_of(staff, token)
    response = staff.post(
        "/import-mappings/save/",
        {"upload": token, "name": "French columns", "column-weapon": "Arme"},
    )
    assert response.status_code == 302
    mapping = SavedMapping.objects.get(name="French columns")
    assert mapping.columns == {"weapon": "Arme"}
    staff.post("/imports/start/", {"upload": token, "mapping": mapping.pk})
    run_jobs()
    assert IncidentRecord.objects.get().weapons == ["shelling"]


def test_a_forged_code_is_refused_and_nothing_is_saved(staff: Client) -> None:
    token = token_of(upload(staff, csv_bytes([row(1, **ODD)])))
    fields = value_fields(preview_of(staff, token))
    response = staff.post(
        "/import-mappings/save/", {"upload": token, "name": "bad", fields["catapulte"]: "nuclear"}
    )
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    assert not SavedMapping.objects.exists()
    response = staff.post(
        "/import-mappings/save/",
        {"upload": token, "name": "bad", "column-weapon": "No such column"},
    )
    assert response.status_code == 400 and not SavedMapping.objects.exists()


def test_only_its_author_or_an_administrator_changes_a_mapping(
    staff: Client, admin: Any, verifier: Any
) -> None:
    from carewatch.accounts.models import User

    other = User.objects.create_user(
        username="verifier2", password="x-long-passphrase-1", role="verifier"
    )
    mapping = mapping_create(
        user=other, name="Theirs", profile="insecurity_insight", columns={}, values={}
    )
    token = token_of(upload(staff, csv_bytes([row(1, **ODD)])))
    fields = value_fields(preview_of(staff, token, mapping))
    response = staff.post(
        "/import-mappings/save/",
        {"upload": token, "mapping": mapping.pk, "name": "Theirs", fields["catapulte"]: "other"},
    )
    assert response.status_code == 400 and "give a new name" in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.values == {} and mapping.version == 1


def test_saving_the_same_mapping_from_two_pages_is_a_conflict_not_a_lost_update(
    verifier: Any,
) -> None:
    mapping = mapping_create(
        user=verifier, name="Ours", profile="insecurity_insight", columns={}, values={}
    )
    mapping_update(
        mapping=mapping, user=verifier, expected_version=1, columns={"weapon": "Arme"}, values={}
    )
    with pytest.raises(ConflictError):
        mapping_update(
            mapping=SavedMapping.objects.get(),
            user=verifier,
            expected_version=1,
            columns={},
            values={},
        )
    assert SavedMapping.objects.get().columns == {"weapon": "Arme"}
    assert AuditEntry.objects.filter(action="carewatch.import_mapping.changed").count() == 1


@pytest.mark.parametrize(
    ("columns", "values"),
    [
        ({"nonsense": "A"}, {}),
        ({}, {"weapon": {"x": "not-a-weapon"}}),
        ({}, {"admin1": {"x": "SY99"}}),
        ({}, {"date": {"x": "2020-01-01"}}),
    ],
)
def test_the_service_refuses_fields_and_codes_the_profile_does_not_have(
    verifier: Any, columns: Any, values: Any
) -> None:
    with pytest.raises(MappingInvalid):
        mapping_create(
            user=verifier, name="x", profile="insecurity_insight", columns=columns, values=values
        )
    assert not SavedMapping.objects.exists()


def test_the_field_vocabularies_are_those_the_profiles_flag(tmp_path: Path) -> None:
    """Each unknown value the Insecurity Insight profile flags is offered for mapping with the right
    vocabulary, and every field listed exists in its profile."""
    from carewatch_core.imports.profiles import PROFILES

    for profile, fields in FIELD_VOCABULARIES.items():
        assert set(fields) <= set(PROFILES[profile].columns), profile
    path = tmp_path / "odd.csv"
    path.write_bytes(
        csv_bytes([row(1, **ODD, **{"Location ": "Submarine"})], header=[*HEADER, "Location "])
    )
    found = {
        (u.field, u.vocabulary) for u in build_preview(path, "insecurity_insight", None).unknown
    }
    assert found == {
        ("weapon", "weapon"),
        ("admin1", PLACE),
        ("perpetrator", "perpetrator"),
        ("location", "location_type"),
    }


def test_the_mapping_pages_list_and_show_the_pairs(staff: Client, verifier: Any) -> None:
    mapping = mapping_create(
        user=verifier,
        name="Ours",
        profile="insecurity_insight",
        columns={"weapon": "Arme"},
        values={"admin1": {"Idleb Gov.": "SY07"}},
    )
    assert "Ours" in staff.get("/import-mappings/").content.decode()
    page = staff.get(f"/import-mappings/{mapping.pk}/").content.decode()
    assert "Arme" in page and "Idleb Gov." in page and "SY07" in page


def test_a_required_column_under_another_name_is_mapped_before_the_import(staff: Client) -> None:
    header = [h if h != "SiND Event ID" else "Incident number" for h in HEADER]
    token = token_of(upload(staff, csv_bytes([row(7)], header=header)))
    page = preview_of(staff, token)
    assert 'id="missing-columns"' in page and "SiND Event ID" in page and "disabled" in page
    response = staff.post(
        "/import-mappings/save/",
        {"upload": token, "name": "Numbered", "column-id": "Incident number"},
    )
    mapping = SavedMapping.objects.get(name="Numbered")
    assert response.status_code == 302 and 'id="missing-columns"' not in preview_of(
        staff, token, mapping
    )
    staff.post("/imports/start/", {"upload": token, "mapping": mapping.pk})
    run_jobs()
    assert IncidentRecord.objects.get().report.dataset_key == "7"


def test_a_finished_runs_page_maps_the_values_it_did_not_know(staff: Client) -> None:
    """The upload is gone once the run ends: the run's page offers its unknown values (from its
    stored problems), saves the mapping, and sends the user to import the file again with it."""
    content = csv_bytes([row(1, **ODD), row(2, **ODD), row(3)])
    staff.post("/imports/start/", {"upload": token_of(upload(staff, content))})
    run_jobs()
    run = ImportRun.objects.get()
    assert run.rows_flagged == 2
    page = staff.get(f"/imports/{run.pk}/").content.decode()
    assert 'id="run-mapping"' in page
    fields = value_fields(page)
    assert {"catapulte", "Idleb Gov.", "Pirates"} <= set(fields)
    # A forged code is refused, and nothing is saved.
    bad = staff.post(
        f"/imports/{run.pk}/mapping/", {"name": "From the run", fields["catapulte"]: "trebuchet"}
    )
    assert bad.status_code == 400 and not SavedMapping.objects.exists()
    choices = {fields["catapulte"]: "other", fields["Idleb Gov."]: "SY07"}
    response = staff.post(f"/imports/{run.pk}/mapping/", {"name": "From the run", **choices})
    assert response.status_code == 302
    mapping = SavedMapping.objects.get()
    assert mapping.values == {"weapon": {"catapulte": "other"}, "admin1": {"Idleb Gov.": "SY07"}}
    assert response["Location"] == f"/imports/new/?profile=insecurity_insight&mapping={mapping.pk}"
    form = staff.get(response["Location"]).content.decode()
    assert f'<option value="{mapping.pk}" selected>' in form
    # Imported again with it, the mapped values are read; only the perpetrator is still unknown.
    token = token_of(upload(staff, content, mapping=mapping.pk))
    staff.post("/imports/start/", {"upload": token, "mapping": mapping.pk})
    run_jobs()
    again = ImportRun.objects.latest("pk")
    assert again.mapping_id == mapping.pk
    names = set(value_fields(staff.get(f"/imports/{again.pk}/").content.decode()))
    assert "Pirates" in names and "Idleb Gov." in names  # the mapping's own pairs are shown too


def test_the_preview_names_fields_and_codes_in_the_readers_language(staff: Client) -> None:
    token = token_of(upload(staff, csv_bytes([row(1)])))
    staff.cookies["carewatch_language"] = "fr"
    page = preview_of(staff, token)
    assert "Date" in page and "Violence avec armes lourdes" in page
    assert ">heavy_weapons<" not in page
