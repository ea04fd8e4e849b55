"""Small model helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django.db import models


class ImmutableModel(models.Model):
    """A row that is never changed once written (source material, S7): corrections are new rows.

    Links to consolidated entities are a reviewed layer on top; services change them with
    ``QuerySet.update`` and audit each change.
    """

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError(
                f"{type(self).__name__} rows are immutable; record a correction instead"
            )
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(f"{type(self).__name__} rows are never deleted")


class TimeStamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ConflictError(Exception):
    """Someone else saved the object since it was loaded (optimistic locking, S13)."""

    def __init__(self, instance: models.Model, expected: int, current: int) -> None:
        super().__init__(
            f"{instance._meta.label} {instance.pk}: expected version {expected}, found {current}"
        )
        self.instance = instance
        self.expected = expected
        self.current = current


def save_versioned(instance: Any, *, expected_version: int, fields: list[str]) -> None:
    """Write ``fields`` only if the row still has ``expected_version``; bump the version.

    The check and the write are one UPDATE … WHERE version = expected, so two people saving
    at once cannot both win: the second raises ``ConflictError`` and nothing of theirs is lost
    (the caller still holds their values to show them again).
    """
    model = type(instance)
    values = {name: getattr(instance, model._meta.get_field(name).attname) for name in fields}
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        from django.utils import timezone

        values["updated_at"] = instance.updated_at = timezone.now()
    updated = model.objects.filter(pk=instance.pk, version=expected_version).update(
        version=expected_version + 1, **values
    )
    if not updated:
        current = model.objects.filter(pk=instance.pk).values_list("version", flat=True).first()
        raise ConflictError(instance, expected_version, current or 0)
    instance.version = expected_version + 1
