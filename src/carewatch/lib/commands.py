"""The base of CareWatch's operations on the command line (imports, backups, the worker…).

Django runs its system checks before a management command, and they load the URL configuration,
which imports every view: a second or more of each start. They are a developer's checks, run by
``carewatch check`` and at the start of ``serve`` and ``demo``; an operation starts without them
(docs/architecture.md, "Start-up")."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class Operation(BaseCommand):
    requires_system_checks: list[str] = []
