"""The ``carewatch`` command: Django's management commands under one friendly name."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    """Run a CareWatch (Django management) command, e.g. ``carewatch migrate``."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carewatch.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["carewatch", *argv])
    args[0] = "carewatch"
    execute_from_command_line(args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
