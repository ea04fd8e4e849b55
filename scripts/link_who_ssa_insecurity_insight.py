"""Link the Syria rows of the WHO SSA export to those of the Insecurity Insight workbook.

    uv run python scripts/link_who_ssa_insecurity_insight.py [DATA_DIR] [--examples N]

DATA_DIR is ../shared/data by default (who_ssa/attacks-on-health-care-systems-data.csv and
insecurity_insight/2016-2023-attacks-on-health-care-incident-data.xlsx; see PROVENANCE.md
there). The two have no shared key, and WHO SSA gives no place below the country, so what
can agree is the day, the attack types and what was hit (facility, transport, personnel).
Counts are not compared: WHO gives all people killed and injured, Insecurity Insight health
workers only. Candidate pairs are records of the same day (or, for month-precise records,
the same month). Prints the counts, then examples of linked pairs with the Insecurity
Insight description, to be read by a person.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import random
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from splink import block_on

from carewatch_core.linkage.engine import database_api, predicted_pairs, trained_linker
from carewatch_core.linkage.features import incident_columns
from carewatch_core.linkage.incidents import THRESHOLD, incident_model
from carewatch_core.linkage.records import DAY, IncidentRecord

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"
WHO_FILE = Path("who_ssa") / "attacks-on-health-care-systems-data.csv"
II_FILE = Path("insecurity_insight") / "2016-2023-attacks-on-health-care-incident-data.xlsx"
II_SHEET = "2016-23 Attacks on Health Care "

#: WHO SSA attack type text (start) -> attack-type code.
WHO_TYPES = {
    "Violence with heavy weapons": "heavy_weapons",
    "Violence with individual weapons": "individual_weapons",
    "Obstruction to health care delivery": "obstruction",
    "Abduction/Arrest/Detention": "abduction_arrest",
    "Armed or violent search": "armed_search",
    "Removal of health care assets": "removal_of_assets",
    "Assault (without weapons)": "assault",
    "Psychological violence": "threat",
    "Militarization of a health care asset": "militarization",
    "Setting fire": "fire",
    "Chemical agent": "chemical",
    "Criminalization of health care": "criminalization",
}
HEAVY_WEAPONS = ("missile", "aerial", "bomb", "shelling", "artillery", "rocket", "mortar", "barrel")


def who_records(path: Path) -> tuple[list[IncidentRecord], dict[str, dict[str, str]]]:
    records, rows = [], {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["Country / Territory"] != "Syrian Arab Republic":
                continue
            record_id = f"who:{row['Attack ID']}"
            kinds = {code for text, code in WHO_TYPES.items() if text in row["Attack Type"]}
            hit = {
                f"hit:{name}"
                for name, column in (
                    ("facility", "HC Facilities"),
                    ("transport", "HC Transport"),
                    ("personnel", "HC Personnel"),
                )
                if row[column] == "YES"
            }
            day = datetime.strptime(row["Attack Date"], "%m/%d/%y %I:%M %p").date()
            records.append(
                IncidentRecord(
                    record_id,
                    "WHO SSA",
                    date=day,
                    date_precision=DAY,
                    attack_types=frozenset(kinds | hit),
                )
            )
            rows[record_id] = row
    return records, rows


def _ii_kinds(row: dict[str, Any]) -> set[str]:
    weapon = str(row["Weapon Carried/Used"] or "").casefold()
    numbers = {key: row[key] or 0 for key in row if isinstance(row[key], int | float)}
    kinds = {"heavy_weapons"} if any(word in weapon for word in HEAVY_WEAPONS) else set()
    kinds |= {"individual_weapons"} if "firearm" in weapon or "ied" in weapon else set()
    kinds |= {"fire"} if "arson" in weapon else set()
    rules = (
        ("Forceful Entry into Health Facility", "armed_search"),
        ("Occupation of Health Facility", "militarization"),
        ("Looting/Theft/Robbery/Burglary of Health Supplies", "removal_of_assets"),
        ("Health Workers Kidnapped", "abduction_arrest"),
        ("Health Workers Arrested", "abduction_arrest"),
        ("Health Workers Threatened", "threat"),
        ("Health Workers Assaulted", "assault"),
    )
    kinds |= {code for column, code in rules if numbers.get(column, 0)}
    if row["Access Denied or Obstructed"] is True:
        kinds.add("obstruction")
    return kinds


def _ii_hit(row: dict[str, Any]) -> set[str]:
    def some(*columns: str) -> bool:
        return any((row[column] or 0) for column in columns)

    hit = set()
    if some(
        "Number of Attacks on Health Facilities Reporting Destruction",
        "Number of Attacks on Health Facilities Reporting Damaged",
        "Forceful Entry into Health Facility",
        "Occupation of Health Facility",
    ):
        hit.add("hit:facility")
    if some(
        "Health Transportation Destroyed",
        "Health Transportation Damaged",
        "Health Transportation Stolen/Hijacked",
    ):
        hit.add("hit:transport")
    if some(
        "Health Workers Killed",
        "Health Workers Injured",
        "Health Workers Kidnapped",
        "Health Workers Arrested",
        "Health Workers Threatened",
        "Health Workers Assaulted",
    ):
        hit.add("hit:personnel")
    return hit


def ii_records(path: Path) -> tuple[list[IncidentRecord], dict[str, dict[str, Any]]]:
    import openpyxl

    sheet = openpyxl.load_workbook(path, read_only=True)[II_SHEET]
    lines = sheet.iter_rows(values_only=True)
    header = [str(name) for name in next(lines)]
    next(lines)  # HXL hashtags
    records, rows = [], {}
    for number, values in enumerate(lines, start=3):
        row = dict(zip(header, values, strict=False))
        if row["Country"] != "Syria" or not isinstance(row["Date"], datetime):
            continue
        record_id = f"ii:{row['SiND Event ID'] or number}"
        place = str(row["Admin 1"] or "").replace(" Governorate", "")
        records.append(
            IncidentRecord(
                record_id,
                "Insecurity Insight",
                date=row["Date"].date(),
                date_precision=DAY,
                place=place,
                lat=row["Latitude"],
                lon=row["Longitude"],
                attack_types=frozenset(_ii_kinds(row) | _ii_hit(row)),
            )
        )
        rows[record_id] = row
    return records, rows


def describe(record_id: str, who: dict[str, dict[str, str]], ii: dict[str, dict[str, Any]]) -> str:
    if record_id in who:
        row = who[record_id]
        return (
            f"  WHO {row['Attack ID']} {row['Attack Date'][:8]}: {row['Attack Type'][:60]}; "
            f"killed {row['Total Death']}, injured {row['Total Injured']}, facility {row['Type of Facility'] or '-'}"
        )
    row = ii[record_id]
    day: date = row["Date"].date()
    return f"  II  {row['SiND Event ID']} {day} {row['Admin 1']}: {str(row['Event Description'])[:220]}"


def _compatible(who_row: dict[str, str], ii_row: dict[str, Any]) -> int:
    """How many of WHO's counts (all people) are at least Insecurity Insight's (health
    workers only): a tie-breaker between candidates of the same score."""
    pairs = (("Total Death", "Health Workers Killed"), ("Total Injured", "Health Workers Injured"))
    return sum(float(who_row[w] or 0) >= float(ii_row[i] or 0) for w, i in pairs)


def one_to_one(
    pairs: list[tuple[str, str, float]],
    who: dict[str, dict[str, str]],
    ii: dict[str, dict[str, Any]],
) -> tuple[list[tuple[str, str, float]], list[str]]:
    """Greedy one-to-one matching of cross-source pairs, best first (score, then count
    compatibility). A record whose best candidates tie is left out and listed as ambiguous."""
    cross = []
    for left, right, score in pairs:
        if left.startswith("who") != right.startswith("who"):
            w, i = (left, right) if left.startswith("who") else (right, left)
            cross.append((score, _compatible(who[w], ii[i]), w, i))
    best: dict[str, list[tuple[float, int]]] = defaultdict(list)
    for score, fit, w, i in cross:
        best[w].append((score, fit))
        best[i].append((score, fit))
    ambiguous = {
        r
        for r, options in best.items()
        if len(options) > 1 and sorted(options)[-1] == sorted(options)[-2]
    }
    taken: set[str] = set()
    matches = []
    for score, _fit, w, i in sorted(cross, reverse=True):
        if w in taken or i in taken or w in ambiguous or i in ambiguous:
            continue
        taken |= {w, i}
        matches.append((w, i, score))
    return matches, sorted(ambiguous)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--examples", type=int, default=12)
    options = parser.parse_args()
    who, who_rows = who_records(options.data / WHO_FILE)
    ii, ii_rows = ii_records(options.data / II_FILE)
    print(f"Syria rows: WHO SSA {len(who)}, Insecurity Insight {len(ii)}")
    # WHO gives no place or facility: block, train and estimate the prior on the day alone
    # (most reports of one attack give the same day: recall of that rule taken as 0.8).
    same_day = [block_on("day_start")]
    model = dataclasses.replace(
        incident_model(),
        blocking=same_day,
        training_blocks=[same_day],
        prior_rules=same_day,
        prior_recall=0.8,
    )
    linker = trained_linker(incident_columns([*who, *ii]), model, database_api(), lambda _: None)
    pairs = predicted_pairs(linker, THRESHOLD)
    matches, ambiguous = one_to_one(pairs, who_rows, ii_rows)
    ambiguous_who = [r for r in ambiguous if r.startswith("who")]
    print(f"candidate pairs at or above {THRESHOLD}: {len(pairs)}")
    print(
        f"one-to-one matches: {len(matches)}; WHO rows with tied best candidates (left for review): "
        f"{len(ambiguous_who)}; WHO rows without a candidate: "
        f"{len(who) - len(matches) - len(ambiguous_who)}"
    )
    for w, i, score in random.Random(1).sample(matches, min(options.examples, len(matches))):
        print(f"\nmatch {score:.2f}:")
        print(describe(w, who_rows, ii_rows))
        print(describe(i, who_rows, ii_rows))


if __name__ == "__main__":
    main()
