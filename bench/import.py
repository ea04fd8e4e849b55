"""Benchmark: importing Insecurity Insight rows, beside the bare bulk load of the same rows.

    uv run python bench/import.py                 # 1,000,000 rows, SQLite and PostgreSQL
    uv run python bench/import.py --rows 100000   # quicker
    uv run python bench/import.py --no-postgres

Target (docs/performance.md, "import"): within 2x of the storage floor (below) on both databases,
the floor within 3x of the bare database bulk load of the same rows, peak memory <= 2 GiB. The
script writes a seeded CSV in the Insecurity Insight schema (35 columns, header and HXL rows), then
for each database runs a child process that (1) imports the file with ``import_file`` (the code
behind ``carewatch import``) into a freshly migrated instance and (2) loads the same CSV rows
through the driver alone into a 35-column text table (``sqlite3`` ``executemany`` / psycopg
``COPY``): the physical limit. A third figure, the *storage floor*, loads the import's own finished
rows (one report and one incident record per data row, exactly as stored, read back from the
import) through the same driver path into an empty copy of the two tables: what writing the stored
form costs with no reading and no mapping, so the import's time splits into storage and everything
else. Peak memory is the child's maximum resident set size (``getrusage``), Django included, plus
that of each process the import maps a large file in (``CAREWATCH_IMPORT_CHILD_BYTES``).
PostgreSQL runs in a scratch database created and dropped here (never ``test``). An XLSX file of
``--xlsx-rows`` rows is also imported into SQLite and PostgreSQL, beside the same rows read by
python-calamine and loaded bare. The XLSX file is written by openpyxl's write-only mode, which stores text as inline
strings, as exports from many tools do (Excel itself uses a shared-string table, which both readers
read faster).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
SCRATCH_DB = "carewatch_bench_import"
TARGET_FLOOR_RATIO = 2.0
TARGET_RATIO = 3.0
TARGET_RSS_MIB = 2048

HEADER = [
    "Date",
    "Event Description",
    "Country",
    "Country ISO",
    "Admin 1",
    "Latitude",
    "Longitude",
    "Geo Precision",
    "Reported Perpetrator",
    "Reported Perpetrator Name",
    "Weapon Carried/Used",
    "Location ",
    "Number of Attacks on Health Facilities Reporting Destruction",
    "Number of Attacks on Health Facilities Reporting Damaged",
    "Forceful Entry into Health Facility",
    "Occupation of Health Facility",
    "Health Transportation Destroyed",
    "Health Transportation Damaged",
    "Health Transportation Stolen/Hijacked",
    "Looting/Theft/Robbery/Burglary of Health Supplies",
    "Access Denied or Obstructed",
    "Health Workers Killed",
    "Health Workers Injured",
    "Health Workers Kidnapped",
    "Health Workers Arrested",
    "Known Kidnapping or Arrest Outcome",
    "Health Workers Threatened",
    "Health Workers Assaulted",
    "Health Workers Sexually Assaulted",
    "Conflict-Related Violence",
    "Political-Related Violence",
    "COVID-19-Related Violence",
    "Ebola-Related Violence",
    "Vaccination-Related Violence",
    "SiND Event ID",
]
HXL = [
    "#date",
    "",
    "#country +name",
    "#country +ISO",
    "#admin1",
    "#lat",
    "#long",
    "",
    "#group +perp",
    "#group +perp +name",
    "#weapons",
    "#loc",
    "#indicator +health_facility +destroyed +num",
    "#indicator +health_facility +damaged +num",
    "#indicator +health_facility +armed_entry +num",
    "#indicator +health_facility +occupy",
    "#indicator +health_transport +destroyed +num",
    "#indicator +health_transport +damaged +num",
    "#indicator +health_transport +abducted +num",
    "#indicator +health_supplies +taken +num",
    "#indicator +health_obstruction",
    "#affected +healthworker +killed",
    "#affected +healthworker +injured",
    "#affected +healthworker +kidnapped",
    "#affected +healthworker +arrested",
    "",
    "#affected +healthworker +threatened",
    "#affected +healthworker +assaulted",
    "#affected +healthworker +SGBV",
    "#affected +conflict",
    "#affected +political",
    "#affected +COVID",
    "#affected +Ebola",
    "#affected +Vaccine",
    "",
]
GOVERNORATES = [
    "Idlib Governorate",
    "Aleppo Governorate",
    "Rif Dimashq Governorate",
    "Daraa Governorate",
    "Hama Governorate",
    "Deir Ezzor Governorate",
    "Al-Hasaka Governorate",
    "Homs Governorate",
    "Ar-Raqqah Governorate",
    "Latakia Governorate",
    "No Information",
]
WEAPONS = [
    "Firearms",
    "Aerial Bomb: Plane",
    "Shelling",
    "No Information on the Weapon Used",
    "Aerial Bomb: Missile",
    "Arson",
    "Rocket",
    "Aerial Bomb: Drone",
    "Firearms, Knife",
    "Unspecified Explosive",
]
PERPETRATORS = [
    "Armed Forces of Government/Self-Declared Government",
    "NSA",
    "No Information",
    "Foreign Forces: Military",
    "Police",
    "Criminal",
    "Multiple",
]
LOCATIONS = [
    "Health Building",
    "Road",
    "No Information",
    "Home",
    "Open Space",
    "Checkpoint",
    "IDP/Refugee Camp",
]
PRECISIONS = [
    "(2) 25 km Precision ",
    "(3) District, Communicipality or Commune ",
    "(4) Province, State, Governorate ",
]


def generate(path: Path, rows: int, seed: int) -> None:
    """A seeded CSV in the Insecurity Insight schema: 80% Syrian rows, the rest elsewhere."""
    rng = random.Random(seed)
    start = datetime.date(2016, 1, 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerow(HXL)
        for event_id in range(1, rows + 1):
            writer.writerow(_row(rng, start, event_id))


def _row(rng: random.Random, start: datetime.date, event_id: int) -> list[object]:
    syria = rng.random() < 0.8
    day = start + datetime.timedelta(days=rng.randrange(2900))
    lat, lon = (
        (round(rng.uniform(32.5, 37.0), 6), round(rng.uniform(36.0, 42.0), 6))
        if syria
        else (31.5, 34.47)
    )
    count = lambda: rng.choice(["0", "0", "0", "1", "2", ""])  # noqa: E731
    return [
        day.isoformat(),
        f"{day:%B %Y}: A health facility was hit; {rng.randrange(1, 9)} staff affected.",
        "Syria" if syria else "OPT",
        "SYR" if syria else "PSE",
        rng.choice(GOVERNORATES) if syria else "Gaza Strip",
        lat,
        lon,
        rng.choice(PRECISIONS),
        rng.choice(PERPETRATORS),
        "Unidentified Armed Actor",
        rng.choice(WEAPONS),
        rng.choice(LOCATIONS),
        *(count() for _ in range(8)),
        rng.choice(["FALSE", "TRUE"]),
        *(count() for _ in range(4)),
        "",
        *(count() for _ in range(3)),
        "ConflictEvent",
        "NotApplicable",
        "NotApplicable",
        "NotApplicable",
        "NotApplicable",
        event_id,
    ]


def generate_xlsx(source: Path, path: Path, rows: int) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("2016-23 Attacks on Health Care ")
    with source.open(encoding="utf-8", newline="") as handle:
        for index, row in enumerate(csv.reader(handle)):
            if index >= rows + 2:
                break
            sheet.append(row)
    book.save(path)


# The child process: one database, one import, one bare load.


def child(target: str, path: Path, database_url: str, data_dir: Path) -> dict[str, Any]:
    os.environ["DATABASE_URL"] = database_url
    os.environ["CAREWATCH_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carewatch.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from carewatch.imports.services import ImportOptions, import_file
    from carewatch.places.services import gazetteer_load

    call_command("migrate", verbosity=0)
    gazetteer_load(user=None)
    sqlite = target.startswith("sqlite")
    if sqlite:
        _snapshot(data_dir / "floor.sqlite3")
    load = os.getloadavg()[0]
    started = time.perf_counter()
    run = import_file(
        user=None,
        path=path,
        options=ImportOptions(profile="insecurity_insight", valid_rows_only=True),
    )
    seconds = time.perf_counter() - started
    # KiB on Linux, before the references; with the peaks of the import's mapping processes, if
    # it had them (``CAREWATCH_IMPORT_CHILD_BYTES``): they run at once, so their peaks are added
    # (the largest one's, as ``getrusage`` gives it, once for each process: a bound from above).
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if path.stat().st_size >= settings.CAREWATCH_IMPORT_CHILD_BYTES > 0:
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rss += children * settings.CAREWATCH_IMPORT_MAPPING_PROCESSES
    bare = _bare_sqlite(path, data_dir) if sqlite else _bare_postgres(path, database_url)
    floor = _floor_sqlite(data_dir) if sqlite else _floor_postgres(database_url, data_dir)
    return {
        "target": target,
        "summary": run.summary(),
        "seconds": seconds,
        "bare_seconds": bare,
        "floor_seconds": floor,
        "rss_mib": rss / 1024,
        "load": [load, os.getloadavg()[0]],
    }


def _rows(path: Path) -> Any:
    """The data rows (after the header and HXL rows), read as plainly as the format allows: the
    csv module for CSV, python-calamine (the import's fast workbook reader) for XLSX."""
    if path.suffix == ".xlsx":
        import python_calamine

        sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.iter_rows()
        next(rows)
        next(rows)
        return rows
    handle = path.open(encoding="utf-8", newline="")
    reader = csv.reader(handle)
    next(reader)
    next(reader)
    return reader


def _bare_sqlite(path: Path, data_dir: Path) -> float:
    import sqlite3

    connection = sqlite3.connect(data_dir / "bare.sqlite3")
    connection.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
    columns = ", ".join(f"c{i} TEXT" for i in range(len(HEADER)))
    connection.execute(f"CREATE TABLE bare_rows (id INTEGER PRIMARY KEY AUTOINCREMENT, {columns})")
    marks = ", ".join("?" * len(HEADER))
    started = time.perf_counter()
    with connection:
        connection.executemany(f"INSERT INTO bare_rows VALUES (NULL, {marks})", _rows(path))  # noqa: S608
    seconds = time.perf_counter() - started
    connection.close()
    return seconds


def _bare_postgres(path: Path, url: str) -> float:
    import psycopg

    with psycopg.connect(url) as connection:
        columns = ", ".join(f"c{i} text" for i in range(len(HEADER)))
        connection.execute(
            f"CREATE TABLE bare_rows (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, {columns})"
        )
        names = ", ".join(f"c{i}" for i in range(len(HEADER)))
        started = time.perf_counter()
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY bare_rows ({names}) FROM STDIN") as copy,
        ):
            for row in _rows(path):
                copy.write_row(row)
        connection.commit()
        return time.perf_counter() - started


