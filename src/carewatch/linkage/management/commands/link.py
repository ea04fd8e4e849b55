"""``carewatch link candidates persons|incidents``: find candidate pairs for the review queue.

Runs the core linker over the consolidated people or incidents (merged ones left out), trained
without labels and then on the reviewers' decisions, and stores every pair at or above
``--threshold`` with its score and reasons. Re-running updates pending pairs and never touches
decided ones.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from carewatch.linkage.candidates import candidates_refresh
from carewatch.linkage.choices import MatchKind
from carewatch_core.linkage.review import REVIEW_THRESHOLD

KINDS = {"persons": MatchKind.PERSON, "incidents": MatchKind.INCIDENT}


def _threshold(text: str) -> float:
    value = float(text)
    if not 0.0 < value <= 1.0:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = "Find candidate pairs (same person or same incident) for the review queue, with scores and reasons."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=("candidates",), help="What to do: candidates.")
        parser.add_argument("kind", choices=tuple(KINDS), help="Which records to link.")
        parser.add_argument("--threshold", type=_threshold, default=REVIEW_THRESHOLD, metavar="P",
                            help="Lowest match probability kept for review (0 < P <= 1).")  # fmt: skip
        parser.add_argument("--quiet", action="store_true", help="No progress lines.")

    def handle(self, *args: Any, **options: Any) -> None:
        quiet = options["quiet"]

        def progress(message: str) -> None:
            if not quiet:
                sys.stderr.write(message + "\n")

        result = candidates_refresh(kind=KINDS[options["kind"]], user="carewatch link", threshold=options["threshold"],
                                    progress=progress)  # fmt: skip
        self.stdout.write(_("%(records)d records, %(found)d candidate pairs (%(created)d new, %(updated)d updated, "
                            "%(withdrawn)d withdrawn).") % result.__dict__)  # fmt: skip
