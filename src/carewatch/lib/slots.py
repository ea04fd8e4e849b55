"""Slots: a function a lower app needs and a higher app provides.

The apps are layered (docs/architecture.md): an app imports only from the layers below. A few
pages of a lower app show records of a higher one through that app's restricting selector (a
facility's incidents, a person's incidents). The lower app declares a :class:`Slot`; the higher
app fills it in its ``AppConfig.ready`` with the very selector its own pages use, so the rule
stays in one place and the import graph stays one-way. Calling an empty slot is a programming
error (the providing app is not installed), never a silent empty answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class EmptySlot(RuntimeError):
    """The app that provides this slot is not installed or not ready."""


class Slot(Generic[P, R]):
    """A named function provided later (once) by a higher app."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._provider: Callable[P, R] | None = None

    def provide(self, provider: Callable[P, R]) -> None:
        """Fill the slot; providing it again with another function is refused."""
        if self._provider is not None and self._provider is not provider:
            raise RuntimeError(f"the slot {self.name!r} is already provided")
        self._provider = provider

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        if self._provider is None:
            raise EmptySlot(f"nothing provides the slot {self.name!r}")
        return self._provider(*args, **kwargs)
