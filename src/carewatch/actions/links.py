"""One call to action as a reader sees it: its words in their language, and for each target the
platforms it can be sent on (each link goes through our own redirect, which counts it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from carewatch.actions.choices import Platform
from carewatch.actions.models import ActionText, CallToAction, DecisionMaker
from carewatch_core.share import addressed


@dataclass(frozen=True)
class Way:
    platform: str
    label: str
    url: str  # our redirect


@dataclass(frozen=True)
class Target:
    person: DecisionMaker
    ways: list[Way] = field(default_factory=list)


@dataclass(frozen=True)
class Call:
    call: CallToAction
    text: ActionText
    targets: list[Target]

    @property
    def message(self) -> str:
        """The message as the page shows it (each target's handle goes in when it is sent)."""
        return addressed(self.text.message, "")


def handle_on(person: DecisionMaker, platform: str) -> str:
    """The target's handle as a post mentions them ("" when they have none there)."""
    if platform == Platform.X and person.x_handle:
        return "@" + person.x_handle.lstrip("@")
    if platform == Platform.BLUESKY and person.bluesky_handle:
        return "@" + person.bluesky_handle.lstrip("@")
    if platform == Platform.MASTODON and person.mastodon_handle:
        return "@" + person.mastodon_handle.lstrip("@")
    return ""


def platforms_of(person: DecisionMaker) -> list[str]:
    found = [
        str(p) for p in (Platform.X, Platform.BLUESKY, Platform.MASTODON) if handle_on(person, p)
    ]
    return [*found, str(Platform.EMAIL)] if person.public_email else found


def text_for(call: CallToAction, language: str) -> ActionText | None:
    texts = {t.language: t for t in call.texts.all()}
    return texts.get(language) or next(iter(texts.values()), None)


def as_seen(call: CallToAction | None, language: str) -> Call | None:
    """The call in ``language`` (another when it has none), or None (no call, or inactive)."""
    if call is None or not call.active:
        return None
    text = text_for(call, language)
    if text is None:
        return None
    targets = [
        Target(
            person,
            [
                Way(
                    p,
                    str(Platform(p).label),
                    reverse("action-take", args=[call.slug, person.pk, p]),
                )
                for p in platforms_of(person)
            ],
        )
        for person in call.targets.order_by("pk")
    ]
    return Call(call, text, [t for t in targets if t.ways])


def context(call: CallToAction | None, language: str) -> dict[str, Any]:
    return {"call": as_seen(call, language)}
