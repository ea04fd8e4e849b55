"""One declaration of a dataset's columns: the file's header, its HXL row and its data dictionary."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum

from carewatch_core.sensitivity import NO_SCOPE, Level, Scope, level_of


class Kind(StrEnum):
    """The type of a column's values (``list`` is a list of codes, joined with "; " in CSV)."""

    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    DATE = "date"
    BOOLEAN = "boolean"
    LIST = "list"


@dataclass(frozen=True)
class Column:
    """One exported field.

    ``entity``/``field`` name its entry in ``carewatch_core.sensitivity.FIELD_CLASSES``, which
    gives its class, in the ``scope`` of the file's rows (e.g. the memorial roll's rows are all
    cleared names; the public location level decides whether the district is public). ``label``
    and ``description`` may be lazy translations: they are turned into text when used.
    """

    name: str
    label: object
    kind: Kind
    entity: str
    field: str
    hxl: str = ""
    description: object = ""
    scope: Scope = NO_SCOPE

    @property
    def sensitivity(self) -> Level:
        return level_of(self.entity, self.field, self.scope)


def columns_for(
    columns: Iterable[Column], clearance: Level, ceiling: Level = Level.INTERNAL
) -> tuple[Column, ...]:
    """The columns a reader of ``clearance`` gets in a file.

    Files never carry restricted values whatever the reader's clearance (``ceiling``): a file,
    once downloaded, is read and forwarded where no audit entry records it.
    """
    limit = min(clearance, ceiling)
    return tuple(c for c in columns if c.sensitivity <= limit)


DICTIONARY_HEADER = ("field", "label", "type", "sensitivity", "hxl", "description")


def dictionary_rows(columns: Sequence[Column]) -> Iterator[dict[str, object]]:
    """The data dictionary of ``columns``: one row per column, keyed as :data:`DICTIONARY_HEADER`."""
    for c in columns:
        yield {
            "field": c.name,
            "label": str(c.label),
            "type": c.kind.value,
            "sensitivity": c.sensitivity.name.lower(),
            "hxl": c.hxl,
            "description": str(c.description),
        }


DICTIONARY_COLUMNS = tuple(
    Column(name, name, Kind.TEXT, "export_dictionary", name) for name in DICTIONARY_HEADER
)
