"""Incident vocabularies (WHO SSA attack types and certainty; Insecurity Insight weapons; ACLED date precision)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from carewatch.sources.choices import CasualtyMeasure as _CasualtyMeasure


class DatePrecision(models.IntegerChoices):
    DAY = 1, _("Exact day")
    WEEK = 2, _("Week")
    MONTH = 3, _("Month")


class LocationType(models.TextChoices):
    HEALTH_BUILDING = "health_building", _("Health building")
    AMBULANCE_ROAD = "ambulance_road", _("Ambulance or road")
    CHECKPOINT = "checkpoint", _("Checkpoint")
    HOME = "home", _("Home")
    IDP_CAMP = "idp_camp", _("IDP camp")
    WAREHOUSE = "warehouse", _("Warehouse")
    OTHER = "other", _("Other")


class AttackType(models.TextChoices):
    HEAVY_WEAPONS = "heavy_weapons", _("Violence with heavy weapons")
    INDIVIDUAL_WEAPONS = "individual_weapons", _("Violence with individual weapons")
    THREAT = "threat", _("Psychological violence, threat or intimidation")
    OBSTRUCTION = "obstruction", _("Obstruction to health care delivery")
    REMOVAL_OF_ASSETS = "removal_of_assets", _("Removal of health care assets")
    ABDUCTION_ARREST = (
        "abduction_arrest",
        _("Abduction, arrest or detention of health personnel or patients"),
    )
    ARMED_SEARCH = "armed_search", _("Armed or violent search")
    ASSAULT = "assault", _("Assault without weapons")
    MILITARIZATION = "militarization", _("Militarization of a health care asset")
    FIRE = "fire", _("Setting fire")
    CRIMINALIZATION = "criminalization", _("Criminalization of health care")
    CHEMICAL = "chemical", _("Chemical agent")
    SEXUAL_ASSAULT = "sexual_assault", _("Sexual assault")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Resource(models.TextChoices):
    FACILITY = "facility", _("Health facility")
    TRANSPORT = "transport", _("Transport (ambulance)")
    PERSONNEL = "personnel", _("Health personnel")
    SUPPLIES = "supplies", _("Supplies or assets")
    WAREHOUSE = "warehouse", _("Warehouse")
    PATIENTS = "patients", _("Patients")
    OTHER = "other", _("Other")


class Weapon(models.TextChoices):
    AERIAL_BOMB_PLANE = "aerial_bomb_plane", _("Aerial bomb (plane)")
    AERIAL_BOMB_DRONE = "aerial_bomb_drone", _("Aerial bomb (drone/UAV)")
    BARREL_BOMB = "barrel_bomb", _("Barrel bomb")
    MISSILE = "missile", _("Missile")
    SHELLING = "shelling", _("Shelling or artillery")
    ROCKET = "rocket", _("Rocket")
    CLUSTER = "cluster", _("Cluster munition")
    CHEMICAL = "chemical", _("Chemical weapon")
    FIREARMS = "firearms", _("Firearms")
    IED = "ied", _("Improvised explosive device")
    VBIED = "vbied", _("Vehicle-borne IED")
    ARSON = "arson", _("Arson")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class TagKind(models.TextChoices):
    """The multi-valued vocabularies an incident carries (one table, one kind each)."""

    ATTACK_TYPE = "attack_type", _("Attack type")
    RESOURCE = "resource", _("Resource affected")
    WEAPON = "weapon", _("Weapon")


TAG_CHOICES = {
    TagKind.ATTACK_TYPE: AttackType,
    TagKind.RESOURCE: Resource,
    TagKind.WEAPON: Weapon,
}


class PerpetratorCategory(models.TextChoices):
    STATE_FORCES = "state_forces", _("State armed forces")
    FOREIGN_FORCES = "foreign_forces", _("Foreign forces")
    NON_STATE_GROUP = "non_state_group", _("Non-state armed group")
    POLICE_SECURITY = "police_security", _("Police or security forces")
    CRIMINAL = "criminal", _("Criminal")
    PATIENT_FAMILY = "patient_family", _("Patient or family")
    UNKNOWN = "unknown", _("Unknown")


class ClaimConfidence(models.TextChoices):
    ALLEGED = "alleged", _("Alleged")
    LIKELY = "likely", _("Likely")
    ESTABLISHED = "established", _("Established")


class FacilityDamage(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    NONE = "none", _("None")
    DAMAGED = "damaged", _("Damaged")
    DESTROYED = "destroyed", _("Destroyed")


class ServiceInterruption(models.TextChoices):
    UNKNOWN = "unknown", _("Unknown")
    NONE = "none", _("None")
    PARTIAL = "partial", _("Partial")
    FULL = "full", _("Full")


class Certainty(models.TextChoices):
    """WHO SSA certainty levels, in increasing order."""

    RUMOUR = "rumour", _("Rumour")
    POSSIBLE = "possible", _("Possible")
    PROBABLE = "probable", _("Probable")
    CONFIRMED = "confirmed", _("Confirmed")


PUBLIC_CERTAINTY = (Certainty.PROBABLE, Certainty.CONFIRMED)


class WorkflowState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")
    MERGED = "merged", _("Merged")


class Queue(models.TextChoices):
    """A verifier's work queues (``incidents/queues.py`` says what each holds)."""

    SUBMITTED = "submitted", _("Submitted")
    MINE = "mine", _("Assigned to me")
    DISPUTED = "disputed", _("Disputed")
    SECOND_SOURCE = "second_source", _("Needs a second source")


# Shared with the reports that state casualty counts (sources), so it is defined there.
CasualtyMeasure = _CasualtyMeasure
