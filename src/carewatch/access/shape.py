"""Sensitivity-aware output: the one place where the API decides which fields a caller sees.

Each endpoint describes its output as a :class:`Shape`: an entity name from
``carewatch_core.sensitivity.FIELD_CLASSES`` and its fields, each with a type and a getter.
The shape gives both the OpenAPI schema (every field documented with its sensitivity class)
and, per caller, the output: a field the caller's clearance may not read is *absent* — its
getter is not even called, so nothing restricted is computed, fetched or audited for nothing.
``null`` therefore always means "unknown", never "hidden".

Restricted values that are read are audited once per response (one entry per entity, with
the object ids and fields), unless the getter audits the read itself (``audited=True``, e.g.
``facilities.selectors.exact_location``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ninja import Schema
from pydantic import Field, create_model

from carewatch.accounts.permissions import clearance_of
from carewatch.audit.services import log_action
from carewatch_core.counts import Count
from carewatch_core.sensitivity import Level, level_of, visible

Getter = Callable[[Any, "Reader"], Any]

_EMPTY: tuple[Any, ...] = (None, "", [], {})


@dataclass(frozen=True)
class Out:
    """One output field: its (OpenAPI) type, how to read it, and how a restricted read is audited.

    Without ``get`` the value is the object's attribute ``source`` (default: the field's name).
    """

    type: Any
    get: Getter | None = None
    description: str = ""
    source: str = ""
    audited: bool = False
    audit_verb: str = "restricted_viewed"

    def read(self, key: str, obj: Any, reader: Reader) -> Any:
        if self.get is not None:
            return self.get(obj, reader)
        return getattr(obj, self.source or key)


def attr(type_: Any, source: str = "", description: str = "") -> Out:
    """A field read from the attribute ``source`` (default: the field's own name)."""
    return Out(type_, description=description, source=source)


class Reader:
    """The caller of one response: their clearance, and the restricted values read so far."""

    def __init__(self, user: Any) -> None:
        self.user = user
        self.clearance: Level = clearance_of(user)
        self._reads: dict[tuple[str, str, str], dict[str, set[str]]] = defaultdict(
            lambda: defaultdict(set)
        )
        self.memo: dict[Any, Any] = {}

    def sees(self, entity: str, field: str) -> bool:
        """Whether this reader's clearance may read ``entity.field``."""
        return visible(entity, field, self.clearance)

    def note(self, entity: str, verb: str, obj: Any, field: str) -> None:
        """Remember that a restricted value of ``obj`` was shown (audited by :meth:`flush`)."""
        label = obj._meta.label_lower if hasattr(obj, "_meta") else entity
        self._reads[(entity, label, verb)][str(getattr(obj, "pk", ""))].add(field)

    @property
    def read_any(self) -> bool:
        """Whether a restricted value was read (and not yet audited)."""
        return bool(self._reads)

    def flush(self, where: str, via: str = "api") -> None:
        """Audit the restricted values this response showed: one entry per model and verb.

        The action is ``carewatch.<entity>.<verb>`` (e.g. ``carewatch.incident.exact_location_viewed``);
        the entry names the object when there is one, and lists the ids and fields read.
        """
        for (entity, label, verb), by_id in self._reads.items():
            ids = sorted(by_id, key=lambda v: (len(v), v))
            fields = sorted({f for names in by_id.values() for f in names})
            log_action(
                action=f"carewatch.{entity}.{verb}",
                actor=self.user,
                object_type=label,
                object_id=ids[0] if len(ids) == 1 else "",
                after={"ids": ids[:500], "fields": fields, "via": via, "path": where[:200]},
            )
        self._reads.clear()


class Shape:
    """An entity's output fields; gives the OpenAPI schema and the per-caller output."""

    def __init__(self, entity: str, name: str, fields: dict[str, Out]) -> None:
        self.entity, self.name = entity, name
        self.fields = fields
        self.schema = _schema(name, entity, self.fields)

    def extend(self, name: str, fields: dict[str, Out]) -> Shape:
        """A larger shape of the same entity (e.g. a detail view over a list row)."""
        return Shape(self.entity, name, {**self.fields, **fields})

    def present(self, obj: Any, reader: Reader) -> dict[str, Any]:
        """The fields of ``obj`` the reader may see (absent keys are fields they may not)."""
        data: dict[str, Any] = {}
        for key, out in self.fields.items():
            if not reader.sees(self.entity, key):
                continue
            data[key] = value = out.read(key, obj, reader)
            if (
                level_of(self.entity, key) >= Level.RESTRICTED
                and not out.audited
                and value not in _EMPTY
            ):
                reader.note(self.entity, out.audit_verb, obj, key)
        return data


def _schema(name: str, entity: str, fields: dict[str, Out]) -> type[Schema]:
    definitions: dict[str, Any] = {
        key: (out.type | None, Field(None, description=_describe(entity, key, out)))
        for key, out in fields.items()
    }
    return create_model(name, __base__=Schema, **definitions)


_LEVEL_NOTES = {
    Level.PUBLIC: "Public.",
    Level.INTERNAL: "Internal: present only for signed-in staff.",
    Level.RESTRICTED: "Restricted: present only for need-to-know roles; every read is audited.",
}


def _describe(entity: str, key: str, out: Out) -> str:
    return " ".join(part for part in (out.description, _LEVEL_NOTES[level_of(entity, key)]) if part)


def nested(shape: Shape, get: Callable[[Any], Any], description: str = "") -> Out:
    """A related object presented with its own entity's sensitivity rules.

    ``null`` if there is none, or if the reader may see none of its fields.
    """

    def read(obj: Any, reader: Reader) -> Any:
        related = get(obj)
        return (shape.present(related, reader) or None) if related is not None else None

    return Out(shape.schema, read, description)


def nested_list(shape: Shape, get: Callable[[Any], Iterable[Any]], description: str = "") -> Out:
    """Related objects, each presented with its own entity's sensitivity rules.

    Objects the reader may see none of are left out (not listed as empty objects).
    """

    def read(obj: Any, reader: Reader) -> list[dict[str, Any]]:
        if not any(reader.sees(shape.entity, key) for key in shape.fields):
            return []
        return [shape.present(item, reader) for item in get(obj)]

    return Out(list[shape.schema], read, description)  # type: ignore[name-defined]


def one(shape: Shape, obj: Any, user: Any, where: str) -> dict[str, Any]:
    """``obj`` as ``user`` may see it; audits any restricted value shown (``where`` names the request)."""
    reader = Reader(user)
    data = shape.present(obj, reader)
    reader.flush(where)
    return data


def many(shape: Shape, objs: Iterable[Any], user: Any, where: str) -> list[dict[str, Any]]:
    """Each of ``objs`` as ``user`` may see it; one audit entry per entity for the whole list."""
    reader = Reader(user)
    data = [shape.present(obj, reader) for obj in objs]
    reader.flush(where)
    return data


# Shared output types.


class CountOut(Schema):
    """A count: ``null`` when unknown (never 0); ``low`` = ``high`` for an exact number."""

    low: int
    high: int


def count_value(count: Count) -> dict[str, int] | None:
    """``null`` for unknown, ``{"low": 3, "high": 5}`` for a range, ``{"low": 2, "high": 2}`` for 2."""
    if not count.known or count.low is None:
        return None
    return {"low": count.low, "high": count.high if count.high is not None else count.low}


class PlaceRef(Schema):
    pcode: str
    level: int
    name_en: str
    name_ar: str


def place_value(place: Any) -> dict[str, Any] | None:
    """A place as p-code, level and both names (``null`` for none)."""
    if place is None:
        return None
    return {
        "pcode": place.pcode,
        "level": place.level,
        "name_en": place.name_en,
        "name_ar": place.name_ar,
    }
