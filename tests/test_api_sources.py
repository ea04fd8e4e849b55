"""Sources, reports and figures through the API: every figure with its attribution; reports with their records."""

from __future__ import annotations

import pytest
from django.test import Client

from api_support import CANARY_INFORMANT, World, audit_count, last_audit, send
from carewatch.sources.services import figure_record, report_create, source_create

pytestmark = pytest.mark.django_db
pytest_plugins = ["api_fixtures"]


@pytest.fixture
def newsletter(world: World) -> dict[str, object]:
    """A UOSSM newsletter quoting White Helmets and UNICEF figures (never summed)."""
    verifier = world.personas["verifier"]
    uossm = source_create(user=verifier, name="UOSSM", source_type="ngo", reliability="B")
    unicef = source_create(user=verifier, name="UNICEF", source_type="un_agency", reliability="A")
    report = report_create(
        user=verifier,
        source=uossm,
        kind="newsletter",
        language="en",
        title="Newsletter October 2016",
    )
    quoted = figure_record(
        user=verifier,
        report=report,
        quantity=96,
        measure="children_killed",
        population="children",
        quote="96 children dead – UNICEF",
        attributed_to=unicef,
    )
    own = figure_record(
        user=verifier,
        report=report,
        quantity=1600,
        measure="injured",
        population="civilians",
        quote="1,600 injured",
    )
    return {"uossm": uossm, "unicef": unicef, "report": report, "quoted": quoted, "own": own}


def test_every_figure_comes_with_its_source_report_and_quote(
    world: World, newsletter: dict[str, object], clients: dict[str, Client]
) -> None:
    rows = clients["analyst"].get("/api/figures").json()["results"]
    assert len(rows) == 3
    for row in rows:
        assert (
            row["stated_by"]["name"]
            and row["report"]["id"]
            and row["report"]["source"]["name"]
            and row["quote"]
        )
    quoted = next(r for r in rows if r["quantity"] == 96)
    assert quoted["stated_by"]["name"] == "UNICEF" and quoted["report"]["source"]["name"] == "UOSSM"


def test_figures_can_be_filtered_by_measure_and_by_the_source_they_are_credited_to(
    newsletter: dict[str, object], clients: dict[str, Client]
) -> None:
    client = clients["analyst"]
    assert [
        r["quantity"] for r in client.get("/api/figures?measure=children_killed").json()["results"]
    ] == [96]
    by_unicef = client.get(f"/api/figures?source={newsletter['unicef'].pk}").json()["results"]  # type: ignore[attr-defined]
    by_uossm = client.get(f"/api/figures?source={newsletter['uossm'].pk}").json()["results"]  # type: ignore[attr-defined]
    assert [r["quantity"] for r in by_unicef] == [96] and [r["quantity"] for r in by_uossm] == [
        1600
    ]


def test_a_report_detail_holds_its_records_and_figures(
    world: World, clients: dict[str, Client]
) -> None:
    detail = clients["analyst"].get(f"/api/reports/{world.report.pk}").json()
    assert [r["incident"] for r in detail["incident_records"]] == [world.public.pk]
    assert [f["quantity"] for f in detail["figures"]] == [450]
    assert "lat" not in detail["incident_records"][0] and "informant_name" not in detail
    assert detail["person_records"] == []  # restricted entirely: not even their number shows


def test_only_need_to_know_roles_read_informants_and_the_read_is_audited(
    world: World, clients: dict[str, Client]
) -> None:
    detail = clients["verifier"].get(f"/api/reports/{world.report.pk}").json()
    assert detail["informant_name"] == CANARY_INFORMANT
    entry = last_audit("carewatch.report.restricted_viewed")
    assert entry.object_id == str(world.report.pk) and "informant_name" in entry.after["fields"]


def test_sources_list_their_report_counts_and_hide_descriptions_from_no_one_on_staff(
    world: World, clients: dict[str, Client]
) -> None:
    rows = clients["analyst"].get("/api/sources").json()["results"]
    white_helmets = next(r for r in rows if r["name"] == "White Helmets")
    assert white_helmets["report_count"] == 1 and white_helmets["reliability"] == "B"
    assert clients["field_documenter"].get("/api/sources").json()["count"] == 0


def test_a_verifier_adds_a_source_a_report_and_a_figure(
    world: World, clients: dict[str, Client]
) -> None:
    client = clients["verifier"]
    source = send(
        client,
        "post",
        "/api/sources",
        {"name": "WHO SSA", "source_type": "un_agency", "url": "https://extranet.who.int/ssa"},
    )
    assert source.status_code == 201, source.content
    report = send(
        client,
        "post",
        "/api/reports",
        {
            "source": source.json()["id"],
            "kind": "dataset_row",
            "language": "en",
            "dataset_key": "SSA-2017-0042",
            "informant_name": "kept restricted",
        },
    )
    assert report.status_code == 201 and report.json()["informant_name"] == "kept restricted"
    figure = send(
        client,
        "post",
        "/api/figures",
        {
            "report": report.json()["id"],
            "quantity": 5,
            "quantity_high": 7,
            "measure": "staff_killed",
            "population": "health_workers",
            "quote": "five to seven staff killed",
            "place": "SY07",
            "period_start": "2017-09-01",
            "period_end": "2017-09-30",
            "incident": world.public.pk,
        },
    )
    assert figure.status_code == 201, figure.content
    assert (
        figure.json()["place"]["pcode"] == "SY07"
        and figure.json()["stated_by"]["name"] == "WHO SSA"
    )
    for action in (
        "carewatch.source.created",
        "carewatch.report.received",
        "carewatch.figure.recorded",
    ):
        assert last_audit(action).actor == world.personas["verifier"]


def test_changing_a_source_needs_its_current_version(
    world: World, clients: dict[str, Client]
) -> None:
    url = f"/api/sources/{world.source.pk}"
    changed = send(
        clients["verifier"],
        "patch",
        url,
        {"reliability": "A", "version": 1, "reason": "track record"},
    )
    stale = send(clients["verifier"], "patch", url, {"reliability": "C", "version": 1})
    assert changed.status_code == 200 and changed.json()["reliability"] == "A"
    assert stale.status_code == 409
    assert audit_count("carewatch.source.changed") == 1
