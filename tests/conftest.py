"""Shared personas and factories. The same suite runs on SQLite and PostgreSQL (DATABASE_URL)."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from carewatch_core.counts import Count

PASSWORD = "a-long-test-passphrase-42"
IN_CI = os.environ.get("CI", "").lower() == "true"


def pytest_configure(config: Any) -> None:
    """A fast password hasher: the suite creates many users; real hashing is tested by Django."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Evidence files written by the suite go to a temporary folder, not the instance's.
    import tempfile

    settings.EVIDENCE_DIR = Path(tempfile.mkdtemp(prefix="carewatch-evidence-"))
    # The audit log's digest key: fixed for the suite (outside it, a key file in the data folder).
    settings.CAREWATCH_AUDIT_KEY = "the-test-suite-audit-key-0123456789abcdef"


def pytest_sessionstart(session: Any) -> None:
    """A PostgreSQL run that cannot reach its server stops at once, with the reason (never skips)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return
    import psycopg

    try:
        psycopg.connect(url, connect_timeout=5).close()
    except psycopg.Error as exc:
        pytest.exit(f"PostgreSQL at DATABASE_URL cannot be reached: {exc}", returncode=3)


#: Fixtures through which a test reaches the pass's database.
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "live_server",
    }
)


def uses_database(item: Any) -> bool:
    """Whether a collected test reaches the database of the pass: the marker, one of the
    fixtures above, or a fixture of the project's own that unblocks the database (a module's
    world built once with ``django_db_blocker``; pytest-django's fixtures request it for all)."""
    if item.get_closest_marker("django_db") is not None:
        return True
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return False
    if DATABASE_FIXTURES.intersection(info.names_closure):
        return True
    return any(
        "django_db_blocker" in definition.argnames
        and not definition.baseid.startswith("pytest_django")
        and "pytest_django" not in str(getattr(definition.func, "__module__", ""))
        for definitions in info.name2fixturedefs.values()
        for definition in definitions
    )


#: The test files that take longest (measured with --junitxml on both passes), longest first.
#: pytest-xdist hands out whole files (--dist loadfile) in collection order
#: (--no-loadscope-reorder): the long ones first, so that no worker starts one while the other
#: has nothing left to do.
LONGEST_FIRST = (
    "test_page_canaries",
    "test_backup",
    "test_api_writes",
    "test_api_conformance",
    "test_browser",
    "test_job_queue",
    "test_linkage_review",
    "test_settings",
    "test_public_browser",
    "test_exports",
    "test_import_browser",
    "test_events_browser",
    "test_linkage_review_browser",
    "test_import_interrupted",
    "test_api_bad_input",
    "test_stats",
    "test_demo",
    "test_imports",
    "test_open_data_browser",
    "test_work_queues_browser",
    "test_public_map_browser",
    "test_bidi_browser",
    "test_pickers_browser",
    "test_api_access",
    "test_api_canaries",
)


