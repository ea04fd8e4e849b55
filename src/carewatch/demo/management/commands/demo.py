"""``carewatch demo``: a ready-to-try instance in one command (migrate, load, log in, serve).

It loads the gazetteer, the facts of two public UOSSM documents, the Syria rows of two public
datasets (Insecurity Insight, WHO SSA: ``demo/datasets.py``) and clearly marked generated data,
creates one login per role with published passwords, and serves, with the job queue's workers
in the same process. Each
step runs once: a second ``carewatch demo`` only serves again. Never run it on an instance
holding real data — the demo passwords are printed for anyone to use.
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from carewatch.accounts.choices import Role
from carewatch.accounts.models import User
from carewatch.backup.jobs import schedule_backups
from carewatch.demo.accounts import DEMO_ACCOUNTS, create_demo_accounts, demo_totp_secret
from carewatch.demo.bulletins import load_bulletins, load_release
from carewatch.demo.campaign import SLUG as CAMPAIGN_SLUG
from carewatch.demo.campaign import load_campaign
from carewatch.demo.datasets import load_datasets
from carewatch.demo.events import load_events
from carewatch.demo.generator import generate
from carewatch.demo.gifts import SLUG as GIFTS_SLUG
from carewatch.demo.gifts import load_gifts
from carewatch.demo.newsletter import SLUG as NEWSLETTER_SLUG
from carewatch.demo.newsletter import load_newsletter
from carewatch.demo.seeds import load_seed_facts
from carewatch.demo.supplies import load_stock
from carewatch.lib import jobs
from carewatch.mailings.jobs import resume_sending
from carewatch.notices.jobs import schedule_digests
from carewatch.petitions.jobs import schedule_retention
from carewatch.places.models import Place
from carewatch.places.services import gazetteer_load

DEMO_SEED = 2017


class Command(BaseCommand):
    help = (
        "Set up a demo instance (real seed facts, generated data, one login per role) and serve it."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-serve", action="store_true", help="Set up the demo but do not start the server."
        )
        parser.add_argument(
            "--port", type=int, default=8000, help="Port to serve on (default 8000)."
        )
        parser.add_argument(
            "--size", type=int, default=300, help="Number of generated incidents (default 300)."
        )

    def handle(self, *args: Any, no_serve: bool, port: int, size: int, **options: Any) -> None:
        if not os.environ.get("CAREWATCH_SITE_URL"):
            # The links in the demo's mail lead back to this server, on whichever port it serves.
            settings.CAREWATCH_SITE_URL = f"http://127.0.0.1:{port}"
        call_command("migrate", interactive=False, verbosity=0)
        self._gazetteer()
        accounts = self._accounts()
        self._seed_facts(accounts["verifier"])
        self._datasets(accounts["verifier"])
        self._generated(accounts, size)
        self._bulletins(accounts["communications"])
        self._campaign()
        self._events()
        self._gifts()
        self._stock(accounts["documenter"])
        self._print_logins(port)
        if not no_serve:
            self._serve(port)

    def _serve(self, port: int) -> None:
        """Serve, with the job queue's workers in this same process (one command does it all)."""
        workers = jobs.InProcessWorkers()
        workers.start()
        schedule_retention()
        schedule_digests()
        schedule_backups()
        resume_sending()
        self._say(_("Background jobs: worked on in this process."))
        try:
            call_command("serve", port=port)
        finally:
            workers.stop()

    def _say(self, message: str) -> None:
        self.stdout.write(message)

    def _gazetteer(self) -> None:
        """The gazetteer is real reference data: load it only if this database has none yet."""

        if Place.objects.exists():
            self._say(_("Gazetteer already loaded."))
            return
        count = gazetteer_load(user=None)
        self._say(_("Gazetteer loaded: %(count)s places.") % {"count": count})

    def _accounts(self) -> dict[str, Any]:

        names = [username for username, _password, _role in create_demo_accounts()]
        return {user.username: user for user in User.objects.filter(username__in=names)}

    def _seed_facts(self, user: Any) -> None:

        if load_seed_facts(user):
            self._say(
                _(
                    "Loaded the facts of two public UOSSM documents (2016 newsletter, 2017 press release)."
                )
            )
        else:
            self._say(_("The UOSSM documents are already loaded; skipped."))

    def _datasets(self, user: Any) -> None:
        """The Syria rows of Insecurity Insight's and WHO's public datasets, through the import service."""

        for run in load_datasets(user):
            self._say(
                _(
                    "Imported %(file)s: %(read)s rows read, %(new)s new, %(unchanged)s "
                    "unchanged, %(flagged)s flagged, %(rejected)s rejected."
                )
                % {
                    "file": run.file_name,
                    "read": run.rows_read,
                    "new": run.rows_new,
                    "unchanged": run.rows_unchanged,
                    "flagged": run.rows_flagged,
                    "rejected": run.rows_rejected,
                }
            )

    def _generated(self, accounts: dict[str, Any], size: int) -> None:
        """Generated incidents are credited partly to the two documenters so they see their own."""

        started = time.monotonic()
        submitters = [accounts[name] for name in ("documenter", "documenter2") if name in accounts]
        plan = generate(
            accounts["verifier"], n_incidents=size, seed=DEMO_SEED, submitters=submitters
        )
        if plan is None:
            self._say(_("Generated demo data is already loaded; skipped."))
            return
        self._say(
            _(
                "Generated %(incidents)s incidents, %(facilities)s facilities and %(people)s people "
                "in %(seconds).1f s (marked as generated, not real)."
            )
            % {
                "incidents": len(plan.incidents),
                "facilities": len(plan.facilities),
                "people": len(plan.people),
                "seconds": time.monotonic() - started,
            }
        )

    def _bulletins(self, user: Any) -> None:
        made = load_bulletins(user)
        if load_release(user) is not None:
            self._say(
                _(
                    "Published the seed's press release of 17 October 2017, its figures from the records."
                )
            )
        if made:
            self._say(
                _("Published the bulletins of September 2016 and 2017 in three languages: /press/")
            )

    def _campaign(self) -> None:
        petition = load_campaign()
        if petition is None:
            self._say(_("The demo petition is already loaded; skipped."))
        else:
            self._say(
                _(
                    "Loaded the seed's petition with generated signatures (marked as generated): "
                    "/petitions/%(slug)s/"
                )
                % {"slug": petition.slug}
            )
        if load_newsletter(petition_slug=CAMPAIGN_SLUG) is not None:
            self._say(
                _(
                    "Loaded the mailing list /newsletter/%(slug)s/ with generated subscribers, "
                    "and the September newsletter as a draft (/campaigns/newsletters/)."
                )
                % {"slug": NEWSLETTER_SLUG}
            )

    def _events(self) -> None:
        if load_events() is None:
            self._say(_("The demo events are already loaded; skipped."))
        else:
            self._say(
                _(
                    "Loaded the seeds' commemoration, gala and protest, and two coming events to "
                    "try registering (generated registrations): /events/"
                )
            )

    def _gifts(self) -> None:
        appeal = load_gifts()
        if appeal is None:
            self._say(_("The demo appeal is already loaded; skipped."))
        else:
            self._say(
                _(
                    "Loaded the seed's Aleppo supplies appeal with generated gifts and receipts: "
                    "/appeals/%(slug)s/"
                )
                % {"slug": appeal.slug}
            )

    def _stock(self, reporter: User) -> None:
        made = load_stock(reporter=reporter, appeal_slug=GIFTS_SLUG)
        if made:
            self._say(
                _(
                    "Counted the stock of facilities in Aleppo (generated: %(count)d counts); "
                    "the appeal cites the needs they raised."
                )
                % {"count": made}
            )

    def _print_logins(self, port: int) -> None:

        self._say("")
        self._say(
            _("Demo logins (public passwords and authenticator keys: for trying CareWatch only):")
        )
        for username, password, role in DEMO_ACCOUNTS:
            self._say(
                f"  {username:<15} {password:<26} {demo_totp_secret(username)}  {Role(role).label}"
            )
        self._say(
            _(
                "Sign-in asks for a six-digit code: add the key to an authenticator app, or run "
                "`uv run carewatch totp_code USERNAME` to print a demo account's current code."
            )
        )
        self._say("")
        self._say(_("Open http://127.0.0.1:%(port)s/ in a browser.") % {"port": port})
