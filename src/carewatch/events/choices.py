"""Vocabularies of the events app (docs/domain.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    COMMEMORATION = "commemoration", _("Commemoration")
    GALA = "gala", _("Gala dinner")
    PROTEST = "protest", _("Protest")
    CONFERENCE = "conference", _("Conference")
    ONLINE = "online", _("Online event")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft (not public)")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


class Attendance(models.TextChoices):
    """What registering asks for: a protest asks nothing identifying unless the organiser
    decides otherwise (protesters' families can be punished)."""

    NAMED = "named", _("Name and email (a ticket is sent)")
    ANONYMOUS = "anonymous", _("Nothing identifying (a count; an email for updates if they wish)")


class RegistrationState(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    UNPAID = "unpaid", _("Place held, waiting for payment")
    WAITING = "waiting", _("On the waiting list")
    OFFERED = "offered", _("Offered a place that freed")
    CANCELLED = "cancelled", _("Cancelled")
    LAPSED = "lapsed", _("Offer not taken in time")
    LEFT = "left", _("Left the waiting list")


class CheckIn(models.TextChoices):
    """What a check-in of one ticket code came to."""

    ACCEPTED = "accepted", _("Welcome: checked in")
    ALREADY = "already", _("Refused: this ticket was already checked in")
    UNKNOWN = "unknown", _("Refused: no such ticket for this event")
    NOT_VALID = "not_valid", _("Refused: this ticket is not valid (cancelled or not paid)")
