"""The base of CareWatch's operations on the command line (imports, backups, the worker…).

Django runs its system checks before a management command, and they load the URL configuration,
which imports every view: a second or more of each start. They are a developer's checks, run by
``carewatch check`` and at the start of ``serve`` and ``demo``; an operation starts without them
(docs/architecture.md, "Start-up")."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand

#: The languages an operation can speak (``--language``).
LANGUAGES = ("en", "fr", "ar")


def environment_language() -> str:
    """The language the user's terminal asks for (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``,
    ``LANG``, as gettext reads them: ``fr_FR.UTF-8`` is French), English when it is none of
    ``LANGUAGES``."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            code = value.split(":")[0][:2].lower()
            return code if code in LANGUAGES else "en"
    return "en"


class Operation(BaseCommand):
    requires_system_checks: list[str] = []
