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


# --- the design pages of the project: references resolve, tables match the code ------------------

CODE_DIRS = ("src", "tests", "bench", "scripts")


def _code_files() -> list[Path]:
    return [p for d in CODE_DIRS for p in sorted((ROOT / d).rglob("*.py"))]


def test_every_page_the_code_cites_is_in_the_repository() -> None:
    cited = {
        (p.relative_to(ROOT), ref)
        for p in _code_files()
        for ref in re.findall(r"\b(docs/[\w/.-]+?\.md)\b", p.read_text(encoding="utf-8"))
    }
    assert len(cited) > 10
    missing = sorted(str(c) for c in cited if not (ROOT / c[1]).is_file())
    assert not missing, f"cited pages that do not exist: {missing}"
    # The design's own pages are outside the repository: the code cites docs/ instead.
    design = re.compile(r"\b(?:DOMAIN|SECURITY|PERFORMANCE|ARCHITECTURE|PRODUCT|MOBILISE)\.md\b")
    outside = sorted(
        str(p.relative_to(ROOT))
        for p in _code_files() + sorted((ROOT / "docs").rglob("*.md"))
        if design.search(p.read_text(encoding="utf-8"))
    )
    assert not outside, f"files citing a design page outside the repository: {outside}"


def test_every_link_between_the_docs_resolves() -> None:
    broken = [
        f"{page.relative_to(ROOT)} → {target}"
        for page in sorted((ROOT / "docs").rglob("*.md"))
        for target in re.findall(r"\]\(([\w./-]+\.md)\)", page.read_text(encoding="utf-8"))
        if not (page.parent / target).is_file()
    ]
    assert not broken, broken


def _requirement_rows() -> dict[int, list[str]]:
    text = (ROOT / "docs" / "requirements.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| S(\d+) \|(.*)\|$", text, flags=re.MULTILINE)
    return {int(n): [cell.strip() for cell in rest.split("|")] for n, rest in rows}


def test_the_requirements_table_has_each_requirement_once_with_its_tests() -> None:
    rows = _requirement_rows()
    assert sorted(rows) == list(range(1, 21))
    for number, (_what, status, _where, tests) in rows.items():
        named = re.findall(r"`(tests/[\w/]+\.py)`", tests)
        assert all((ROOT / t).is_file() for t in named), (number, named)
        if status.startswith(("met", "partly")):
            assert named or "`.ci/run`" in tests, f"S{number} is {status!r} but names no test"
        else:
            assert status.startswith("not yet") and tests == "—", (number, status, tests)


def test_no_test_claims_a_requirement_that_is_not_met_yet() -> None:
    not_yet = {n for n, row in _requirement_rows().items() if row[1].startswith("not yet")}
    claims = {
        (p.relative_to(ROOT), int(n))
        for p in _code_files()
        for n in re.findall(r"\bS(\d{1,2})\b", p.read_text(encoding="utf-8"))
    }
    assert all(1 <= n <= 20 for _p, n in claims), sorted(c for c in claims if not 1 <= c[1] <= 20)
    wrong = sorted(str(c) for c in claims if c[1] in not_yet)
    assert not wrong, f"code citing a requirement that is not met yet: {wrong}"


def test_the_vocabularies_in_the_domain_page_are_the_codes_and_labels() -> None:
    from importlib import import_module

    from django.utils import translation

    text = (ROOT / "docs" / "domain.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^#### `(\w+)` \((\w+)/choices\.py\)\n\n(.+)$", text, flags=re.MULTILINE)
    assert len(blocks) >= 20
    with translation.override("en"):
        for name, app, line in blocks:
            choices = getattr(import_module(f"carewatch.{app}.choices"), name).choices
            expected = " · ".join(f"`{code}` {label}" for code, label in choices)
            assert line == expected, f"{name}: the page says\n{line}\nthe code has\n{expected}"
    documented = {(app, name) for name, app, _line in blocks}
    in_code = {
        (path.parent.name, name)
        for path in (ROOT / "src" / "carewatch").glob("*/choices.py")
        for name in re.findall(r"^class (\w+)\(models\.\w+Choices\)", path.read_text(), re.M)
    }
    assert not in_code - documented, (
        f"vocabularies missing from docs/domain.md: {in_code - documented}"
    )


def test_every_benchmark_is_in_the_performance_page() -> None:
    text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    scripts = [p.name for p in sorted((ROOT / "bench").glob("*.py")) if not p.name.startswith("_")]
    assert len(scripts) >= 4
    missing = [s for s in scripts if f"`bench/{s}`" not in text]
    assert not missing, missing


def test_the_longest_first_list_of_the_test_suite_names_test_files_that_exist() -> None:
    from tests.conftest import LONGEST_FIRST

    files = {p.stem for p in (ROOT / "tests").rglob("test_*.py")}
    assert not set(LONGEST_FIRST) - files, sorted(set(LONGEST_FIRST) - files)
    assert len(set(LONGEST_FIRST)) == len(LONGEST_FIRST)
