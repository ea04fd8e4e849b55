"""``carewatch totp_code USERNAME``: the current one-time code of a *demo* account.

Only accounts whose authenticator key is the demo's published key (``carewatch demo``) are
answered, so this reveals nothing that is not already public; any other account is refused.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError, CommandParser
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.demo.accounts import demo_totp_key
from carewatch.lib.commands import Operation


class Command(Operation):
    help = "Print the current two-factor code of a demo account (demo accounts only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:

        if settings.PRODUCTION:
            raise CommandError(_("Not available in production."))
        username = options["username"]
        device = TOTPDevice.objects.filter(
            user__username=username, confirmed=True, key=demo_totp_key(username)
        ).first()
        if device is None:
            raise CommandError(
                _("%(username)s is not a demo account with the published demo key.")
                % {"username": username}
            )
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        self.stdout.write(f"{totp.token():06d}")
