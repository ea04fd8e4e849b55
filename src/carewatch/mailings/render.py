"""A newsletter version as a message: subject, plain text and HTML, in its language (the
caller activates it), with the recipient's links left as placeholders to fill per recipient."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

from carewatch.lib.mail.compose import Content
from carewatch.lib.mail.render import render
from carewatch.mailings import blocks
from carewatch.mailings.models import CampaignVersion

CLICK_SALT = "carewatch.mailings.click"


def click_url(campaign_id: int, url: str) -> str:
    token = signing.dumps({"c": campaign_id, "u": url}, salt=CLICK_SALT, compress=True)
    return settings.CAREWATCH_SITE_URL + reverse("newsletter-click", args=[token])


def render_version(
    version: CampaignVersion, *, unsubscribe_url: str, preferences_url: str
) -> Content:
    campaign = version.campaign
    link = (lambda url: click_url(campaign.pk, url)) if campaign.count_clicks else str
    shown = blocks.render(version.blocks, version.language, link)
    context = {
        "title": version.subject,
        "list_name": campaign.mailing_list.name_in(version.language),
        "blocks_html": blocks.as_safe(shown.html),
        "blocks_text": "\n\n".join(shown.text),
        "notes_html": [blocks.as_safe([n]) for n in shown.notes_html],
        "notes_text": shown.notes_text,
        "unsubscribe_url": unsubscribe_url,
        "preferences_url": preferences_url,
    }
    return render("newsletter", context, version.language)
