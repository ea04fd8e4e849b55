"""How a person is named where the name itself may not be shown: the one sensitivity rule decides
(``carewatch_core.sensitivity``: names are restricted, and public once cleared for the memorial)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from carewatch.accounts.permissions import may_read
from carewatch.people.models import Person
from carewatch_core.sensitivity import Scope


def display_name(user: Any, person: Person) -> str:
    """The name if the reader may read it (cleared names: anyone; others: restricted clearance),
    else a placeholder. Where it is the name, the caller audits the read (the API's shape does)."""
    if may_read(user, "person.name", Scope(cleared=person.is_cleared)):
        return person.name
    return _("Name withheld (person #%(id)s)") % {"id": person.pk}
