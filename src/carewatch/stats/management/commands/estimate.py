"""``carewatch estimate``: estimate the undocumented from how lists overlap (see docs/estimation.md).

Output is in English on purpose: it is a statistician's tool whose wording follows the
literature; the public pages that show estimates translate their own text.
"""

from __future__ import annotations

import json
import math
import secrets
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from carewatch.lib.commands import Operation
from carewatch_core.estimation import (
    METHODS,
    Estimate,
    LcmcrSettings,
    PatternTable,
    estimate,
    read_patterns_csv,
)


class Command(Operation):
    help = (
        "Estimate the total number of cases (documented and undocumented) from a CSV of capture "
        "patterns: one 0/1 column per list, the count last."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--patterns",
            required=True,
            metavar="FILE.csv",
            help="CSV: one 0/1 column per list, count last.",
        )
        parser.add_argument(
            "--method", choices=METHODS, default="lcmcr", help="lcmcr (default), loglinear or dga."
        )
        parser.add_argument(
            "--seed",
            type=int,
            help="Random seed for LCMCR (printed when not given, to repeat a run).",
        )
        parser.add_argument(
            "--json", action="store_true", help="Print one JSON object instead of text."
        )
        defaults = LcmcrSettings()
        parser.add_argument(
            "--burn-in", type=int, default=defaults.burn_in, help="LCMCR burn-in iterations."
        )
        parser.add_argument(
            "--samples", type=int, default=defaults.samples, help="LCMCR draws kept."
        )
        parser.add_argument(
            "--thinning",
            type=int,
            default=defaults.thinning,
            help="LCMCR iterations per kept draw.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        table = _read(Path(options["patterns"]))
        seed = options["seed"] if options["seed"] is not None else secrets.randbelow(2**31)
        try:
            settings = LcmcrSettings(
                burn_in=options["burn_in"], samples=options["samples"], thinning=options["thinning"]
            )
            result = estimate(table, options["method"], seed=seed, settings=settings)
        except ValueError as exc:
            raise CommandError(f"cannot estimate: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        else:
            self.stdout.write("\n".join(describe(result)))


def _read(path: Path) -> PatternTable:
    """The table, or a CommandError that says what is wrong with the file (never a traceback)."""
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        return read_patterns_csv(path)
    except UnicodeDecodeError:
        raise CommandError(
            f"{path}: not a text file in UTF-8 (save the spreadsheet as CSV UTF-8)"
        ) from None
    except ValueError as exc:
        raise CommandError(f"{path}: {exc}") from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror or exc})") from None


def describe(result: Estimate) -> list[str]:
    """The estimate as a few plain lines: figure and interval first, caveats last."""
    level = f"{result.level:.0%}"
    # Counts read best whole; log-linear estimates are quoted to one decimal (e.g. 14,341.7).
    digits = 1 if result.method == "loglinear" else 0
    upper = f"{result.upper:,.{digits}f}" if math.isfinite(result.upper) else "no upper bound"
    lines = [
        f"Estimated total: {result.estimate:,.{digits}f} ({level} interval {result.lower:,.{digits}f} to {upper})",
        f"Documented: {result.observed:,} on {len(result.lists)} lists ({', '.join(result.lists)}); "
        f"estimated undocumented: {result.undocumented:,.{digits}f}",
        f"Model: {result.model}",
    ]
    details = "; ".join(
        f"{key.replace('_', ' ')} {value}"
        for key, value in result.details.items()
        if value is not None
    )
    if details:
        lines.append(f"Details: {details}")
    lines.append("Warnings: none" if not result.warnings else "Warnings:")
    lines += [f"  - {warning}" for warning in result.warnings]
    lines.append("What the methods assume and what an estimate cannot say: docs/estimation.md")
    return lines
