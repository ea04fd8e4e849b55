"""Write the Syria rows of the two public datasets the demo loads into src/carewatch/demo/data/.

    uv run python scripts/extract_demo_datasets.py [--shared ../shared/data]

The Insecurity Insight workbook keeps its header row and its HXL hashtag row (as a CSV, which the
``insecurity_insight`` profile reads like the workbook); the WHO SSA export keeps its header.
Rows are kept as they are, in the files' order; only rows of Syria are kept. Attribution and
licences: src/carewatch/demo/data/README.md.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from carewatch_core.imports.fingerprint import cell_text
from carewatch_core.imports.xlsx import read_xlsx

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "carewatch" / "demo" / "data"
II_FILE = "insecurity_insight/2016-2023-attacks-on-health-care-incident-data.xlsx"
II_OUT = "insecurity-insight-2016-2023-syria.csv"
WHO_FILE = "who_ssa/attacks-on-health-care-systems-data.csv"
WHO_OUT = "who-ssa-syria.csv"


def _cell(value: object) -> str:
    return cell_text(value) or ""


def insecurity_insight(shared: Path) -> int:
    table = read_xlsx(shared / II_FILE)  # the first sheet, as an import reads it
    rows = (raw.cells for raw in table.rows)
    header, hashtags = next(rows), next(rows)
    country = header.index("Country")
    kept = 0
    with (OUT / II_OUT).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([_cell(v) for v in header])
        writer.writerow([_cell(v) for v in hashtags])
        for row in rows:
            if row[country] == "Syria":
                writer.writerow([_cell(v) for v in row])
                kept += 1
    table.close()
    return kept


def who_ssa(shared: Path) -> int:
    with (
        (shared / WHO_FILE).open(newline="", encoding="utf-8") as source,
        (OUT / WHO_OUT).open("w", newline="", encoding="utf-8") as handle,
    ):
        reader = csv.reader(source)
        writer = csv.writer(handle, quoting=csv.QUOTE_MINIMAL)
        header = next(reader)
        writer.writerow(header)
        country = header.index("Country / Territory")
        kept = 0
        for row in reader:
            if row[country] == "Syrian Arab Republic":
                writer.writerow(row)
                kept += 1
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    print(f"Insecurity Insight: {insecurity_insight(args.shared)} Syria rows -> {II_OUT}")
    print(f"WHO SSA: {who_ssa(args.shared)} Syria rows -> {WHO_OUT}")


if __name__ == "__main__":
    main()