# The storage floor: the import's stored rows written again, alone.

FLOOR_TABLES = (
    "sources_report",
    "incidents_incidentrecord",
)  # in that order (records refer to reports)
FLOOR_BATCH = 20_000


def _snapshot(target: Path) -> None:
    """The migrated database before the import (gazetteer, no reports): where the floor writes."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM INTO %s", [str(target)])


def _floor_sqlite(data_dir: Path) -> float:
    """Seconds to insert the stored reports and records, batch by batch, as the import's writer does."""
    import sqlite3

    source = sqlite3.connect(data_dir / "carewatch.sqlite3")
    target = sqlite3.connect(data_dir / "floor.sqlite3", isolation_level=None)
    target.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        "PRAGMA cache_size=-262144;"
    )  # as the import's connection
    seconds = 0.0
    target.execute("BEGIN")
    sources = source.execute(
        "SELECT * FROM sources_source"
    ).fetchall()  # made by the import: not timed
    target.executemany(
        f"INSERT OR IGNORE INTO sources_source VALUES ({', '.join('?' * len(sources[0]))})",  # noqa: S608
        sources,
    )
    for table in FLOOR_TABLES:
        last = 0
        while rows := source.execute(
            f"SELECT * FROM {table} WHERE id > ? ORDER BY id LIMIT ?",  # noqa: S608
            (last, FLOOR_BATCH),
        ).fetchall():
            marks = ", ".join("?" * len(rows[0]))
            started = time.perf_counter()
            target.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)  # noqa: S608
            seconds += time.perf_counter() - started
            last = rows[-1][0]
    started = time.perf_counter()
    target.execute("COMMIT")
    return seconds + time.perf_counter() - started


