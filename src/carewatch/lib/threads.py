"""Django's per-request state kept per thread, without a lock shared by every thread.

Django keeps the active language, the active time zone, the script prefix and the URLconf of a
request in ``asgiref.local.Local`` objects, so that they behave as context variables under
asyncio. Each read of one takes a lock shared by all threads. CareWatch serves with waitress, a
pool of threads and no event loop, and a page reads the active language once per translated word
— thousands of times for the incident list. With eight server threads those reads queued on the
lock: sampled under load (``bench/load.py``), nine tenths of the server threads' time was spent
waiting in it, and the server answered 67 requests a second with eight threads against 113 with
two. Django itself replaces these objects when it needs to (its test signals and the translation
reloader assign ``trans_real._active`` anew); here they become plain ``threading.local`` objects,
which is what they amount to in a thread with no event loop. django-countries keeps two such
objects of its own, one read for each word a catalog does not translate: they are treated alike.

Called once by the WSGI entry point, before any request; never in an asyncio (ASGI) server.
"""

from __future__ import annotations

import threading

import django_countries
from django.core.exceptions import ImproperlyConfigured
from django.urls import base as urls_base
from django.utils import timezone
from django.utils.translation import trans_real

#: Where Django (and django-countries) keep them: a release that moves one makes this fail
#: rather than do nothing.
STATE = (
    (trans_real, "_active"),
    (timezone, "_active"),
    (urls_base, "_prefixes"),
    (urls_base, "_urlconfs"),
    # django-countries' translator sits at the end of every catalog's fallback chain: each word
    # without a translation (every word of an English page) reads its state.
    (django_countries, "_translation_state"),
    (django_countries, "_countries_context"),
)


def per_thread_state() -> None:
    """Make the active language, time zone, script prefix and URLconf plain thread-locals."""
    for module, name in STATE:
        if not hasattr(module, name):
            raise ImproperlyConfigured(f"{module.__name__}.{name} is no longer there")
        setattr(module, name, threading.local())
