"""Events, their words per language, ticket types, registrations (tickets, the waiting list) and
the people who asked for updates about an event that registers no one by name
(docs/events.md). Who registered is supporters' data: campaign staff read it, no one else."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.events.choices import Attendance, EventKind, EventStatus, RegistrationState
from carewatch.supporters.choices import Language
from carewatch.supporters.models import Supporter

#: Registrations that hold seats.
HOLDING = (RegistrationState.CONFIRMED, RegistrationState.UNPAID, RegistrationState.OFFERED)


class Event(models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    attendance = models.CharField(
        _("registering asks for"),
        max_length=10,
        choices=Attendance.choices,
        default=Attendance.NAMED,
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)
    online_url = models.URLField(_("online address"), blank=True)
    capacity = models.PositiveIntegerField(_("places (empty: no limit)"), null=True, blank=True)
    memorial_from = models.DateField(_("names read: killed from"), null=True, blank=True)
    memorial_to = models.DateField(_("names read: killed until"), null=True, blank=True)
    reminders_for = models.DateTimeField(_("reminders queued for the start at"), null=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)

    def __str__(self) -> str:
        return self.slug


class EventText(models.Model):
    """An event's words in one language; a protest's page reads them as WHO / WHAT / WHY."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    who = models.TextField(_("who"), blank=True)
    what = models.TextField(_("what"), blank=True)
    why = models.TextField(_("why"), blank=True)
    payment_note = models.TextField(_("how to pay (paid tickets)"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["event", "language"], name="one_event_text_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event_id} ({self.language})"


class TicketType(models.Model):
    """A kind of ticket: free or paid, for one seat or a table of several, within its quota."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="ticket_types")
    code = models.SlugField(_("code"), max_length=40)
    names = models.JSONField(_("names per language"), default=dict)
    price = models.DecimalField(_("price"), max_digits=10, decimal_places=2, default=0)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    seats = models.PositiveSmallIntegerField(_("seats per ticket"), default=1)
    quota = models.PositiveIntegerField(_("seats of this kind (empty: no limit)"), null=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "code"], name="one_ticket_type_code")
        ]
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.event_id}:{self.code}"

    def name_in(self, language: str) -> str:
        return self.names.get(language) or next(iter(self.names.values()), self.code)


class Registration(models.Model):
    """A place asked for: a ticket (its code is a keyed hash, ``tickets.code_for``), a place on
    the waiting list, or, for an event that registers no one by name, only a count."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    ticket_type = models.ForeignKey(
        TicketType, null=True, on_delete=models.PROTECT, related_name="registrations"
    )
    supporter = models.ForeignKey(
        Supporter, null=True, on_delete=models.PROTECT, related_name="registrations"
    )
    state = models.CharField(_("state"), max_length=10, choices=RegistrationState.choices)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    # Unique among tickets; a place with no ticket (waiting, count-only) has none (NULL, not "").
    code = models.CharField(_("ticket code"), max_length=12, unique=True, null=True)  # noqa: DJ001
    nonce = models.CharField(_("link key"), max_length=24)
    amount_due = models.DecimalField(_("amount due"), max_digits=10, decimal_places=2, default=0)
    paid_at = models.DateTimeField(_("paid"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.CharField(_("checked in by"), max_length=80, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"), auto_now=True)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    generated = models.BooleanField(_("generated (demo)"), default=False)

    class Meta:
        indexes = [models.Index(fields=["event", "state"])]

    def __str__(self) -> str:
        return f"registration #{self.pk}"


class Follower(models.Model):
    """Someone who left an email for updates about an event that registers no one by name (kept
    apart from the count: nothing ties an address to a registration)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="followers")
    supporter = models.ForeignKey(Supporter, on_delete=models.PROTECT, related_name="+")
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "supporter"], name="one_follower_each")
        ]

    def __str__(self) -> str:
        return f"follower #{self.pk}"
