"""Benchmark: the export writers on incident-shaped rows, beside the bare csv module in the same run.

    uv run python bench/exports.py [ROWS]

Each writer gets the same ROWS (default 100,000) rows of the public incidents dataset's shape
(44 columns: text, dates, code lists, counts with blanks, coordinates; a few risky texts). The
reference is ``csv.writer`` writing the same values as plain tuples with no quoting rule, no
neutralisation and no type handling: the floor of any CSV writer in Python. Printed per writer:
seconds, rows/s, the ratio to the reference, and the peak of memory the writer allocated
(tracemalloc, a separate pass) — flat memory is what streaming is for. The XLSX writer is
measured beside openpyxl's write-only mode (the other streaming XLSX writer considered in
docs/decisions/0005-exports.md). Output goes to a temporary file (XLSX) or is discarded (chunks).
"""

from __future__ import annotations

import csv
import datetime
import io
import random
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator

from carewatch_core.exports import Column, Kind, csv_chunks, geojson_chunks, write_xlsx

MEASURES = (
    "killed_hw",
    "killed_patients",
    "killed_others",
    "injured_hw",
    "injured_patients",
    "injured_others",
    "killed_children",
    "injured_children",
    "hw_abducted",
    "hw_arrested",
    "hw_detained",
)
COLUMNS = (
    Column("reference", "", Kind.TEXT, "incident", "reference"),
    Column("date_start", "", Kind.DATE, "incident", "date_start"),
    Column("date_end", "", Kind.DATE, "incident", "date_end"),
    Column("date_precision", "", Kind.INTEGER, "incident", "x"),
    *(
        Column(f"adm{n}_{k}", "", Kind.TEXT, "incident", "governorate")
        for n in (1, 2)
        for k in ("code", "name_en", "name_ar")
    ),
    Column("lat", "", Kind.NUMBER, "incident", "x"),
    Column("lon", "", Kind.NUMBER, "incident", "x"),
    Column("geo_precision", "", Kind.INTEGER, "incident", "x"),
    Column("location_type", "", Kind.TEXT, "incident", "x"),
    Column("attack_types", "", Kind.LIST, "incident", "x"),
    Column("weapons", "", Kind.LIST, "incident", "x"),
    Column("resources", "", Kind.LIST, "incident", "x"),
    Column("facility_types", "", Kind.LIST, "incident", "x"),
    *(
        Column(m + s, "", Kind.INTEGER, "incident", "counts")
        for m in MEASURES
        for s in ("", "_max")
    ),
    Column("certainty", "", Kind.TEXT, "incident", "x"),
    Column("sources", "", Kind.LIST, "incident", "x"),
    Column("generated", "", Kind.BOOLEAN, "incident", "x"),
)
NAMES = [
    ("SY07", "Idleb", "إدلب"),
    ("SY02", "Aleppo", "حلب"),
    ("SY14", "Hama", "حماة"),
    ("SY01", "Damascus", "دمشق"),
]


def make_rows(n: int) -> list[dict[str, object]]:
    rng = random.Random(7)  # a seeded benchmark, not security
    rows = []
    for i in range(n):
        code, en, ar = rng.choice(NAMES)
        row: dict[str, object] = {
            "reference": f"CW-2017-{i:06d}" if i % 997 else '=HYPERLINK("http://x")',
            "date_start": datetime.date(2016, 1, 1) + datetime.timedelta(days=i % 2900),
            "date_end": None,
            "date_precision": 1,
            "adm1_code": code,
            "adm1_name_en": en,
            "adm1_name_ar": ar,
            "adm2_code": code + "00",
            "adm2_name_en": en,
            "adm2_name_ar": "مركز " + ar,
            "lat": 35.0 + rng.random(),
            "lon": 36.0 + rng.random(),
            "geo_precision": 3,
            "location_type": "health_building",
            "attack_types": ["heavy_weapons"],
            "weapons": ["aerial_bomb_plane", "barrel_bomb"],
            "resources": ["facility"],
            "facility_types": ["secondary"],
            "certainty": "confirmed",
            "sources": ["Insecurity Insight"],
            "generated": True,
        }
        for m in MEASURES:
            row[m] = rng.choice((None, None, 0, 1, 2, 5))
            row[m + "_max"] = None
        rows.append(row)
    return rows


def reference(rows: list[dict[str, object]]) -> None:
    names = [c.name for c in COLUMNS]
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([row.get(k) for k in names])
        if out.tell() > 1 << 20:
            out.seek(0)
            out.truncate()


def drain(chunks: Iterator[bytes]) -> None:
    for _chunk in chunks:
        pass


def openpyxl_write_only(rows: list[dict[str, object]]) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("data")
    names = [c.name for c in COLUMNS]
    sheet.append(names)
    for row in rows:
        sheet.append(
            ["; ".join(v) if isinstance(v, list) else v for v in (row.get(k) for k in names)]
        )
    with tempfile.TemporaryFile() as out:
        book.save(out)


def xlsxwriter_constant_memory(rows: list[dict[str, object]]) -> None:
    with tempfile.TemporaryFile() as out:
        write_xlsx(out, COLUMNS, iter(rows))


WRITERS: dict[str, Callable[[list[dict[str, object]]], None]] = {
    "reference: bare csv.writer": reference,
    "CSV (csv_chunks)": lambda rows: drain(csv_chunks(COLUMNS, iter(rows))),
    "HXL CSV (csv_chunks, hxl)": lambda rows: drain(
        csv_chunks(COLUMNS, iter(rows), hxl=True, bom=True)
    ),
    "GeoJSON (geojson_chunks)": lambda rows: drain(geojson_chunks(COLUMNS, iter(rows))),
    "XLSX (XlsxWriter, constant memory)": xlsxwriter_constant_memory,
    "XLSX (openpyxl write-only), compared": openpyxl_write_only,
}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rows = make_rows(n)
    print(f"{n:,} rows x {len(COLUMNS)} columns")
    print(f"{'writer':38} {'seconds':>8} {'rows/s':>10} {'x ref':>7} {'peak MiB':>9}")
    base = 0.0
    for name, write in WRITERS.items():
        started = time.perf_counter()
        write(rows)
        seconds = time.perf_counter() - started
        base = base or seconds
        tracemalloc.start()
        write(rows[: min(n, 20_000)])
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        print(f"{name:38} {seconds:8.2f} {n / seconds:10,.0f} {seconds / base:7.2f} {peak:9.1f}")
    print("peak MiB: memory the writer allocated over 20,000 rows (the rows themselves excluded)")


if __name__ == "__main__":
    main()
