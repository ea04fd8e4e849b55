"""``carewatch worker``: run the queued background jobs (imports, mail) until stopped."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from carewatch.backup.jobs import schedule_backups
from carewatch.lib import jobs
from carewatch.lib.cachebackend import shared
from carewatch.lib.commands import Operation
from carewatch.mailings.jobs import resume_sending
from carewatch.notices.jobs import schedule_digests
from carewatch.petitions.jobs import schedule_retention


class Command(Operation):
    help = "Run queued background jobs (imports, mail) until stopped (Ctrl+C finishes the current one)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--queue",
            action="append",
            choices=jobs.QUEUES,
            help="Serve only this queue (repeatable; default: every queue).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run the jobs that are ready, then stop."
        )

    def handle(self, *args: Any, queue: list[str] | None, batch: bool, **options: Any) -> None:
        queues = queue or ["*"]
        if not queue and not shared():  # its answers could not reach the server: serve runs it
            queues = [q for q in jobs.QUEUES if q != "figures"]
        requeued = jobs.requeue_abandoned()
        if requeued:
            self.stdout.write(
                _("%(count)d job(s) whose worker had stopped are queued again.")
                % {"count": len(requeued)}
            )
        if not batch and ("*" in queues or "default" in queues):
            schedule_retention()  # the daily retention pass (it queues the next one)
            schedule_digests()  # the daily summaries of notifications, likewise
        if not batch and ("*" in queues or "imports" in queues):
            schedule_backups()  # the daily backup (CAREWATCH_BACKUP_DIR), likewise
        if "*" in queues or "mail" in queues:
            resume_sending()  # newsletters whose worker stopped go on
        worker = jobs.worker(queues=queues, name="cli", batch=batch)
        if not batch:
            worker.configure_signals()
            self.stdout.write(
                _("Working on the queues %(queues)s — press Ctrl+C to stop.")
                % {"queues": ", ".join(jobs.QUEUES if "*" in queues else queues)}
            )
        try:
            worker.run()
        except KeyboardInterrupt as exc:
            raise CommandError(_("Stopped.")) from exc
