"""The units the catalogue counts in, named in the reader's language (a unit outside this
list is shown as it was written)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

UNIT_LABELS = {
    "vial": _("vial"),
    "ampoule": _("ampoule"),
    "tablet": _("tablet"),
    "capsule": _("capsule"),
    "bag": _("bag"),
    "pair": _("pair"),
    "pack": _("pack"),
    "roll": _("roll"),
    "set": _("set"),
    "cylinder": _("cylinder"),
    "box": _("box"),
    "litre": _("litre"),
}


def unit_label(code: str) -> str:
    return str(UNIT_LABELS.get(code, code))
