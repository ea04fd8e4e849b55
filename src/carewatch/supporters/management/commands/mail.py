"""``carewatch mail``: the outgoing mail folder, mail that comes back, and a test message.

- ``carewatch mail outbox`` lists the messages written to the folder of ``file://`` mail (the
  demo's ``instance/mail``), oldest first, with the file to open;
- ``carewatch mail inbound < message.eml`` reads one message that came back (the mail server's
  pipe to this command): a bounce or complaint to a VERP return path suppresses the address, a
  mail to the unsubscribe address unsubscribes; anything else is ignored;
- ``carewatch mail test ADDRESS [--language ar|fr|en]`` sends a test message (through the
  worker, or ``--now``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carewatch.lib.commands import Operation
from carewatch.lib.mail.inbound import Bounce, UnsubscribeRequest, read_inbound
from carewatch.lib.mail.outbox import messages
from carewatch.supporters.choices import SuppressionReason
from carewatch.supporters.jobs import queue_message
from carewatch.supporters.mailer import send_now
from carewatch.supporters.services import suppress, unsubscribe

#: The bounces that suppress the address, and what the command says of each.
SUPPRESSED_BY = {"hard": SuppressionReason.HARD_BOUNCE, "complaint": SuppressionReason.COMPLAINT}
SAID = {
    SuppressionReason.HARD_BOUNCE: gettext_lazy("A hard bounce: the address is suppressed."),
    SuppressionReason.COMPLAINT: gettext_lazy("A complaint: the address is suppressed."),
}
#: An incoming message larger than this is not a bounce report worth reading.
MAX_INBOUND_BYTES = 10 * 1024 * 1024


class Command(Operation):
    help = "Outgoing mail folder (outbox), mail that comes back (inbound), a test message (test)."

    def add_arguments(self, parser: Any) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        commands.add_parser("outbox", help="List the messages in the mail folder.")
        commands.add_parser("inbound", help="Read one returned message from standard input.")
        test = commands.add_parser("test", help="Send a test message.")
        test.add_argument("address")
        test.add_argument("--language", default="en", choices=["ar", "fr", "en"])
        test.add_argument("--now", action="store_true", help="Send now, not through the worker.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "outbox":
            self._outbox()
        elif action == "inbound":
            self._inbound(sys.stdin.buffer.read(MAX_INBOUND_BYTES + 1))
        else:
            self._test(options["address"], options["language"], options["now"])

    def _outbox(self) -> None:
        if settings.EMAIL_BACKEND != "carewatch.lib.mail.backends.FolderBackend":
            raise CommandError(_("Mail is not written to a folder here (CAREWATCH_EMAIL_URL)."))
        folder = Path(settings.EMAIL_FILE_PATH)
        count = 0
        for written in messages(folder):
            count += 1
            self.stdout.write(
                f"{written.date}\t{written.language}\t{written.to}\t{written.subject}\n"
                f"\t{written.path}"
            )
        self.stdout.write(
            _("%(count)d message(s) in %(folder)s") % {"count": count, "folder": folder}
        )

    def _inbound(self, raw: bytes) -> None:
        if len(raw) > MAX_INBOUND_BYTES:
            raise CommandError(_("The message is too large to be a report; it was not read."))
        found = read_inbound(raw)
        reason = SUPPRESSED_BY.get(found.kind) if isinstance(found, Bounce) else None
        if isinstance(found, Bounce) and reason is not None:
            suppress(mailbox=found.key, reason=reason, source="inbound", detail=found.diagnostic)
            self.stdout.write(str(SAID[reason]))
        elif isinstance(found, Bounce):
            self.stdout.write(_("A temporary failure: nothing to do."))
        elif isinstance(found, UnsubscribeRequest):
            done = unsubscribe(token=found.token, source="mailto")
            self.stdout.write(
                _("Unsubscribed.") if done else _("The unsubscribe token is not valid.")
            )
        else:
            self.stdout.write(_("Not a report nor a request: ignored."))

    def _test(self, address: str, language: str, now: bool) -> None:
        if "@" not in address:
            raise CommandError(_("%(address)s is not an email address.") % {"address": address})
        if now:
            sent = send_now(to=address, template="test", context={}, language=language)
            self.stdout.write(_("Sent.") if sent else _("Not sent: the address is suppressed."))
        else:
            queue_message(to=address, template="test", data={}, language=language)
            self.stdout.write(_("Queued: the worker sends it."))
