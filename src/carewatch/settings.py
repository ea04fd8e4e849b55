"""CareWatch settings: one module, read from the environment.

Every value comes from a ``CAREWATCH_*`` variable (or ``DATABASE_URL``); secrets may be given
as ``*_FILE`` paths. Development (the default) runs with an embedded SQLite file in the
instance's data folder; production refuses to start without an explicit secret and hosts.
"""

from __future__ import annotations

import os
import re
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from carewatch.lib.mail.url import MailURLError, email_settings
from carewatch_core.limits import Limit

BASE_DIR = Path(__file__).resolve().parent


def env(name: str, default: str | None = None) -> str | None:
    """Read ``name`` from the environment, or from the file named by ``name_FILE``."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def _limit(name: str, default: str) -> Any:
    text = env(name, default) or default
    try:
        return Limit.parse(text)
    except ValueError as error:
        raise ImproperlyConfigured(
            f"{name} must be uses/seconds, such as 5/60: {text!r}"
        ) from error


def env_number(name: str, default: float, *, minimum: float, integer: bool = True) -> Any:
    """A number from the environment (``default`` when unset); an empty, malformed or too small
    value stops the start with a clear message instead of becoming 0 (a session of 0 seconds)."""
    value = env(name)
    if value is None:
        return default
    try:
        number = int(value.strip()) if integer else float(value.strip())
    except ValueError:
        kind = "a whole number" if integer else "a number"
        raise ImproperlyConfigured(f"{name} must be {kind}, not {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum:g}, not {value!r}")
    return number


ENVIRONMENT = env("CAREWATCH_ENV", "development")
if ENVIRONMENT not in {"development", "production", "test"}:
    raise ImproperlyConfigured("CAREWATCH_ENV must be development, production or test")
PRODUCTION = ENVIRONMENT == "production"

DATA_DIR = Path(env("CAREWATCH_DATA_DIR", str(Path.cwd() / "instance")) or "instance").resolve()
EVIDENCE_DIR = DATA_DIR / "evidence"

SECRET_KEY = env("CAREWATCH_SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "CAREWATCH_SECRET_KEY (or CAREWATCH_SECRET_KEY_FILE) is required"
        )
    SECRET_KEY = "development-only-not-secret"  # noqa: S105  # nosec B105  # refused in production above

# Keys the digests of restricted values in the audit log (HMAC-SHA-256), so a copy of the
# database cannot be brute-forced back to a date of birth or a point. Never stored in the
# database; outside production a random key is kept in the data folder (audit/digests.py).
CAREWATCH_AUDIT_KEY = env("CAREWATCH_AUDIT_KEY") or ""
if PRODUCTION and len(CAREWATCH_AUDIT_KEY) < 32:
    raise ImproperlyConfigured(
        "CAREWATCH_AUDIT_KEY (or CAREWATCH_AUDIT_KEY_FILE) of at least 32 characters is required"
    )

DEBUG = env_bool("CAREWATCH_DEBUG", default=False)
ALLOWED_HOSTS = [
    h.strip() for h in (env("CAREWATCH_ALLOWED_HOSTS", "") or "").split(",") if h.strip()
]
if not ALLOWED_HOSTS:
    if PRODUCTION:
        raise ImproperlyConfigured("CAREWATCH_ALLOWED_HOSTS is required in production")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "carewatch.lib",
    "carewatch.accounts",
    "carewatch.audit",
    "carewatch.places",
    "carewatch.sources",
    "carewatch.facilities",
    "carewatch.incidents",
    "carewatch.people",
    "carewatch.linkage",
    "carewatch.exports",
    "carewatch.imports",
    "carewatch.stats",
    "carewatch.notices",
    "carewatch.publishing",
    "carewatch.public",
    "carewatch.web",
    "carewatch.demo",
    "carewatch.backup",
    "carewatch.supporters",
    "carewatch.actions",
    "carewatch.petitions",
    "carewatch.mailings",
    "carewatch.events",
    "carewatch.donations",
    "carewatch.supplies",
    "anymail",
    "django_countries",
]

MIDDLEWARE = [
    "carewatch.lib.middleware.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "carewatch.accounts.middleware.SessionPolicyMiddleware",
    "carewatch.accounts.middleware.TwoFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "carewatch.lib.middleware.SecurityHeadersMiddleware",
    "carewatch.web.refusals.RefusalAuditMiddleware",
    "axes.middleware.AxesMiddleware",
]

# One process's memory, bounded in bytes (carewatch.lib.cachebackend): public answers are cached per
# distinct question, and the public choose the questions. CAREWATCH_CACHE_URL (redis://…) shares
# one cache between processes: rate limits then count across them all.
_cache_url = env("CAREWATCH_CACHE_URL", "") or ""
if _cache_url and not _cache_url.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured("CAREWATCH_CACHE_URL must be redis://host:port/db (or rediss://)")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {
            "BACKEND": "carewatch.lib.cachebackend.BoundedMemoryCache",
            "LOCATION": "carewatch",
            "OPTIONS": {"MAX_ENTRIES": 5000, "MAX_BYTES": 64 * 1024 * 1024},
        }
    )
}

# Background jobs: a persistent queue in the database (carewatch.lib.jobs; docs/decisions/0015).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "figures", "imports", "mail"],
    }
}

ROOT_URLCONF = "carewatch.urls"
# Django's form renderer with selects written in Python (carewatch/lib/selects.py).
FORM_RENDERER = "carewatch.lib.selects.Renderer"
WSGI_APPLICATION = "carewatch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "carewatch.access.context.navigation",
                "carewatch.notices.context.bell",
            ],
        },
    },
]


def database_config() -> dict[str, object]:
    """``DATABASE_URL`` if set, else an embedded SQLite file in the data folder."""
    url = env("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'carewatch.sqlite3'}"
    config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(str(config["NAME"])).parent.mkdir(parents=True, exist_ok=True)
        # WAL lets readers go on while an import writes; IMMEDIATE avoids upgrade deadlocks.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Kept open between requests as PostgreSQL's are: opening one runs the PRAGMAs above and
        # registers Django's SQL functions, about a tenth of a public page's time (bench/load.py).
    return config


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "staff-home"
LOGOUT_REDIRECT_URL = "home"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses sign-ins while locked out, counts failures
    "django.contrib.auth.backends.ModelBackend",
]

# Sign-in throttling (django-axes): after CAREWATCH_LOGIN_FAILURE_LIMIT failures for one
# username from one address, that pair is locked out for CAREWATCH_LOCKOUT_MINUTES.
AXES_FAILURE_LIMIT = env_number("CAREWATCH_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_number("CAREWATCH_LOCKOUT_MINUTES", 15, minimum=1, integer=False) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # successful sign-ins go to the audit log instead
AXES_LOCKOUT_CALLABLE = "carewatch.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password", "token", "code"]

OTP_TOTP_ISSUER = env("CAREWATCH_TOTP_ISSUER", "CareWatch")
OTP_TOTP_THROTTLE_FACTOR = 1  # for browsers the account has not used (accounts/codethrottle.py)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["carewatch.formats"]
LANGUAGE_COOKIE_NAME = "carewatch_language"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = not PRODUCTION

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CAREWATCH_MAX_ATTACHMENT_BYTES = env_number(
    "CAREWATCH_MAX_ATTACHMENT_BYTES", 25 * 1024 * 1024, minimum=1024
)
# Error reports of imports (CSV files) are removed this many days after the run; the run keeps its figures.
CAREWATCH_IMPORT_REPORT_DAYS = env_number("CAREWATCH_IMPORT_REPORT_DAYS", 30, minimum=1)
# Files at least this large are read and mapped by a second process while the import stores
# them (carewatch_core.imports.elsewhere); 0 maps every file in the importing process.
CAREWATCH_IMPORT_CHILD_BYTES = env_number(
    "CAREWATCH_IMPORT_CHILD_BYTES", 4 * 1024 * 1024, minimum=0
)
# How many such processes share the mapping of one file (each maps every Nth batch).
CAREWATCH_IMPORT_MAPPING_PROCESSES = env_number("CAREWATCH_IMPORT_MAPPING_PROCESSES", 2, minimum=1)
CAREWATCH_PUBLIC_LOCATION_LEVEL = env_number("CAREWATCH_PUBLIC_LOCATION_LEVEL", 2, minimum=1)
if CAREWATCH_PUBLIC_LOCATION_LEVEL not in {1, 2}:
    # Sub-districts and finer are internal (docs/domain.md): public places stop at the district.
    raise ImproperlyConfigured(
        "CAREWATCH_PUBLIC_LOCATION_LEVEL must be 1 (governorate) or 2 (district)"
    )

# The public map draws the gazetteer's own boundaries; an organisation with a tile server may
# put its tiles beneath them (https only; the page then allows that origin for images).
CAREWATCH_MAP_TILE_URL = env("CAREWATCH_MAP_TILE_URL", "") or ""
CAREWATCH_MAP_TILE_ATTRIBUTION = env("CAREWATCH_MAP_TILE_ATTRIBUTION", "") or ""
if CAREWATCH_MAP_TILE_URL and not re.fullmatch(
    r"https://[A-Za-z0-9.-]+(:\d+)?/\S*\{z\}\S*\{x\}\S*\{y\}\S*", CAREWATCH_MAP_TILE_URL
):
    raise ImproperlyConfigured(
        "CAREWATCH_MAP_TILE_URL must be an https:// address with {z}, {x} and {y} in it"
    )

# Sessions end after CAREWATCH_SESSION_IDLE_SECONDS without a request, and in any case
# CAREWATCH_SESSION_SECONDS after sign-in (carewatch.accounts.middleware.SessionPolicyMiddleware).
SESSION_COOKIE_AGE = env_number("CAREWATCH_SESSION_SECONDS", 8 * 3600, minimum=60)
CAREWATCH_SESSION_IDLE_SECONDS = env_number("CAREWATCH_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
SESSION_COOKIE_HTTPONLY = True
# In the database; the activity stamp alone never waits for an import (carewatch/accounts/sessions.py).
SESSION_ENGINE = "carewatch.accounts.sessions"
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

# Outgoing mail (carewatch.lib.mail; docs/mail.md): one URL, by default a folder of .eml files
# in the instance (instance/mail), which `carewatch mail outbox` lists.
try:
    _mail = email_settings(env("CAREWATCH_EMAIL_URL") or "file://", DATA_DIR / "mail")
except MailURLError as error:
    raise ImproperlyConfigured(str(error)) from None
EMAIL_BACKEND = _mail.pop("EMAIL_BACKEND")
EMAIL_FILE_PATH = _mail.pop("EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
EMAIL_HOST = _mail.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _mail.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _mail.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _mail.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_SSL = _mail.get("EMAIL_USE_SSL", False)
EMAIL_USE_TLS = _mail.get("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = _mail.get("EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = env("CAREWATCH_MAIL_FROM", "CareWatch <campaigns@localhost>") or ""
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_mail_domain = parseaddr(DEFAULT_FROM_EMAIL)[1].rpartition("@")[2]
if not _mail_domain:
    raise ImproperlyConfigured("CAREWATCH_MAIL_FROM must be an address: Name <name@domain>")
# Return paths bounces+<key>@CAREWATCH_BOUNCE_DOMAIN; mail to unsubscribe@… unsubscribes.
CAREWATCH_BOUNCE_DOMAIN = env("CAREWATCH_BOUNCE_DOMAIN", _mail_domain) or _mail_domain
CAREWATCH_UNSUBSCRIBE_MAILBOX = env("CAREWATCH_UNSUBSCRIBE_MAILBOX", f"unsubscribe@{_mail_domain}")
# The address of the site as the public reach it, for links in messages.
CAREWATCH_SITE_URL = (env("CAREWATCH_SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
CAREWATCH_DKIM_KEY_FILE = env("CAREWATCH_DKIM_KEY_FILE", "") or ""
CAREWATCH_DKIM_SELECTOR = env("CAREWATCH_DKIM_SELECTOR", "") or ""
CAREWATCH_DKIM_DOMAIN = env("CAREWATCH_DKIM_DOMAIN", "") or ""
if CAREWATCH_DKIM_KEY_FILE and not CAREWATCH_DKIM_SELECTOR:
    raise ImproperlyConfigured("CAREWATCH_DKIM_KEY_FILE needs CAREWATCH_DKIM_SELECTOR")
# Bounce and complaint webhooks of mail providers (django-anymail, /mail/webhooks/<provider>/…):
# HTTP basic credentials "user:password" in each webhook URL, and the providers' signing keys.
ANYMAIL = {
    "WEBHOOK_SECRET": env("CAREWATCH_MAIL_WEBHOOK_SECRET", "") or None,
    "MAILGUN_WEBHOOK_SIGNING_KEY": env("CAREWATCH_MAILGUN_WEBHOOK_SIGNING_KEY", "") or None,
}

# Public forms (docs/petitions.md): who the client is, and how often one address may write.
CAREWATCH_TRUSTED_PROXIES = env_number("CAREWATCH_TRUSTED_PROXIES", 0, minimum=0)
CAREWATCH_FORM_BURST = _limit("CAREWATCH_FORM_BURST", "5/60")
CAREWATCH_FORM_SUSTAINED = _limit("CAREWATCH_FORM_SUSTAINED", "40/3600")
CAREWATCH_FORM_MIN_SECONDS = env_number("CAREWATCH_FORM_MIN_SECONDS", 3, minimum=0)
CAREWATCH_BLOCKED_EMAIL_DOMAINS = frozenset(
    d.strip().lower()
    for d in (env("CAREWATCH_BLOCKED_EMAIL_DOMAINS", "") or "").split(",")
    if d.strip()
)
CAREWATCH_CONFIRM_DAYS = env_number("CAREWATCH_CONFIRM_DAYS", 7, minimum=1)
# Card gifts through Stripe Checkout (docs/donations.md): the secret API key, the webhook
# endpoint's signing secret, and (for tests against a local server) another API address.
CAREWATCH_STRIPE_SECRET_KEY = env("CAREWATCH_STRIPE_SECRET_KEY", "")
CAREWATCH_STRIPE_WEBHOOK_SECRET = env("CAREWATCH_STRIPE_WEBHOOK_SECRET", "")
CAREWATCH_STRIPE_API_BASE = env("CAREWATCH_STRIPE_API_BASE", "")
# Days of stock left under which a count raises an alert and a need, unless the item has its
# own threshold (docs/supplies.md).
CAREWATCH_SUPPLY_ALERT_DAYS = env_number("CAREWATCH_SUPPLY_ALERT_DAYS", 14, minimum=1)
# Hours a place freed at an event is kept for the next person on its waiting list.
CAREWATCH_EVENT_OFFER_HOURS = env_number("CAREWATCH_EVENT_OFFER_HOURS", 48, minimum=1)
# Retention (a daily job): unconfirmed signatures, address hashes, suppressions, finished mail jobs.
CAREWATCH_PENDING_SIGNATURE_DAYS = env_number("CAREWATCH_PENDING_SIGNATURE_DAYS", 30, minimum=1)
CAREWATCH_ADDRESS_HASH_DAYS = env_number("CAREWATCH_ADDRESS_HASH_DAYS", 30, minimum=1)
CAREWATCH_SUPPRESSION_DAYS = env_number("CAREWATCH_SUPPRESSION_DAYS", 1825, minimum=30)
CAREWATCH_MAIL_JOB_DAYS = env_number("CAREWATCH_MAIL_JOB_DAYS", 7, minimum=1)
# Newsletters (docs/newsletter.md): messages a second one worker sends (0: no limit).
# After an import stores new reports, a job gives the new rows incidents and refreshes the review
# queue (linkage.jobs); off, staff run `carewatch link records incidents` and `link candidates`.
CAREWATCH_LINK_AFTER_IMPORT = env_bool("CAREWATCH_LINK_AFTER_IMPORT", True)
# Scheduled backups (docs/backup.md): where the daily archive goes (empty: none), how many are kept.
CAREWATCH_BACKUP_DIR = env("CAREWATCH_BACKUP_DIR", str(DATA_DIR / "backups")) or ""
CAREWATCH_BACKUP_KEEP = int(env("CAREWATCH_BACKUP_KEEP", "7") or "7")
CAREWATCH_NEWSLETTER_RATE = env_number("CAREWATCH_NEWSLETTER_RATE", 50, minimum=0, integer=False)

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("CAREWATCH_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("CAREWATCH_LOG_LEVEL", "INFO")},
    # django-axes would log the typed username (possibly a mistyped password): our own
    # sign-in log lines (logger carewatch.accounts) say only whether the account exists.
    "loggers": {
        "django.server": {"level": "WARNING"},
        "axes": {"level": "ERROR"},
        # PDF fonts are subset for each document; the subsetter narrates each step at INFO.
        "fontTools": {"level": "WARNING"},
    },
}
