"""The building blocks of an export declaration: a core ``Column`` with the getter that reads it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from carewatch_core.exports import Column, Kind, columns_for
from carewatch_core.sensitivity import NO_SCOPE, Level, Scope


@dataclass(frozen=True)
class Context:
    """What every getter of one export may need: the public location level (0 country, 1 governorate,
    2 district; never finer, whatever the setting) and values loaded once for the whole file."""

    public_level: int
    memo: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def current(cls) -> Context:
        return cls(public_level=max(0, min(int(settings.CAREWATCH_PUBLIC_LOCATION_LEVEL), 2)))


Getter = Callable[[Any, Context], object]


@dataclass(frozen=True)
class Field:
    column: Column
    get: Getter


def f(
    name: str,
    label: Any,
    kind: Kind,
    sensitivity: str,
    get: Getter,
    hxl: str = "",
    description: Any = "",
) -> Field:
    """A field: ``sensitivity`` is "entity.field" in ``carewatch_core.sensitivity.FIELD_CLASSES``."""
    entity, name_in_table = sensitivity.split(".")
    return Field(Column(name, label, kind, entity, name_in_table, hxl, description), get)


def codes(choices: Any) -> Any:
    """A description listing a vocabulary's codes with their labels (in the reader's language)."""
    from django.utils.functional import lazy

    def text() -> str:
        listing = "; ".join(f"{value} = {label}" for value, label in choices.choices)
        return str(_("Codes: %(codes)s") % {"codes": listing})

    return lazy(text, str)()


@dataclass(frozen=True)
class Dataset:
    """An exported table: its fields in file order, whether rows carry a point (GeoJSON), and the
    scope of its rows (``carewatch_core.sensitivity.Scope``), which every column is classed in."""

    name: str
    title: Any
    fields: tuple[Field, ...]
    has_point: bool = True
    scope: Scope = NO_SCOPE

    def __post_init__(self) -> None:
        scoped = tuple(Field(replace(x.column, scope=self.scope), x.get) for x in self.fields)
        object.__setattr__(self, "fields", scoped)

    def columns(self, clearance: Level) -> tuple[Column, ...]:
        return columns_for((x.column for x in self.fields), clearance)

    def rows(
        self, objects: Iterable[Any], columns: Sequence[Column], ctx: Context
    ) -> Iterator[dict[str, object]]:
        """Each object as a row of ``columns`` only: a getter outside them is never called."""
        getters = [(c.name, x.get) for x in self.fields for c in columns if x.column is c]
        for obj in objects:
            yield {name: get(obj, ctx) for name, get in getters}
