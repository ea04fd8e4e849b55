"""``carewatch link candidates persons|incidents``: find candidate pairs for the review queue;
``carewatch link records incidents``: give unlinked incident records incidents of their own.

``candidates`` runs the core linker over the consolidated people or incidents (merged ones left
out), trained without labels and then on the reviewers' decisions, and stores every pair at or
above ``--threshold`` with its score and reasons. Re-running updates pending pairs and never
touches decided ones.

``records`` gives every incident record no incident holds yet (an imported dataset's rows; with
``--source``, that source's only) a submitted incident of its own (``carewatch.linkage.unlinked``),
so that they are verified and paired like any other; run ``candidates incidents`` after it.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _

from carewatch.lib.commands import Operation
from carewatch.linkage.candidates import candidates_refresh
from carewatch.linkage.choices import MatchKind
from carewatch.linkage.unlinked import records_consolidate
from carewatch.sources.models import Source
from carewatch_core.linkage.review import REVIEW_THRESHOLD

KINDS = {"persons": MatchKind.PERSON, "incidents": MatchKind.INCIDENT}


def _threshold(text: str) -> float:
    value = float(text)
    if not 0.0 < value <= 1.0:
        raise ValueError(text)
    return value


class Command(Operation):
    help = (
        "Find candidate pairs (same person or same incident) for the review queue, with scores and reasons; "
        "or give unlinked incident records incidents of their own."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            choices=("candidates", "records"),
            help="candidates: pairs for the review queue; records: an incident for each unlinked record.",
        )
        parser.add_argument("kind", choices=tuple(KINDS), help="Which records to link.")
        parser.add_argument(
            "--threshold",
            type=_threshold,
            default=REVIEW_THRESHOLD,
            metavar="P",
            help="Lowest match probability kept for review (0 < P <= 1).",
        )
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")
        parser.add_argument("--source", metavar="NAME", help="records: only this source's records.")
        parser.add_argument(
            "--dry-run", action="store_true", help="records: count, change nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"]

        def progress(message: str) -> None:
            if not quiet:
                sys.stderr.write(message + "\n")

        if options["action"] == "records":
            self._records(options, progress)
            return

        result = candidates_refresh(
            kind=KINDS[options["kind"]],
            user="carewatch link",
            threshold=options["threshold"],
            progress=progress,
        )
        self.stdout.write(
            _(
                "%(records)d records, %(found)d candidate pairs (%(created)d new, %(updated)d updated, "
                "%(withdrawn)d withdrawn)."
            )
            % result.__dict__
        )

    def _records(self, options: dict[str, Any], progress: Any) -> None:
        if options["kind"] != "incidents":
            raise CommandError(
                _("Only incident records are linked this way: use `link records incidents`.")
            )
        source_id = None
        if options["source"]:
            source_id = (
                Source.objects.filter(name=options["source"]).values_list("pk", flat=True).first()
            )
            if source_id is None:
                raise CommandError(
                    _("There is no source named %(name)s.") % {"name": options["source"]}
                )
        result = records_consolidate(
            user="carewatch link",
            source_id=source_id,
            dry_run=options["dry_run"],
            progress=lambda done: progress(_("%(done)d records") % {"done": done}),
        )
        if options["dry_run"]:
            self.stdout.write(
                _(
                    "Trial run, nothing written: %(records)d unlinked records would make "
                    "%(would)d incidents; %(skipped)d would be left without (no date or place)."
                )
                % {**result.__dict__, "would": result.records - result.skipped}
            )
            return
        self.stdout.write(
            _(
                "%(records)d unlinked records: %(created)d incidents created, %(skipped)d left without "
                "(no date or place)."
            )
            % result.__dict__
        )