def _floor_postgres(url: str, data_dir: Path) -> float:
    """Seconds to COPY the stored reports and records into copies of their tables (indexes and
    checks included, foreign keys not), from files dumped beforehand."""
    import psycopg

    seconds = 0.0
    with psycopg.connect(url) as connection:
        for table in FLOOR_TABLES:
            dump = data_dir / f"{table}.copy"
            with (
                dump.open("wb") as handle,
                connection.cursor().copy(f"COPY {table} TO STDOUT") as copy,
            ):
                for chunk in copy:
                    handle.write(chunk)
            connection.execute(f"CREATE TABLE floor_{table} (LIKE {table} INCLUDING ALL)")
            started = time.perf_counter()
            with (
                dump.open("rb") as handle,
                connection.cursor().copy(f"COPY floor_{table} FROM STDIN") as copy,
            ):
                while chunk := handle.read(1 << 20):
                    copy.write(chunk)
            seconds += time.perf_counter() - started
            dump.unlink()
        started = time.perf_counter()
        connection.commit()
        return seconds + time.perf_counter() - started


# The parent: data, scratch databases, children, figures.


def run_child(target: str, path: Path, url: str, work: Path) -> dict[str, Any]:
    data_dir = work / f"instance-{target}"
    data_dir.mkdir()
    command = [
        sys.executable,
        __file__,
        "--child",
        target,
        "--file",
        str(path),
        "--database",
        url,
        "--data-dir",
        str(data_dir),
    ]
    done = subprocess.run(command, check=False, capture_output=True, text=True, cwd=ROOT)
    if done.returncode:
        sys.exit(f"{target} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def scratch_postgres(create: bool) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN, autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DB}")
        if create:
            connection.execute(f"CREATE DATABASE {SCRATCH_DB}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20161)
    parser.add_argument(
        "--xlsx-rows", type=int, default=20_000, help="rows of the XLSX run (0: skip)"
    )
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--child")
    parser.add_argument("--file", type=Path)
    parser.add_argument("--database")
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.file, args.database, args.data_dir)))
        return 0
    return parent(args)


