"""``carewatch audit verify|anchor``: check the audit log's hash chain, print its latest hash."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "verify: walk the audit hash chain and name the first broken entry; anchor: print the latest hash."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify", "anchor"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        from carewatch.audit.models import AuditEntry
        from carewatch.audit.services import verify_chain

        if action == "anchor":
            last = AuditEntry.objects.order_by("-id").first()
            self.stdout.write(f"{last.id} {last.entry_hash}" if last else _("The audit log is empty."))
            return
        broken = verify_chain()
        if broken is not None:
            raise CommandError(_("The audit chain is broken at entry %(id)s (%(action)s).") % {"id": broken.id, "action": broken.action})
        self.stdout.write(_("The audit chain is intact (%(count)s entries).") % {"count": AuditEntry.objects.count()})
