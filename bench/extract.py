"""Benchmark: figure extraction, documents per second and recall / precision, beside a reference.

    uv run python bench/extract.py                       # the project's annotated corpus
    uv run python bench/extract.py --corpus FOLDER       # any folder with an expected.json

Targets (docs/performance.md, "figure extraction"): >= 200 documents/s; recall and precision
>= 0.9 on the figures a reader would list, the source right where the text names one. The
documents: the annotated corpus (tests/core/data/extraction: six texts, two per language, written
for the tests) and the two seed documents when ../shared is beside the project. The reference in
the same run: one pass of a regular expression finding every run of digits in the same texts,
the least any reading of figures must do, so the ratio says what the rest of the reading costs.
``--corpus`` scores another annotated folder (real texts kept aside) the same way
(``carewatch_core.extraction.scoring``: a figure is found when its quantity and measure are right).
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

from carewatch_core.extraction import extract
from carewatch_core.extraction.scoring import corpus, score
from carewatch_core.geo.gazetteer import Gazetteer

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "core" / "data" / "extraction"
SEEDS = ROOT.parent / "shared" / "seeds"
TARGET_RATE = 200.0
TARGET_SCORE = 0.9
SECONDS = 5.0


def timed(work: list[str], each: object, seconds: float) -> tuple[int, float]:
    """How many documents ``each`` reads in about ``seconds`` (whole passes over ``work``)."""
    done, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in work:
            each(text)  # type: ignore[operator]
        done += len(work)
    return done, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder with expected.json")
    parser.add_argument("--seconds", type=float, default=SECONDS)
    options = parser.parse_args()
    gazetteer = Gazetteer.load("SY")
    texts = corpus(options.corpus)
    work = [t.text for t in texts] + [
        p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))
    ]
    size = sum(len(t) for t in work) / len(work)
    print(f"{len(work)} documents, {size:,.0f} characters each on average")

    digits = re.compile(r"\d+")
    reference, ref_wall = timed(work, digits.findall, options.seconds / 5)
    extract(work[0], gazetteer=gazetteer)  # the gazetteer's index is built once, on first use
    read, wall = timed(work, lambda t: extract(t, gazetteer=gazetteer), options.seconds)
    rate, ref_rate = read / wall, reference / ref_wall
    print(f"reference (digit runs)   {ref_rate:12,.0f} documents/s")
    print(f"extraction               {rate:12,.0f} documents/s   ({1000 / rate:.2f} ms each)")
    print(f"ratio reference / extraction: {ref_rate / rate:,.0f}x")

    found = score(texts, gazetteer)
    print(
        f"{options.corpus.name}: {found.found} figures found, {len(found.missed)} missed, "
        f"{len(found.extra)} extra; recall {found.recall:.2f}, precision {found.precision:.2f}, "
        f"sources right {found.source_accuracy:.2f}"
    )
    for line in found.missed:
        print(f"  missed  {line}")
    for line in found.extra:
        print(f"  extra   {line}")
    for line in found.wrong_sources:
        print(f"  source  {line}")
    checks = [
        (f"documents/s >= {TARGET_RATE:.0f}", rate >= TARGET_RATE),
        (f"recall >= {TARGET_SCORE}", found.recall >= TARGET_SCORE),
        (f"precision >= {TARGET_SCORE}", found.precision >= TARGET_SCORE),
        (f"sources right >= {TARGET_SCORE}", found.source_accuracy >= TARGET_SCORE),
    ]
    for name, met in checks:
        print(f"  {'met' if met else 'NOT MET'}: {name}")


if __name__ == "__main__":
    main()
