"""Settings come from the environment; production refuses unsafe defaults and passes check --deploy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SECRET = "x" * 10 + "a-long-random-production-secret-for-the-test-0123456789"
AUDIT_KEY = "an-audit-key-for-the-production-settings-test-0123456789"


def carewatch(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("CAREWATCH_", "DATABASE_URL"))}
    base |= {"CAREWATCH_DATA_DIR": str(tmp_path)} | env
    return subprocess.run(
        [sys.executable, "-m", "carewatch.cli", *args],
        env=base,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check(tmp_path: Path) -> None:
    env = {
        "CAREWATCH_ENV": "production",
        "CAREWATCH_SECRET_KEY": SECRET,
        "CAREWATCH_AUDIT_KEY": AUDIT_KEY,
        "CAREWATCH_ALLOWED_HOSTS": "carewatch.example.org",
    }
    result = carewatch(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    result = carewatch(
        ["check"],
        {"CAREWATCH_ENV": "production", "CAREWATCH_ALLOWED_HOSTS": "carewatch.example.org"},
        tmp_path,
    )
    assert result.returncode != 0
    assert "CAREWATCH_SECRET_KEY" in result.stderr


def test_the_secret_can_come_from_a_file(tmp_path: Path) -> None:
    secret_file = tmp_path / "secret"
    secret_file.write_text(SECRET + "\n")
    env = {
        "CAREWATCH_ENV": "production",
        "CAREWATCH_SECRET_KEY_FILE": str(secret_file),
        "CAREWATCH_AUDIT_KEY": AUDIT_KEY,
        "CAREWATCH_ALLOWED_HOSTS": "carewatch.example.org",
    }
    result = carewatch(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_an_audit_key_or_with_a_short_one(
    tmp_path: Path,
) -> None:
    base = {
        "CAREWATCH_ENV": "production",
        "CAREWATCH_SECRET_KEY": SECRET,
        "CAREWATCH_ALLOWED_HOSTS": "carewatch.example.org",
    }
    for extra in ({}, {"CAREWATCH_AUDIT_KEY": "short"}):
        result = carewatch(["check"], base | extra, tmp_path)
        assert result.returncode != 0
        assert "CAREWATCH_AUDIT_KEY" in result.stderr
    key_file = tmp_path / "audit-key"
    key_file.write_text(AUDIT_KEY + "\n")
    assert (
        carewatch(
            ["check"], base | {"CAREWATCH_AUDIT_KEY_FILE": str(key_file)}, tmp_path
        ).returncode
        == 0
    )


def test_a_bad_boolean_is_refused_with_its_name(tmp_path: Path) -> None:
    result = carewatch(["check"], {"CAREWATCH_DEBUG": "perhaps"}, tmp_path)
    assert result.returncode != 0
    assert "CAREWATCH_DEBUG" in result.stderr


def test_without_database_url_an_embedded_sqlite_file_is_used_in_the_data_folder(
    tmp_path: Path,
) -> None:
    result = carewatch(["migrate", "--verbosity", "0"], {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "carewatch.sqlite3").exists()


def test_security_headers_are_on_every_page() -> None:
    from django.test import Client

    response = Client().get("/about/data/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_empty_or_malformed_number_setting_stops_the_start_with_its_name(
    tmp_path: Path,
) -> None:
    """An empty CAREWATCH_SESSION_SECONDS once gave sessions of 0 seconds."""
    for name, value, message in [
        ("CAREWATCH_SESSION_SECONDS", "", "must be a whole number"),
        ("CAREWATCH_SESSION_IDLE_SECONDS", "half an hour", "must be a whole number"),
        ("CAREWATCH_SESSION_SECONDS", "5", "must be at least 60"),
        ("CAREWATCH_LOGIN_FAILURE_LIMIT", "0", "must be at least 1"),
        ("CAREWATCH_LOCKOUT_MINUTES", "soon", "must be a number"),
        ("CAREWATCH_MAX_ATTACHMENT_BYTES", "-1", "must be at least 1024"),
    ]:
        result = carewatch(["check"], {name: value}, tmp_path)
        assert result.returncode != 0, (name, value)
        assert "ImproperlyConfigured" in result.stderr and name in result.stderr, result.stderr
        assert message in result.stderr, (name, value, result.stderr[-300:])
    assert carewatch(["check"], {"CAREWATCH_SESSION_SECONDS": "3600"}, tmp_path).returncode == 0
