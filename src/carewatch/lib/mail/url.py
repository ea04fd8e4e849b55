"""``CAREWATCH_EMAIL_URL``: where outgoing mail goes, as one URL.

- ``smtp://user:password@host:587`` — SMTP, upgraded with STARTTLS (``?starttls=false`` for a
  server on loopback that offers none; port 25 by default);
- ``smtps://user:password@host:465`` — SMTP over TLS from the first byte (port 465 by default);
- ``file:///absolute/folder`` — one ``.eml`` file per message in the folder (``carewatch mail
  outbox`` lists them); ``file://`` alone means the instance's ``mail`` folder;
- ``console://`` — printed on the standard output.

User name and password are URL-encoded (``%40`` for ``@``). ``?timeout=`` sets the SMTP timeout
in seconds (20 by default).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

BACKENDS = {
    "smtp": "carewatch.lib.mail.backends.SMTPBackend",
    "smtps": "carewatch.lib.mail.backends.SMTPBackend",
    "file": "carewatch.lib.mail.backends.FolderBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
TRUE, FALSE = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


class MailURLError(ValueError):
    """The URL does not say where mail goes; the message says what is wrong."""


def email_settings(url: str, default_folder: Path) -> dict[str, Any]:
    """Django's ``EMAIL_*`` settings for ``url`` (see the module's text)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in BACKENDS:
        raise MailURLError(
            f"CAREWATCH_EMAIL_URL must start with smtp://, smtps://, file:// or console://, "
            f"not {url.split(':', 1)[0]!r}"
        )
    result: dict[str, Any] = {"EMAIL_BACKEND": BACKENDS[scheme]}
    if scheme == "file":
        if parts.netloc:
            raise MailURLError(
                "CAREWATCH_EMAIL_URL: a file:// folder must be an absolute path (file:///srv/mail)"
            )
        folder = Path(unquote(parts.path)) if parts.path not in ("", "/") else default_folder
        if not folder.is_absolute():
            raise MailURLError("CAREWATCH_EMAIL_URL: a file:// folder must be an absolute path")
        result["EMAIL_FILE_PATH"] = str(folder)
    elif scheme in DEFAULT_PORTS:
        result.update(_smtp(parts, scheme))
    return result


def _smtp(parts: Any, scheme: str) -> dict[str, Any]:
    if not parts.hostname:
        raise MailURLError("CAREWATCH_EMAIL_URL: an SMTP URL needs a host (smtp://host:port)")
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        raise MailURLError("CAREWATCH_EMAIL_URL: the port must be a number") from None
    query = {key: values[-1].lower() for key, values in parse_qs(parts.query).items()}
    unknown = set(query) - {"starttls", "timeout"}
    if unknown:
        raise MailURLError(f"CAREWATCH_EMAIL_URL: unknown option(s) {', '.join(sorted(unknown))}")
    return {
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_USE_TLS": scheme == "smtp" and _flag(query.get("starttls", "true")),
        "EMAIL_TIMEOUT": _timeout(query.get("timeout", "20")),
    }


def _flag(value: str) -> bool:
    if value in TRUE | FALSE:
        return value in TRUE
    raise MailURLError(f"CAREWATCH_EMAIL_URL: starttls must be true or false, not {value!r}")


def _timeout(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        seconds = 0
    if seconds <= 0:
        raise MailURLError(f"CAREWATCH_EMAIL_URL: timeout must be a positive number, not {value!r}")
    return seconds
