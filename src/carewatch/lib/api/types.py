"""Input types shared by the API's schemas: what is accepted, and why.

- **Digits**: numbers and dates written with Arabic-Indic (٠–٩) or Persian (۰–۹) digits are
  accepted wherever a number or a date is expected *as text* (query strings, and JSON strings
  in numeric fields), because field documenters type them on Arabic keyboards and the web
  forms accept them too. JSON numbers are of course numbers already.
- **Numbers** are bounded (ids fit a 64-bit integer, counts of people ≤ 100,000) so that a
  huge value is a field error, never a database overflow.
- **Text** refuses NUL characters and unpaired surrogates, which PostgreSQL cannot store, and
  is trimmed of surrounding white space.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from carewatch.lib import lookups
from carewatch_core.calendar import too_early
from carewatch_core.digits import ascii_digits as to_ascii

MAX_ID = lookups.MAX_ID
MAX_COUNT = 100_000


def ascii_digits(value: Any) -> Any:
    """Arabic-Indic and Persian digits in a string become ASCII digits; anything else is unchanged."""
    if isinstance(value, str):
        return to_ascii(value).strip()
    return value


def clean_text(value: str) -> str:
    """Trim ``value``; refuse NUL characters and text that is not valid Unicode."""
    if "\x00" in value:
        raise ValueError(_("Null characters are not allowed."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError(_("Enter a valid value.")) from exc
    return value.strip()


Int = Annotated[int, BeforeValidator(ascii_digits)]
Id = Annotated[int, BeforeValidator(ascii_digits), Field(ge=1, le=MAX_ID)]
CountNumber = Annotated[int, BeforeValidator(ascii_digits), Field(ge=0, le=MAX_COUNT)]
Day = Annotated[datetime.date, BeforeValidator(ascii_digits)]
Latitude = Annotated[
    float, BeforeValidator(ascii_digits), Field(ge=-90, le=90, allow_inf_nan=False)
]
Longitude = Annotated[
    float, BeforeValidator(ascii_digits), Field(ge=-180, le=180, allow_inf_nan=False)
]


CleanText = Annotated[str, AfterValidator(clean_text)]
# Strings of at most N characters, cleaned by :func:`clean_text` (one alias per length in use).
Text12 = Annotated[CleanText, Field(max_length=12)]
Text80 = Annotated[CleanText, Field(max_length=80)]
Text120 = Annotated[CleanText, Field(max_length=120)]
Text200 = Annotated[CleanText, Field(max_length=200)]
Text300 = Annotated[CleanText, Field(max_length=300)]
Text500 = Annotated[CleanText, Field(max_length=500)]
Text1000 = Annotated[CleanText, Field(max_length=1000)]
Text2000 = Annotated[CleanText, Field(max_length=2000)]
Text5000 = Annotated[CleanText, Field(max_length=5000)]
Text20000 = Annotated[CleanText, Field(max_length=20_000)]
Text200000 = Annotated[CleanText, Field(max_length=200_000)]


def not_in_future(day: datetime.date | None) -> datetime.date | None:
    """Refuse a date after today (an attack cannot be reported before it happens) or before 1900."""
    from django.utils import timezone

    if day is not None and day > timezone.localdate():
        raise ValueError(_("This date is in the future."))
    if too_early(day):
        raise ValueError(_("This date is before 1900; check the year."))
    return day


PastDay = Annotated[datetime.date, BeforeValidator(ascii_digits), AfterValidator(not_in_future)]


def blank_to_none(value: Any) -> Any:
    """An empty query parameter (``?certainty=``) means "no filter", as in the web forms."""
    return None if isinstance(value, str) and not value.strip() else value


class _BlankIsNone:
    """``blank_to_none`` before the type's own validation, and the OpenAPI document saying so:
    the parameter's schema, or an empty string (a client that reads the document must not take
    ``?parent=`` for a request the API refuses)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_before_validator_function(blank_to_none, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        found = handler(schema)
        blank = {"type": "string", "maxLength": 0, "description": "Empty: not given."}
        return {"anyOf": [*found.get("anyOf", [found]), blank]} | {
            k: v for k, v in found.items() if k in ("description", "title", "default")
        }


#: ``Annotated[T | None, BLANK_IS_NONE]``: ``T`` or ``None``, where an empty string also counts as
#: ``None`` (and the OpenAPI document lists the empty string as allowed).
BLANK_IS_NONE = _BlankIsNone()


def _pcode(value: str) -> str:
    return clean_text(value).upper()


PCode = Annotated[
    str,
    AfterValidator(_pcode),
    Field(min_length=2, max_length=20, description="A p-code such as SY07."),
]


def _url(value: str) -> str:
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    value = clean_text(value)
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as exc:
            raise ValueError(_("Enter a valid URL.")) from exc
    return value


HttpUrl = Annotated[str, AfterValidator(_url)]
# An http(s) URL of at most N characters, or an empty string.
Url200 = Annotated[HttpUrl, Field(max_length=200)]
Url500 = Annotated[HttpUrl, Field(max_length=500)]
