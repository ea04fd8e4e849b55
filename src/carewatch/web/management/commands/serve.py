"""``carewatch serve``: serve an existing instance with waitress (a real multi-threaded WSGI server)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from waitress.server import create_server

from carewatch.lib.middleware import request_body_limit
from carewatch.wsgi import application


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

    def handle(self, *args: Any, host: str, port: int, threads: int, **options: Any) -> None:

        try:
            # Bodies over the limit are refused by waitress (413) before they are buffered.
            server = create_server(
                application,
                host=host,
                port=port,
                threads=threads,
                ident="carewatch",
                max_request_body_size=request_body_limit(),
                # Behind a declared proxy, X-Forwarded-For reaches CareWatch, which takes the
                # client's address from it (carewatch.lib.clients); else waitress drops it.
                clear_untrusted_proxy_headers=not settings.CAREWATCH_TRUSTED_PROXIES,
            )
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
        try:
            server.run()
        except KeyboardInterrupt:
            self.stdout.write(_("Stopped."))
