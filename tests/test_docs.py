"""Docs are kept honest: every setting and every CareWatch command is documented."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "src" / "carewatch" / "settings.py"


def documented_text() -> str:
    parts = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
    return "\n".join(p.read_text(encoding="utf-8") for p in parts)


def test_every_environment_variable_the_settings_read_is_documented() -> None:
    names = set(re.findall(r'env(?:_bool)?\(\s*"([A-Z_]+)"', SETTINGS.read_text(encoding="utf-8")))
    assert "DATABASE_URL" in names and "CAREWATCH_SECRET_KEY" in names
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = sorted(n for n in names if f"`{n}`" not in text)
    assert not missing, f"undocumented settings: {missing}"


def test_every_carewatch_command_is_documented() -> None:
    commands = {
        p.stem
        for p in (ROOT / "src" / "carewatch").glob("*/management/commands/*.py")
        if not p.stem.startswith("_")
    }
    assert {"demo", "serve", "audit"} <= commands
    text = documented_text()
    missing = sorted(c for c in commands if f"carewatch {c}" not in text)
    assert not missing, f"undocumented commands: {missing}"


def test_the_readme_opens_with_the_two_commands() -> None:
    lines = [
        line
        for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    block = lines[lines.index("```sh") + 1 : lines.index("```sh") + 3]
    assert [b.split("#")[0].strip() for b in block] == ["uv run carewatch demo", "uv run pytest"]


def test_the_test_command_in_ci_is_the_readmes() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.count("uv run pytest") == 3  # SQLite, PostgreSQL, and the Spark test beside them
    assert "postgresql://" in ci and "makemigrations --check" in ci


DJANGO_OPTIONS = {
    "--help",
    "--version",
    "--verbosity",
    "--settings",
    "--pythonpath",
    "--traceback",
    "--no-color",
    "--force-color",
    "--skip-checks",
}


def carewatch_command_options() -> dict[str, set[str]]:
    """Each CareWatch command's own long options, read from its argument parser."""
    from django.core.management import get_commands, load_command_class

    options: dict[str, set[str]] = {}
    for name, app in get_commands().items():
        if not app.startswith("carewatch."):
            continue
        parser = load_command_class(app, name).create_parser("carewatch", name)
        found = {
            option
            for action in parser._actions
            for option in action.option_strings
            if option.startswith("--")
        }
        options[name] = found - DJANGO_OPTIONS
    return options


def test_every_option_of_every_carewatch_command_is_documented() -> None:
    options = carewatch_command_options()
    assert {"demo", "serve", "audit", "estimate"} <= set(options)
    assert "--port" in options["serve"]
    text = documented_text()
    missing = sorted(
        f"carewatch {name} {option}"
        for name, found in options.items()
        for option in found
        if f"`{option}" not in text and f" {option}" not in text
    )
    assert not missing, f"undocumented command options: {missing}"