def _longest_first(items: list[Any]) -> None:
    rank = {name: place for place, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    """The longest test files first (``LONGEST_FIRST``). ``CAREWATCH_DATABASE_TESTS_ONLY=1``
    keeps only the tests that reach the database: CI's second pass (PostgreSQL) leaves out those
    that already ran, the same, in the first (SQLite)."""
    _longest_first(items)
    if os.environ.get("CAREWATCH_DATABASE_TESTS_ONLY") != "1":
        return
    kept = [item for item in items if uses_database(item)]
    left = [item for item in items if not uses_database(item)]
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


def totp_code(device: Any, steps_ahead: int = 0) -> str:
    """The six-digit code ``device`` (a django-otp TOTP device) shows now, or ``steps_ahead`` steps on."""
    import time

    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Each test starts with an empty cache (cached pages, and the audit log's rate limits)."""
    from django.core.cache import cache

    cache.clear()


def carewatch_command(*args: str) -> list[str]:
    """``carewatch ARGS`` as a child process of this interpreter."""
    return [sys.executable, "-m", "carewatch.cli", *args]


def instance_environment(data: Path) -> dict[str, str]:
    """The environment of a ``carewatch`` process on its own instance folder (embedded SQLite)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("CAREWATCH_") and k != "DATABASE_URL"
    }
    return env | {
        "CAREWATCH_DATA_DIR": str(data),
        "CAREWATCH_ENV": "development",
        "DJANGO_SETTINGS_MODULE": "carewatch.settings",
        # The demo's datasets are not linked on in these instances: the linking job (some 20 s of
        # CPU) would run beside the browser at the start of every served copy. It has its own
        # tests (test_linkage_after_import).
        "CAREWATCH_LINK_AFTER_IMPORT": "false",
    }


@dataclass(frozen=True)
class DemoTemplate:
    folder: Path
    output: str

    def copy(self, factory: pytest.TempPathFactory, name: str) -> Path:
        """A copy of the instance folder for one module to serve and change."""
        data = factory.mktemp(name)
        shutil.copytree(self.folder, data, dirs_exist_ok=True)
        return data


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    """``carewatch demo --no-serve`` once per test process: the browser modules each serve a copy
    (building it costs seconds of CPU; copying its folder, milliseconds)."""
    data = tmp_path_factory.mktemp("carewatch-demo-template")
    demo = subprocess.run(
        carewatch_command("demo", "--no-serve", "--size", "40"),
        env=instance_environment(data),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert demo.returncode == 0, f"carewatch demo failed:\n{demo.stdout}\n{demo.stderr}"
    return DemoTemplate(folder=data, output=demo.stdout)


def needs(tool: str, reason: str) -> None:
    """Skip outside CI when ``tool`` is missing; under CI=true a missing piece fails the test."""
    if IN_CI:
        pytest.fail(f"{reason} is required under CI but missing: {tool}")
    pytest.skip(f"{reason} not available here ({tool}); it runs in CI")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Check we are on the database CI asked for, then load the gazetteer once."""
    from django.db import connection

    from carewatch.places.services import gazetteer_load

    expected = os.environ.get("CAREWATCH_EXPECT_DB")
    if expected and connection.vendor != expected:
        pytest.exit(f"expected the {expected} database but got {connection.vendor}", returncode=3)
    with django_db_blocker.unblock():
        gazetteer_load(user=None)


def _user(username: str, role: str, **extra: Any) -> Any:
    from carewatch.accounts.models import User

    return User.objects.create_user(username=username, password=PASSWORD, role=role, **extra)


@pytest.fixture
def admin(db: Any) -> Any:
    return _user("admin", "administrator", is_staff=True)


@pytest.fixture
def verifier(db: Any) -> Any:
    return _user("verifier", "verifier")


@pytest.fixture
def analyst(db: Any) -> Any:
    return _user("analyst", "analyst")


@pytest.fixture
def communications(db: Any) -> Any:
    return _user("comms", "communications")


@pytest.fixture
def campaigner(db: Any) -> Any:
    return _user("campaigner", "campaigner")


@pytest.fixture
def documenter(db: Any) -> Any:
    return _user("documenter", "field_documenter")


@pytest.fixture
def other_documenter(db: Any) -> Any:
    return _user("documenter2", "field_documenter")


@pytest.fixture
def personas(
    admin: Any,
    verifier: Any,
    analyst: Any,
    communications: Any,
    documenter: Any,
    campaigner: Any,
) -> dict[str, Any]:
    return {
        "anonymous": None,
        "campaigner": campaigner,
        "administrator": admin,
        "verifier": verifier,
        "analyst": analyst,
        "communications": communications,
        "field_documenter": documenter,
    }


def place(pcode: str) -> Any:
    from carewatch.places.models import Place

    return Place.objects.get(pcode=pcode)


def idlib_district() -> Any:
    from carewatch.places.models import Place

    return Place.objects.get(level=2, name_en__iexact="Idleb")


def incident_values(**overrides: Any) -> Any:
    from carewatch.incidents.values import IncidentValues

    base: dict[str, Any] = {
        "title": "Airstrike on a hospital",
        "date_start": datetime.date(2017, 9, 19),
        "place_id": idlib_district().pk,
        "attack_types": ["heavy_weapons"],
        "weapons": ["aerial_bomb_plane"],
        "counts": {"killed_hw": Count(2), "injured_patients": Count(3, 5)},
        "certainty": "probable",
        "narrative": "Two nurses were killed.",
    }
    base.update(overrides)
    return IncidentValues(**base)


@pytest.fixture
def make_incident(verifier: Any) -> Any:
    """Create an incident through the services (as a verifier unless ``user`` is given)."""
    from carewatch.incidents.services import incident_create

    def make(user: Any = None, state: str = "verified", **overrides: Any) -> Any:
        return incident_create(
            user=user or verifier, values=incident_values(**overrides), state=state
        )

    return make


@pytest.fixture(autouse=True)
def _force_login_with_second_factor(monkeypatch: Any) -> None:
    """``client.force_login(user)`` stands for a complete staff sign-in: password and one-time
    code (a confirmed authenticator is enrolled for the user). Tests of the sign-in steps
    themselves use ``password_only_login`` or the real forms."""
    from django.test import Client

    original = Client.force_login

    def force_login(self: Any, user: Any, backend: str | None = None) -> None:
        original(self, user, backend)
        verify_session(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)
    monkeypatch.setattr(Client, "password_only_login", original, raising=False)


def verify_session(client: Any, user: Any) -> None:
    """Mark ``client``'s session as having given the second factor (an enrolled device)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _default_language(monkeypatch: Any) -> Any:
    """Each test starts in the default language: a request in Arabic leaves Arabic active in the
    thread (LocaleMiddleware), which would otherwise carry over into the next test's commands; and
    a command that speaks the terminal's language (``lib.commands.environment_language``) speaks
    English, whatever the language of the machine the tests run on."""
    from django.utils import translation

    monkeypatch.setenv("LANGUAGE", "en")
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def smtp(settings: Any) -> Any:
    """A real SMTP server on loopback that the instance's mail goes to (tests/mail_support.py)."""
    from mail_support import LoopbackSMTP

    with LoopbackSMTP() as server:
        for key, value in server.settings().items():
            setattr(settings, key, value)
        settings.DEFAULT_FROM_EMAIL = "CareWatch <campaigns@carewatch.example>"
        settings.CAREWATCH_BOUNCE_DOMAIN = "carewatch.example"
        settings.CAREWATCH_UNSUBSCRIBE_MAILBOX = "unsubscribe@carewatch.example"
        settings.CAREWATCH_SITE_URL = "https://carewatch.example"
        yield server
