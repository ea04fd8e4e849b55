"""Writing a petition from the staff pages (audited, keyword-only): its settings, its words per
language, and the counts other platforms report. What the log keeps is the petition's settings
and words before and after; no supporter is named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction

from carewatch.actions.models import CallToAction, DecisionMaker
from carewatch.audit.services import log_action
from carewatch.petitions.counting import forget_count
from carewatch.petitions.models import ExternalCount, Petition, PetitionText


@dataclass(frozen=True)
class Settings:
    slug: str
    status: str
    goal: int
    milestones: list[int]
    opened_on: date | None
    targets: list[DecisionMaker]
    call_to_action: CallToAction | None


@dataclass(frozen=True)
class Words:
    title: str
    story: str
    ask: str


def _state(petition: Petition) -> dict[str, Any]:
    return {
        "slug": petition.slug,
        "status": petition.status,
        "goal": petition.goal,
        "milestones": petition.milestones,
        "opened_on": petition.opened_on.isoformat() if petition.opened_on else None,
        "targets": sorted(petition.targets.values_list("pk", flat=True)),
        "call_to_action": petition.call_to_action_id,
        "texts": {
            t.language: {"title": t.title, "story": t.story, "ask": t.ask}
            for t in petition.texts.all()
        },
    }


@transaction.atomic
def save_petition(
    *, petition: Petition | None, settings: Settings, words: dict[str, Words], actor: Any
) -> Petition:
    """Create a petition (``petition`` None) or change one; ``words`` per language replace the
    petition's texts (a language left out is removed). One audit entry with before and after."""
    before = _state(petition) if petition is not None else None
    if petition is None:
        petition = Petition(slug=settings.slug, goal=settings.goal)
    petition.slug = settings.slug
    petition.status = settings.status
    petition.goal = settings.goal
    petition.milestones = sorted(set(settings.milestones))
    petition.opened_on = settings.opened_on
    petition.call_to_action = settings.call_to_action
    petition.save()
    petition.targets.set(settings.targets)
    petition.texts.exclude(language__in=list(words)).delete()
    for language, text in words.items():
        PetitionText.objects.update_or_create(
            petition=petition,
            language=language,
            defaults={"title": text.title, "story": text.story, "ask": text.ask},
        )
    log_action(
        action="carewatch.petition.created" if before is None else "carewatch.petition.changed",
        actor=actor,
        obj=petition,
        before=before,
        after=_state(petition),
    )
    forget_count(petition.pk)
    return petition


@transaction.atomic
def add_external_count(
    *, petition: Petition, platform: str, count: int, as_of: date, url: str, actor: Any
) -> ExternalCount:
    """Record a count another platform reports (shown beside ours, never added)."""
    found = ExternalCount.objects.create(
        petition=petition, platform=platform, count=count, as_of=as_of, url=url
    )
    log_action(
        action="carewatch.petition.external_count_added",
        actor=actor,
        obj=petition,
        after={"platform": platform, "count": count, "as_of": as_of.isoformat(), "url": url},
    )
    return found
