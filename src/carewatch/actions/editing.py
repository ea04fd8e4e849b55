"""Writing decision-makers and calls to action from the staff pages (audited, keyword-only)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.forms import model_to_dict

from carewatch.actions.models import ActionText, CallToAction, DecisionMaker
from carewatch.audit.services import log_action

MAKER_FIELDS = [
    "name",
    "role",
    "country",
    "language",
    "x_handle",
    "bluesky_handle",
    "mastodon_handle",
    "public_email",
]


@transaction.atomic
def save_maker(*, maker: DecisionMaker, actor: Any, created: bool) -> DecisionMaker:
    """Save a decision-maker a form has filled in (``created``: a new one)."""
    before = None
    if not created:
        before = model_to_dict(DecisionMaker.objects.get(pk=maker.pk), fields=MAKER_FIELDS)
    maker.save()
    log_action(
        action="carewatch.decision_maker.created"
        if created
        else "carewatch.decision_maker.changed",
        actor=actor,
        obj=maker,
        before=before,
        after=model_to_dict(maker, fields=MAKER_FIELDS),
    )
    return maker


def _state(call: CallToAction) -> dict[str, Any]:
    return {
        "slug": call.slug,
        "active": call.active,
        "targets": sorted(call.targets.values_list("pk", flat=True)),
        "texts": {
            t.language: {"heading": t.heading, "message": t.message, "subject": t.subject}
            for t in call.texts.all()
        },
    }


@transaction.atomic
def save_call(
    *,
    call: CallToAction | None,
    slug: str,
    active: bool,
    targets: list[DecisionMaker],
    words: dict[str, dict[str, str]],
    actor: Any,
) -> CallToAction:
    """Create or change a call; ``words`` per language (heading, message, subject) replace its
    texts. One audit entry with before and after."""
    before = _state(call) if call is not None else None
    call = call or CallToAction(slug=slug)
    call.slug, call.active = slug, active
    call.save()
    call.targets.set(targets)
    call.texts.exclude(language__in=list(words)).delete()
    for language, text in words.items():
        ActionText.objects.update_or_create(call=call, language=language, defaults=text)
    log_action(
        action="carewatch.call.created" if before is None else "carewatch.call.changed",
        actor=actor,
        obj=call,
        before=before,
        after=_state(call),
    )
    return call
