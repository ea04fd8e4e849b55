"""Recomputing a stale public answer on the job queue while visitors are served the last one.

After a change, the first public visitor of a page would otherwise wait for every figure on it
to be recomputed (over a minute for the dashboard with a million incidents). Instead, the public
page or public API answer last computed is served at once, saying when it was computed
(``cache.Public.as_of``), and a job on the ``figures`` queue recomputes it: the worker visits the
same URL, anonymously, in the same language, and what it renders is stored; the next visitor
gets the new one. Signed-in staff and anything asked inside a transaction always get fresh
figures (``cache.cached``).

A visit is the recomputation's whole description (a URL, a language, whether htmx asked), so a
job holds nothing but text, outlives a restarted worker, and runs in a worker process instead of
the server's. One job per answer at a time: its lock is a cache entry holding when it was queued.
If no worker has run it within ``jobs.OVERDUE_SECONDS`` (no worker runs, or it is far behind), the
next visitor computes the answer itself: slower for one visitor, never stale for ever.

The worker stores what it computes in the cache, so the server must be able to read it there:
a last answer is served only when the cache is shared between processes (Redis,
``CAREWATCH_CACHE_URL``) or a worker for ``figures`` runs inside this very process (the demo).
So without a shared cache ``carewatch serve`` runs the ``figures`` queue in its own process and
``carewatch worker`` leaves it alone; if a visitor's own process cannot be handed the answer (it
is one of several without a shared cache, or has no worker for it), the visitor computes it.
"""

from __future__ import annotations

import contextvars
import io
import urllib.parse
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.handlers.base import BaseHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import HttpResponseBase
from django.http.request import validate_host
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from carewatch.lib import jobs

#: True inside a recomputation: what it reads must be fresh, never stale.
RECOMPUTING: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "carewatch_recomputing", default=False
)
#: Longest a recomputation may hold its answer's lock (a job lost with its queue row expires).
LOCK_SECONDS = 30 * 60
QUEUE = "figures"


@dataclass(frozen=True)
class Visit:
    """The anonymous request whose answer is recomputed: its full path (with its query), the
    active language, and whether htmx asked (a fragment instead of the whole page)."""

    path: str
    language: str
    htmx: bool = False


def handed_back() -> bool:
    """Whether what a worker recomputes reaches this process: a shared cache, or a worker here."""
    return jobs.handed_back(QUEUE)


def start(lock_key: str, visit: Visit) -> bool:
    """Queue the recomputation of ``visit``'s answer unless one is queued already (``False``)."""
    if not jobs.queue_once(lock_key, LOCK_SECONDS):
        return False
    recompute.enqueue(path=visit.path, language=visit.language, htmx=visit.htmx, lock_key=lock_key)
    return True


@task(queue_name=QUEUE, priority=10)
def recompute(*, path: str, language: str, htmx: bool, lock_key: str) -> int:
    """Visit ``path`` as an anonymous visitor in ``language`` with fresh figures only: the page
    (or API answer) it renders is stored as the current one. Returns the status it answered."""
    token = RECOMPUTING.set(True)
    try:
        return visit_status(Visit(path=path, language=language, htmx=htmx))
    finally:
        RECOMPUTING.reset(token)
        jobs.let_go(lock_key)
        if cache.add(PRUNED_KEY, True, 3600):
            prune_finished()


#: Set for an hour after the finished recomputations' rows were last removed.
PRUNED_KEY = "carewatch:stats:figures-pruned"


def prune_finished() -> int:
    """Remove the queue's rows of recomputations done over an hour ago (failed ones: a week):
    one row per public answer after each addition would otherwise pile up for ever."""
    now = timezone.now()
    done = DBTaskResult.objects.filter(queue_name=QUEUE)
    succeeded = done.filter(status="SUCCESSFUL", finished_at__lt=now - timedelta(hours=1))
    failed = done.filter(status="FAILED", finished_at__lt=now - timedelta(days=7))
    return int(succeeded.delete()[0] + failed.delete()[0])


_handler: BaseHandler | None = None


def visit_status(visit: Visit) -> int:
    """Run ``visit`` through the site's middleware and views, as a request from outside would,
    without the request signals (a job's database connection is the worker's to close)."""
    global _handler
    if _handler is None:
        handler = BaseHandler()
        handler.load_middleware()
        _handler = handler
    response: HttpResponseBase = _handler.get_response(WSGIRequest(environ(visit)))
    return int(response.status_code)


def environ(visit: Visit) -> dict[str, Any]:
    """The WSGI environment of an anonymous GET of ``visit`` on the site's own address."""
    site = urllib.parse.urlsplit(settings.CAREWATCH_SITE_URL)
    path, _sep, query = visit.path.partition("?")
    secure = site.scheme == "https"
    found: dict[str, Any] = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": urllib.parse.unquote(path, encoding="latin-1"),
        "QUERY_STRING": query,
        "SCRIPT_NAME": "",
        "SERVER_NAME": host(site.hostname or ""),
        "SERVER_PORT": str(site.port or (443 if secure else 80)),
        "HTTP_HOST": host(site.hostname or ""),
        "HTTP_ACCEPT_LANGUAGE": visit.language,
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": site.scheme or "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if visit.htmx:
        found["HTTP_HX_REQUEST"] = "true"
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header and secure:
        found[proxy_header[0]] = proxy_header[1]
    return found


def host(site_host: str) -> str:
    """The site's host if the server accepts it, else the first host it accepts by name."""
    allowed = settings.ALLOWED_HOSTS
    if site_host and validate_host(site_host, allowed):
        return site_host
    named = [h.lstrip(".") for h in allowed if h not in ("*", "")]
    return named[0] if named else "localhost"