def parent(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="carewatch-bench-import-") as folder:
        work = Path(folder)
        path = work / "incidents.csv"
        generate(path, args.rows, args.seed)
        print(
            f"generated {args.rows:,} rows, {path.stat().st_size / 2**20:,.0f} MiB CSV (seed {args.seed})",
            flush=True,
        )
        results = [
            run_child(
                "sqlite", path, f"sqlite:///{work / 'instance-sqlite' / 'carewatch.sqlite3'}", work
            )
        ]
        _print(results[-1], args.rows)
        if not args.no_postgres:
            scratch_postgres(create=True)
            try:
                results.append(
                    run_child(
                        "postgresql", path, PG_ADMIN.rsplit("/", 1)[0] + "/" + SCRATCH_DB, work
                    )
                )
            finally:
                scratch_postgres(create=False)
            _print(results[-1], args.rows)
        if args.xlsx_rows:
            results += _workbook_runs(args, path, work)
    return _verdict(results)


def _workbook_runs(args: argparse.Namespace, path: Path, work: Path) -> list[dict[str, Any]]:
    """The first ``--xlsx-rows`` rows as a workbook, imported into SQLite and PostgreSQL."""
    xlsx = work / "incidents.xlsx"
    rows = min(args.xlsx_rows, args.rows)
    generate_xlsx(path, xlsx, rows)
    print(f"generated {rows:,} rows, {xlsx.stat().st_size / 2**20:,.0f} MiB XLSX", flush=True)
    sqlite = f"sqlite:///{work / 'instance-sqlite-xlsx' / 'carewatch.sqlite3'}"
    results = [run_child("sqlite-xlsx", xlsx, sqlite, work)]
    _print(results[-1], rows)
    if not args.no_postgres:
        scratch_postgres(create=True)
        try:
            url = PG_ADMIN.rsplit("/", 1)[0] + "/" + SCRATCH_DB
            results.append(run_child("postgresql-xlsx", xlsx, url, work))
        finally:
            scratch_postgres(create=False)
        _print(results[-1], rows)
    return results


def _print(result: dict[str, Any], rows: int) -> None:
    rate = rows / result["seconds"]
    bare = rows / result["bare_seconds"]
    floor = result["floor_seconds"]
    print(
        f"{result['target']:<12} import {result['seconds']:8.1f} s {rate:>9,.0f} rows/s | bare driver load "
        f"{result['bare_seconds']:6.1f} s {bare:>9,.0f} rows/s | "
        f"ratio {result['seconds'] / result['bare_seconds']:5.1f}x | "
        f"storage floor {floor:6.1f} s {rows / floor:>9,.0f} rows/s ({floor / result['bare_seconds']:.1f}x bare, "
        f"import {result['seconds'] / floor:.1f}x the floor) | "
        f"peak RSS {result['rss_mib']:,.0f} MiB | load {result['load'][0]:.1f}→{result['load'][1]:.1f} | "
        f"{json.dumps(result['summary'])}",
        flush=True,
    )


def _verdict(results: list[dict[str, Any]]) -> int:
    """The revised target (docs/performance.md): each import, CSV or workbook, within 2x of its
    storage floor, the floor within 3x of the bare load (CSV: a workbook's bare load includes
    reading the workbook, which the floor does not), peak memory within 2 GiB."""
    parts = []
    for result in results:
        ratio = result["seconds"] / result["floor_seconds"]
        part = (
            f"{result['target']} import {ratio:.1f}x the floor (<= {TARGET_FLOOR_RATIO:.0f}x: "
            f"{'met' if ratio <= TARGET_FLOOR_RATIO else 'NOT met'})"
        )
        if not result["target"].endswith("xlsx"):
            floor = result["floor_seconds"] / result["bare_seconds"]
            part += (
                f", floor {floor:.1f}x bare "
                f"(<= {TARGET_RATIO:.0f}x: {'met' if floor <= TARGET_RATIO else 'NOT met'})"
            )
        parts.append(part)
    peak = max(r["rss_mib"] for r in results)
    parts.append(
        f"peak <= {TARGET_RSS_MIB:,} MiB: {peak:,.0f} MiB ({'met' if peak <= TARGET_RSS_MIB else 'NOT met'})"
    )
    print("targets: " + "; ".join(parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
