"""WSGI entry point (``carewatch serve`` runs it with waitress, a pool of threads)."""

import os

from django.core.wsgi import get_wsgi_application

from carewatch.lib.threads import per_thread_state

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carewatch.settings")
application = get_wsgi_application()
per_thread_state()  # no lock shared by every thread on each translated word (lib/threads.py)
