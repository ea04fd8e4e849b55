"""Mailing a user's notices: those not yet read nor mailed, in one message in the user's
language, with a link that stops these messages in one click (RFC 8058's POST). A crash between
sending and marking them mailed may send them once more; none is lost."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse
from django.utils import timezone, translation

from carewatch.lib.mail.compose import Unsubscribe, compose
from carewatch.lib.mail.render import render
from carewatch.notices.models import Notice
from carewatch.notices.present import shown

STOP_SALT = "carewatch.notices.stop"
#: At most this many notices are listed in one message (the page lists them all).
LISTED = 30


def stop_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=STOP_SALT)


def stop_user(token: str) -> int | None:
    """The user a stop link was made for, or None for a forged or damaged one."""
    try:
        value = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def mail_unsent(*, user_id: int) -> bool:
    """Mail ``user_id``'s unread notices not mailed yet; False (nothing sent) when there are
    none, or the account has no address or is disabled."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    pending = Notice.objects.filter(recipient_id=user_id, read_at=None, emailed_at=None)
    if user is None or not user.email:
        return False
    notices = list(pending.select_related("entry").order_by("-entry_id")[:LISTED])
    if not notices:
        return False
    total = pending.count()
    language = user.preferred_language or settings.LANGUAGE_CODE
    site = settings.CAREWATCH_SITE_URL
    stop = Unsubscribe(url=site + reverse("notice-stop", args=[stop_token(user_id)]))
    with translation.override(language):
        items = shown(notices)
    context = {
        "items": items,
        "total": total,
        "more": total - len(items),
        "site": site,
        "page_url": site + reverse("notice-list"),
        "settings_url": site + reverse("notice-settings"),
        "unsubscribe_url": stop.url,
    }
    content = render("notices", context, language)
    compose(to=user.email, content=content, unsubscribe=stop, list_id="notices").send()
    pending.update(emailed_at=timezone.now())
    return True
