"""Pages read records through the same rule as the API: a template gets a :class:`Shown` view of a
record, never the record.

``reader.show(obj)`` wraps a model object for one reader. Every attribute a template asks for is
classed by ``carewatch_core.sensitivity`` (``level_of(entity, field, scope)``) and:

- a field above the reader's clearance is :data:`Withheld` (empty, falsy);
- a restricted field the reader may read is still :data:`Withheld` on an ordinary page, with
  ``may_fetch`` set, so the template can offer the on-purpose read (a button to a fragment);
  only a page that exists to read it (``Reader(user, reveal={"report.informant_name"})``) gets
  the value, and the read is audited when the page is done (``Reader.flush``);
- related records, lists and managers come back wrapped in turn, with at least the class of the
  field they were reached through (a facility's status notes are as internal as ``statuses``).

A record's label (``{{ incident }}``) is its label field when the reader may see it inline, else
a neutral stand-in (an incident's reference, "Name withheld (person #12)").
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from django.db.models import Manager, Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from carewatch.access.shape import Reader
from carewatch.accounts.permissions import purpose_reads
from carewatch.lib.display import display
from carewatch_core.sensitivity import NO_SCOPE, Level, Scope, level_of

# Model label -> entity of the sensitivity table. Models not listed are classed by the field they
# were reached through (and at least internal when a view hands one to a template directly).
ENTITY_OF: dict[str, str] = {
    "incidents.incident": "incident",
    "incidents.incidentrecord": "incident_record",
    "sources.report": "report",
    "sources.attachment": "attachment",
    "sources.source": "source",
    "sources.figure": "figure",
    "facilities.facility": "facility",
    "people.person": "person",
    "people.personrecord": "person_record",
    "accounts.user": "user",
    "places.place": "place",
}
LABEL_FIELD = {
    "incident": "title",
    "person": "name",
    "person_record": "name_latin",
    "facility": "name",
    "report": "title",
    "source": "name",
    "attachment": "filename",
}


class WithheldValue:
    """A value the page does not carry: renders as nothing, is false; ``may_fetch`` says whether this
    reader may read it on purpose (the template then links to the audited read)."""

    __slots__ = ("may_fetch",)

    def __init__(self, may_fetch: bool = False) -> None:
        self.may_fetch = may_fetch

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""

    def __iter__(self) -> Iterator[Any]:
        return iter(())

    def __len__(self) -> int:
        return 0


Withheld = WithheldValue()
_EMPTY: tuple[Any, ...] = (None, "", [], {})
#: Values that are never records (most of what a page reads): returned as they are at once.
_PLAIN = frozenset({str, int, float, bool, type(None), datetime.date, datetime.datetime, Decimal})


def entity_of(obj: Model) -> str:
    return ENTITY_OF.get(obj._meta.label_lower, obj._meta.label_lower)


def scope_of(entity: str, obj: Any) -> Scope:
    """The row's facts that widen the table: a person whose name is cleared."""
    if entity == "person":
        return Scope(cleared=bool(getattr(obj, "is_cleared", False)))
    return NO_SCOPE


