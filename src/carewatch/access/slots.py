"""Restricting selectors that lower apps call and higher apps provide (see ``carewatch.lib.slots``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from carewatch.lib.slots import Slot

#: ``incidents_for(user)``: the incidents ``user`` may see (provided by ``carewatch.incidents``).
incidents_for: Slot[[Any], QuerySet[Any]] = Slot("incidents_for")
