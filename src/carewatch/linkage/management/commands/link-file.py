"""``carewatch link-file persons|incidents INPUT --out OUTPUT.csv``: link an analyst's list.

Reads a list (CSV in any common encoding and separator, an XLSX workbook's sheet, or JSON) of
person or incident records from several sources, finds which records are
the same person or incident (``carewatch_core.linkage``, Splink on DuckDB), and writes
``record_id, cluster_id, score``. A file with bad rows is refused with one message per
problem, and nothing is written; with ``--valid-rows-only`` the valid rows are linked and the
refused ones are listed, with their reasons, in ``OUTPUT.errors.csv``. ``--unknown VALUE`` (or
``COLUMN=VALUE``) adds to the markers read as "unknown"; ``--day-first``/``--month-first`` say how
dates such as 03/05/2013 are written when the file does not show it; ``--summary`` prints how the run was
made (columns used, m and u per level, prior, threshold, the pairs nearest the threshold).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from carewatch.lib.commands import LANGUAGES, Operation, environment_language
from carewatch.linkage.messages import describe, read_note, step_text, summary_lines
from carewatch_core.linkage.files import (
    INCIDENT_COLUMNS,
    PERSON_COLUMNS,
    PERSON_EXTRA,
    BadFile,
    ReadOptions,
    errors_path,
    read_incidents,
    read_persons,
    write_clusters,
    write_errors,
)
from carewatch_core.linkage.incidents import link_incidents
from carewatch_core.linkage.persons import link_persons
from carewatch_core.linkage.summary import summary_dict
from carewatch_core.linkage.unknowns import DEFAULT_UNKNOWN, Unknowns

STEPS = 9  # at most: reading, preparing, prior, u, two or three m, scoring, clustering


class Progress:
    """A one-line progress display on stderr: step number, elapsed time, what runs now."""

    def __init__(self, stream: Any) -> None:
        self.stream, self.step, self.started = stream, 0, time.monotonic()

    def __call__(self, message: str) -> None:
        self.step += 1
        filled = min(self.step, STEPS)
        bar = "#" * filled + "." * (STEPS - filled)
        elapsed = time.monotonic() - self.started
        self.stream.write(f"[{bar}] {elapsed:6.1f} s  {step_text(message)}\n")
        self.stream.flush()


class Command(Operation):
    help = (
        "Link the records of a CSV file: which rows are the same person or the same incident. "
        "Writes record_id, cluster_id, score."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=("persons", "incidents"), help="What the rows are.")
        parser.add_argument(
            "input",
            metavar="INPUT",
            help="The list: .csv (any common encoding; comma, semicolon, tab or bar), .xlsx or "
            ".json, with a header row.",
        )
        parser.add_argument(
            "--sheet", help="The workbook's sheet to read (default: its first visible sheet)."
        )
        order = parser.add_mutually_exclusive_group()
        order.add_argument(
            "--day-first",
            dest="day_first",
            action="store_const",
            const=True,
            help="Dates such as 03/05/2013 are 3 May (default: as the file's own dates show).",
        )
        order.add_argument(
            "--month-first",
            dest="day_first",
            action="store_const",
            const=False,
            help="Dates such as 03/05/2013 are 5 March.",
        )
        parser.add_argument("--out", required=True, metavar="OUTPUT.csv", help="Where to write.")
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")
        parser.add_argument(
            "--unknown",
            action="append",
            default=[],
            metavar="[COLUMN=]VALUE",
            help=(
                "A value meaning unknown (read as empty), in every column or in one; repeatable. "
                "Always: " + ", ".join(repr(marker) for marker in DEFAULT_UNKNOWN) + "."
            ),
        )
        parser.add_argument(
            "--valid-rows-only",
            action="store_true",
            help="Link the valid rows; list the refused ones in OUTPUT.errors.csv.",
        )
        parser.add_argument(
            "--summary", action="store_true", help="Print how the run was made and what it learned."
        )
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=environment_language(),
            help="Language of the messages and the error file (default: the terminal's, else en).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options["language"]):
            self._link(options)

    def _link(self, options: dict[str, Any]) -> None:
        source, out = Path(options["input"]), Path(options["out"])
        if not source.is_file():
            raise CommandError(_("%(path)s: no such file") % {"path": source})
        if not out.parent.is_dir():
            raise CommandError(_("%(path)s: no such folder") % {"path": out.parent})
        progress = Progress(sys.stderr if not options["quiet"] else _Silent())
        progress(_("reading %(path)s") % {"path": source})
        persons = options["kind"] == "persons"
        columns = PERSON_COLUMNS if persons else INCIDENT_COLUMNS
        reading = ReadOptions(
            unknowns=Unknowns.parse(options["unknown"], (*columns, *PERSON_EXTRA)),
            sheet=options.get("sheet"),
            day_first=options.get("day_first"),
        )
        try:
            read = (read_persons if persons else read_incidents)(
                source, reading, options["valid_rows_only"]
            )
        except BadFile as bad:
            lines = "\n".join(describe(error) for error in bad.errors)
            raise CommandError(
                _("%(path)s was not linked:") % {"path": source} + "\n" + lines
            ) from None
        for note in read.notes:
            self.stderr.write(read_note(note))
        if read.errors:
            write_errors(errors_path(out), read.errors, describe)
            self.stderr.write(
                _("%(rows)d rows refused, listed in %(path)s")
                % {"rows": len({e.row for e in read.errors}), "path": errors_path(out)}
            )
        link = link_persons if persons else link_incidents
        result = link(read.records, progress=progress, nearest=options["summary"])
        clusters = write_clusters(out, [record.record_id for record in read.records], result)
        if options["summary"] and result.summary is not None:
            self.stdout.write("\n".join(summary_lines(summary_dict(result.summary))))
        self.stdout.write(
            _("%(records)d records, %(clusters)d clusters: %(path)s")
            % {"records": len(read.records), "clusters": clusters, "path": out}
        )


class _Silent:
    def write(self, _text: str) -> None:
        return None

    def flush(self) -> None:
        return None