class Shown:
    """One record as one reader may see it (see the module docstring)."""

    __slots__ = ("_entity", "_floor", "_obj", "_reader", "_scope")

    def __init__(self, obj: Model, reader: ShownReader, floor: Level = Level.PUBLIC) -> None:
        self._obj, self._reader, self._floor = obj, reader, floor
        self._entity = entity_of(obj)
        if self._entity not in ENTITY_OF.values():
            self._floor = max(floor, Level.INTERNAL)
        self._scope = scope_of(self._entity, obj)

    def _level(self, field: str) -> Level:
        field = "id" if field == "pk" else field
        return max(level_of(self._entity, field, self._scope), self._floor)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        field = name[4:-8] if name.startswith("get_") and name.endswith("_display") else name
        level = self._level(field)
        reader = self._reader
        if level > reader.clearance and f"{self._entity}.{field}" not in reader.beyond:
            return Withheld
        if level >= Level.RESTRICTED:
            value = getattr(self._obj, name)
            if f"{self._entity}.{field}" not in reader.reveal:
                # Whether there is a value to fetch: read, never shown.
                return WithheldValue(may_fetch=value not in _EMPTY)
            if value not in _EMPTY:
                reader.note(self._entity, reader.verb, self._obj, field)
            return reader.wrap(value, min(level, Level.INTERNAL))
        if field is not name:  # get_<field>_display
            return lambda: reader.wrap(display(self._obj, field), level)
        value = getattr(self._obj, name)
        if callable(value) and not isinstance(value, Manager):
            if getattr(value, "alters_data", False):
                return Withheld
            return lambda: reader.wrap(value(), level)
        return reader.wrap(value, level)

    def __getitem__(self, name: object) -> Any:
        """What a template's lookup tries first (``record.field``): the field as ``__getattr__``
        gives it. Without it each lookup raised and caught an exception before reading the
        attribute (a work list page makes a thousand: 6.2 → 4.9 µs each)."""
        if not isinstance(name, str):
            raise TypeError(name)
        return self.__getattr__(name)

    __iter__ = None  # a record is not a sequence (``__getitem__`` would make it look like one)

    def __str__(self) -> str:
        label = LABEL_FIELD.get(self._entity)
        if label is None and self._entity in ENTITY_OF.values():
            return str(self._obj)
        if label is not None and self.__getattr__(label):
            return str(self._obj)
        if self._entity == "incident":
            return str(self._obj.reference)  # type: ignore[attr-defined]
        if self._entity == "person":
            return _("Name withheld (person #%(id)s)") % {"id": self._obj.pk}
        return f"#{self._obj.pk}"

    def __eq__(self, other: object) -> bool:
        other_obj = other._obj if isinstance(other, Shown) else other
        return bool(self._obj == other_obj)

    def __hash__(self) -> int:
        return hash(self._obj)

    def __bool__(self) -> bool:
        return True


class ShownSet:
    """Related records or a queryset, each wrapped; what templates ask of a manager."""

    __slots__ = ("_floor", "_items", "_reader", "_source")

    def __init__(self, source: Any, reader: ShownReader, floor: Level) -> None:
        self._source, self._reader, self._floor = source, reader, floor
        self._items: list[Any] | None = None

    def all(self) -> list[Any]:
        if self._items is None:
            rows = self._source.all() if isinstance(self._source, Manager) else self._source
            self._items = [self._reader.wrap(x, self._floor) for x in rows]
        return self._items

    def __iter__(self) -> Iterator[Any]:
        return iter(self.all())

    def __len__(self) -> int:
        return len(self.all())

    def __bool__(self) -> bool:
        return bool(self.all())

    def count(self) -> int:
        return len(self.all())

    def exists(self) -> bool:
        return bool(self.all())

    def first(self) -> Any:
        items = self.all()
        return items[0] if items else None


class ShownReader(Reader):
    """A page's reader: wraps records for templates; ``reveal`` names the restricted fields
    ("entity.field") that this page exists to read, audited as ``carewatch.<entity>.<verb>``."""

    def __init__(
        self,
        user: Any,
        reveal: Iterable[str] = (),
        verb: str = "restricted_viewed",
    ) -> None:
        super().__init__(user)
        self.reveal, self.verb = frozenset(reveal), verb
        # Fields revealed here that the reader's functions let them read beyond their clearance.
        self.beyond = self.reveal & purpose_reads(user)

    def show(self, obj: Any) -> Any:
        """``obj`` (a record, a list or queryset of records, or ``None``) wrapped for templates."""
        return self.wrap(obj, Level.PUBLIC)

    def show_page(self, page: Any) -> Any:
        """A paginator page whose rows are shown records."""
        page.object_list = self.show(list(page.object_list))
        return page

    def wrap(self, value: Any, floor: Level) -> Any:
        if type(value) in _PLAIN:
            return value
        if isinstance(value, Model):
            return Shown(value, self, floor)
        if isinstance(value, Manager | QuerySet):
            return ShownSet(value, self, floor)
        if isinstance(value, list | tuple) and any(isinstance(v, Model) for v in value):
            return [self.wrap(v, floor) for v in value]
        return value


def render_shown(
    request: HttpRequest,
    reader: ShownReader,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render a page of shown records, then audit the restricted values it read (one entry per
    entity and verb). A page that read any sends ``Cache-Control: no-store`` (S20)."""
    response = render(request, template, context, status=status)
    if reader.read_any:
        response["Cache-Control"] = "no-store"
    reader.flush(request.path, via="page")
    return response
