"""Guards of every public form that writes (petitions, newsletter sign-ups, the API routes that
do the same): a honeypot, a minimum time between showing the form and sending it, per-address
burst and sustained limits, and blocked and disposable email domains (docs/petitions.md).

Each guard refuses with ``FormRefused``, whose message is in the visitor's language and whose
``code`` says which guard it was (for tests and logs; never shown).
"""

from __future__ import annotations

import time
from typing import Any

from disposable_email_domains import blocklist as DISPOSABLE
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from carewatch.lib.clients import keys_of
from carewatch.lib.ratelimit import exceeded
from carewatch_core.addresses import domain_of

#: The honeypot's field name: a plausible field hidden from people (CSS and aria-hidden).
HONEYPOT = "website"
_STARTED_SALT = "carewatch.forms.started"
#: A form shown longer ago than this is too old to send (reload it).
FORM_HOURS = 24


class FormRefused(ValueError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def started_token(now: float | None = None) -> str:
    """A signed note of when the form was shown, sent back with it."""
    return signing.dumps(round(now if now is not None else time.time(), 3), salt=_STARTED_SALT)


def form_again(form_class: Any, data: Any, refused: Any) -> Any:
    """A public form sent back with what the visitor typed, a new note of when it was shown, an
    empty honeypot, and the errors of the refused form ``refused``."""
    again = data.copy()
    again["started"] = started_token()
    again[HONEYPOT] = ""
    fresh = form_class(again)
    fresh.is_valid()
    for field, errors in refused.errors.items():
        if field not in fresh.errors:
            for error in errors:
                fresh.add_error(None if field == "__all__" else field, error)
    return fresh


def check_honeypot(value: str) -> None:
    if value.strip():
        raise FormRefused(
            "honeypot",
            _(
                "This form was filled in by a program and was not sent. If you are a person, "
                "leave the field “Website” empty and send it again."
            ),
        )


def check_timing(token: str, *, now: float | None = None) -> None:
    """Refuse a form sent sooner than ``CAREWATCH_FORM_MIN_SECONDS`` after it was shown, or
    without a valid note of when that was (forged, or from another site)."""
    now = time.time() if now is None else now
    try:
        shown = float(signing.loads(token, salt=_STARTED_SALT, max_age=FORM_HOURS * 3600))
    except (signing.BadSignature, TypeError, ValueError):
        raise FormRefused(
            "stale", _("This form is too old or was changed. Reload the page and send it again.")
        ) from None
    if now - shown < settings.CAREWATCH_FORM_MIN_SECONDS:
        raise FormRefused(
            "too_fast",
            _(
                "This form was sent too fast to have been read. Wait a few seconds and send it again."
            ),
        )


def check_rate(scope: str, address: str) -> None:
    """Count one use of ``scope`` from ``address`` (and its network's neighbours are not
    counted with it: households and offices share a network)."""
    key = keys_of(address).address
    limits = (settings.CAREWATCH_FORM_BURST, settings.CAREWATCH_FORM_SUSTAINED)
    if exceeded(scope, key, limits):
        raise FormRefused(
            "rate",
            _(
                "Too many forms have been sent from your connection. Wait a while (up to an "
                "hour) and try again."
            ),
        )


def check_domain(email: str) -> None:
    domain = domain_of(email)
    parts = domain.split(".")
    suffixes = {".".join(parts[i:]) for i in range(len(parts) - 1)}
    if suffixes & settings.CAREWATCH_BLOCKED_EMAIL_DOMAINS:
        raise FormRefused(
            "blocked", _("Addresses at this domain are not accepted. Use another address.")
        )
    if suffixes & DISPOSABLE:
        raise FormRefused(
            "disposable",
            _(
                "Use an address you will keep: addresses that expire after a few minutes are not accepted."
            ),
        )
