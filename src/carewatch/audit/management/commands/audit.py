"""``carewatch audit verify|anchor|reseal``: check the audit log's hash chain, print its head, re-seal old digests."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from carewatch.audit.models import AuditEntry
from carewatch.audit.sealing import RESEALED_ACTION, ChainBroken, anchor_holds, legacy_count, reseal
from carewatch.audit.services import verify_chain
from carewatch.lib.commands import Operation

ANCHOR = re.compile(r"^(\d+)[: ]([0-9a-f]{64})$")


class Command(Operation):
    help = (
        "verify: walk the audit hash chain and name the first broken entry (--anchor ID:HASH also checks an anchor "
        "kept outside the database); anchor: print the latest entry's id and hash; reseal: replace the unkeyed "
        "digests of entries written before keyed digests and start a new chain segment."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["verify", "anchor", "reseal"])
        parser.add_argument(
            "--anchor", default="", help="ID:HASH as printed by 'carewatch audit anchor'"
        )
        parser.add_argument(
            "--reason", default="", help="why the log is re-sealed (kept in its entry)"
        )

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "anchor":
            last = AuditEntry.objects.order_by("-id").first()
            self.stdout.write(
                f"{last.id} {last.entry_hash}" if last else _("The audit log is empty.")
            )
            return
        if action == "reseal":
            self._reseal(options["reason"])
            return
        self._verify(options["anchor"])

    def _verify(self, anchor: str) -> None:
        broken = verify_chain()
        if broken is not None:
            raise CommandError(
                _("The audit chain is broken at entry %(id)s (%(action)s).")
                % {"id": broken.id, "action": broken.action}
            )
        self.stdout.write(
            _("The audit chain is intact (%(count)s entries).")
            % {"count": AuditEntry.objects.count()}
        )
        for entry in AuditEntry.objects.filter(action=RESEALED_ACTION).order_by("id"):
            head = (entry.after or {}).get("old_head", {})
            self.stdout.write(
                _(
                    "Re-sealed at entry %(id)s on %(date)s; the old head was entry %(old)s, %(hash)s."
                )
                % {
                    "id": entry.id,
                    "date": f"{entry.created_at:%Y-%m-%d}",
                    "old": head.get("id"),
                    "hash": head.get("hash"),
                }
            )
        if anchor:
            match = ANCHOR.match(anchor.strip().lower())
            if match is None:
                raise CommandError(
                    _(
                        "An anchor is an entry's id and hash, as 'carewatch audit anchor' prints them."
                    )
                )
            if not anchor_holds(AuditEntry, int(match[1]), match[2]):
                raise CommandError(
                    _(
                        "The anchor %(id)s does not match the log: the entry's hash differs and no re-seal recorded it."
                    )
                    % {"id": match[1]}
                )
            self.stdout.write(_("The anchor %(id)s matches the log.") % {"id": match[1]})

    def _reseal(self, reason: str) -> None:
        if not legacy_count(AuditEntry):
            self.stdout.write(_("No entry holds an unkeyed digest; nothing to re-seal."))
            return
        try:
            done = reseal(AuditEntry, actor_label="carewatch audit reseal", reason=reason)
        except ChainBroken as error:
            raise CommandError(
                _("The audit chain is broken at entry %(id)s; it is not re-sealed.")
                % {"id": error.entry_id}
            ) from error
        if done is None:  # emptied by a concurrent re-seal
            return
        self.stdout.write(
            _(
                "Re-sealed %(entries)s entries (%(digests)s digests); the old head was entry %(id)s, %(hash)s. "
                "Keep the new anchor: %(anchor)s."
            )
            % {
                "entries": done.entries,
                "digests": done.digests,
                "id": done.old_head[0],
                "hash": done.old_head[1],
                "anchor": f"{done.entry_id} {AuditEntry.objects.get(pk=done.entry_id).entry_hash}",
            }
        )
