"""``carewatch serve``: serve an existing instance with waitress (a real multi-threaded WSGI server).

``--processes N`` (N > 1, POSIX only) binds the port once and forks N server processes that all
accept on it: Python runs one thread at a time per process, so a busy site (a petition in the
news) needs several processes to use several cores. Use PostgreSQL and a shared cache
(``CAREWATCH_CACHE_URL``) with it: each process otherwise keeps its own rate-limit counters.

Without a shared cache one server process also works on the ``figures`` queue itself (the public
figures recomputed after a change, ``stats.refresh``), which a separate worker then leaves alone.
Several processes without a shared cache could not hand one another what they recompute: none
works on that queue, and each serves its figures fresh (no visitor is served stale figures).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import socket
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.utils.translation import gettext as _
from waitress.server import create_server

from carewatch.lib import jobs
from carewatch.lib.cachebackend import shared
from carewatch.lib.middleware import request_body_limit
from carewatch.wsgi import application

logger = logging.getLogger(__name__)
FIGURES = ("figures", ("figures",))


class Command(BaseCommand):
    help = "Serve CareWatch on http://HOST:PORT (default 127.0.0.1:8000)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--host", default="127.0.0.1", help="Address to listen on (default 127.0.0.1)."
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to listen on (default 8000)."
        )
        parser.add_argument("--threads", type=int, default=8, help="Worker threads (default 8).")
        parser.add_argument(
            "--processes",
            type=int,
            default=1,
            help="Server processes sharing the port (default 1; POSIX only).",
        )

    def handle(
        self, *args: Any, host: str, port: int, threads: int, processes: int, **options: Any
    ) -> None:
        if processes < 1 or (processes > 1 and not hasattr(os, "fork")):
            raise CommandError(
                _("--processes must be 1 here, or a number above 1 on Linux or macOS.")
            )
        try:
            family = socket.AF_INET6 if ":" in host else socket.AF_INET
            listening = socket.create_server((host, port), family=family, backlog=1024)
        except OSError as exc:
            raise CommandError(
                _(
                    "Cannot listen on %(host)s:%(port)s (%(reason)s). Is another server using "
                    "it? Choose another port with --port."
                )
                % {"host": host, "port": port, "reason": exc.strerror or exc}
            ) from exc
        self.stdout.write(
            _("CareWatch is serving on http://%(host)s:%(port)s/ — press Ctrl+C to stop.")
            % {"host": host, "port": port}
        )
        if processes == 1:
            self._serve(listening, threads, figures_here=not shared())
            return
        self._fork(listening, threads, processes)

    def _fork(self, listening: socket.socket, threads: int, processes: int) -> None:
        """Fork the servers, then wait; a signal to this process stops them all."""
        connections.close_all()  # no child may share the parent's database connection
        children = []
        for _n in range(processes):
            pid = os.fork()
            if pid == 0:  # the child serves until it is told to stop
                signal.signal(signal.SIGTERM, signal.SIG_DFL)
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                status = 0
                try:
                    # Without a shared cache, one process's recomputation could not be handed
                    # to the others: none runs one, and every process serves fresh figures.
                    self._serve(listening, threads, figures_here=False)
                except BaseException:
                    logger.exception("a server process (pid %d) stopped", os.getpid())
                    status = 1
                finally:
                    os._exit(status)
            children.append(pid)

        def stop(signum: int, _frame: Any) -> None:
            for pid in children:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)
        self.stdout.write(_("Stopped."))

    def _serve(self, listening: socket.socket, threads: int, *, figures_here: bool) -> None:
        # Without a shared cache a separate worker could not hand the public figures it
        # recomputes back to this process: they are recomputed here (stats.refresh).
        figures = jobs.InProcessWorkers(groups=(FIGURES,)) if figures_here else None
        try:
            # Bodies over the limit are refused by waitress (413) before they are buffered.
            server = create_server(
                application,
                sockets=[listening],
                threads=threads,
                ident="carewatch",
                max_request_body_size=request_body_limit(),
                # Behind a declared proxy, X-Forwarded-For reaches CareWatch, which takes the
                # client's address from it (carewatch.lib.clients); else waitress drops it.
                clear_untrusted_proxy_headers=not settings.CAREWATCH_TRUSTED_PROXIES,
            )
            if figures is not None:  # the server first: it must answer even if this fails
                figures.start(requeue=False)  # the other queues' jobs are the workers' business
            server.run()
        except KeyboardInterrupt:
            self.stdout.write(_("Stopped."))
        finally:
            if figures is not None:
                figures.stop()
