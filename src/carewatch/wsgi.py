"""WSGI entry point (``carewatch serve`` runs it with waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carewatch.settings")
application = get_wsgi_application()
