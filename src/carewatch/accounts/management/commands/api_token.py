"""``carewatch api_token USERNAME --label L``: create an API token and print its key once.

``--list`` shows the user's tokens (prefix, label, last use); ``--revoke ID`` revokes one.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from carewatch.accounts.models import User
from carewatch.accounts.services import api_token_create, api_token_revoke
from carewatch.lib.commands import Operation


class Command(Operation):
    help = "Create an API token for USERNAME and print its key (shown once); --list or --revoke ID to manage tokens."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--label", default="", help="What the token is for (e.g. 'dashboard export')."
        )
        parser.add_argument(
            "--list",
            dest="list_tokens",
            action="store_true",
            help="List the user's tokens instead of creating one.",
        )
        parser.add_argument(
            "--revoke", type=int, metavar="ID", help="Revoke the user's token with this id."
        )

    def handle(
        self,
        *args: Any,
        username: str,
        label: str,
        list_tokens: bool,
        revoke: int | None,
        **options: Any,
    ) -> None:
        user = self._user(username)
        if list_tokens:
            self._list(user)
        elif revoke is not None:
            self._revoke(user, revoke)
        else:
            self._create(user, label)

    def _user(self, username: str) -> Any:

        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(_("No user is called %(name)s.") % {"name": username})
        return user

    def _create(self, user: Any, label: str) -> None:

        if not user.is_active:
            raise CommandError(_("This user is inactive; an API token would be refused."))
        if not label.strip():
            raise CommandError(_("Give the token a label with --label (what it is for)."))
        token, key = api_token_create(user=user, label=label)
        self.stderr.write(
            _(
                "Token %(id)s created. Copy the key now: it is not stored and will not be shown again."
            )
            % {"id": token.pk}
        )
        self.stdout.write(key)

    def _list(self, user: Any) -> None:
        for token in user.api_tokens.order_by("id"):
            state = _("revoked") if token.revoked_at else _("active")
            used = token.last_used_at.isoformat() if token.last_used_at else "—"
            self.stdout.write(f"{token.pk}\t{token.prefix}…\t{token.label}\t{state}\t{used}")

    def _revoke(self, user: Any, token_id: int) -> None:

        token = user.api_tokens.filter(pk=token_id).first()
        if token is None:
            raise CommandError(_("This user has no token %(id)s.") % {"id": token_id})
        api_token_revoke(token=token, user=user)
        self.stdout.write(_("Token %(id)s revoked.") % {"id": token_id})
