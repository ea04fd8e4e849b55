"""Signals between apps that may not import each other: an import (``imports``) announces the
reports it wrote, and the linkage (``linkage``) links them on, without either knowing the other."""

from django.dispatch import Signal

#: Sent once an import run has stored new reports of a source, after its transaction commits.
#: Arguments: ``source_id``, ``user_id`` (or None), ``run_id``.
reports_imported = Signal()
