"""Linkage review vocabularies: what is linked, where a candidate pair stands, what was decided."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class MatchKind(models.TextChoices):
    PERSON = "person", _("People")
    INCIDENT = "incident", _("Incidents")


class CandidateStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for review")
    ACCEPTED = "accepted", _("Accepted: merged")
    REJECTED = "rejected", _("Rejected: not the same")
    SPLIT = "split", _("Merge undone")


class DecisionAction(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted and merged")
    REJECTED = "rejected", _("Rejected")
    SPLIT = "split", _("Merge undone")


class Verdict(models.TextChoices):
    """How one field of a candidate pair came out (from the linker's comparison levels)."""

    AGREE = "agree", _("agrees")
    CLOSE = "close", _("partly agrees")
    DISAGREE = "disagree", _("disagrees")
    MISSING = "missing", _("missing on one side")


#: The linker's comparisons, by their Splink output column name, as a reviewer reads them.
FIELD_LABELS = {
    "given": _("Given name"),
    "father": _("Father's name"),
    "grandfather": _("Grandfather's name"),
    "family": _("Family name"),
    "sex": _("Sex"),
    "age": _("Age"),
    "birth_year": _("Year of birth"),
    "dod": _("Date of death"),
    "place": _("Place"),
    "profession": _("Profession"),
    "facility": _("Facility"),
    "when": _("Date"),
    "where": _("Place"),
    "attack_types": _("Type of attack"),
    "killed": _("Killed"),
    "injured": _("Injured"),
}
