"""What the demo writer has created so far, by plan key, to link later rows to earlier ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from carewatch.facilities.models import Facility
from carewatch.incidents.models import Incident
from carewatch.places.models import Place
from carewatch.sources.models import Report, Source


@dataclass
class Written:
    """The acting user, the documenters credited with submissions, and the rows written."""

    user: Any
    submitters: Sequence[Any]
    places: dict[str, Place]
    sources: dict[str, Source] = field(default_factory=dict)
    facilities: dict[int, Facility] = field(default_factory=dict)
    incidents: dict[int, Incident] = field(default_factory=dict)
    reports: dict[tuple[int, int], Report] = field(default_factory=dict)
