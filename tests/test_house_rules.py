"""Rules of the house that a grep would check, checked on the code's syntax tree instead.

docs/architecture.md states them; import-linter (in CI) checks the layers themselves.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "carewatch"
VOCABULARY_FIELDS = {"status", "state", "kind", "certainty", "severity", "fate", "role"}


def modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(SRC)}:{getattr(node, 'lineno', 0)}"


def test_vocabulary_fields_are_compared_with_choices_not_bare_strings() -> None:
    # The demo's plan (demo/plan_*.py) is plain data drawn before any model exists.
    offenders = [
        where(path, node)
        for path, tree in modules()
        if not path.name.startswith("plan")
        for node in ast.walk(tree)
        if isinstance(node, ast.Compare)
        and isinstance(node.left, ast.Attribute)
        and node.left.attr in VOCABULARY_FIELDS
        and any(isinstance(c, ast.Constant) and isinstance(c.value, str) for c in node.comparators)
    ]
    assert not offenders, f"compare with the field's TextChoices instead: {offenders}"


def test_carewatch_modules_are_imported_at_the_top_except_in_app_ready() -> None:
    """An import inside a function hid a cycle between apps (e.g. incidents reaching up into
    imports). Only ``AppConfig.ready`` imports late: Django loads models after the app configs."""
    offenders = []
    for path, tree in modules():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if function.name == "ready" and path.name == "apps.py":
                continue
            offenders += [
                where(path, node)
                for node in ast.walk(function)
                if isinstance(node, ast.ImportFrom)
                and (node.module or "").startswith(("carewatch.", "carewatch_core."))
            ]
    assert not offenders, f"move these imports to the top of the module: {offenders}"


def test_presenters_read_records_through_the_restricting_selectors() -> None:
    offenders = [
        where(path, node)
        for path, tree in modules()
        if path.name == "presenters.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]
    assert not offenders, f"use the app's selector (incidents_for(user), …): {offenders}"


def test_forms_get_their_choices_from_the_views_selectors() -> None:
    """A form's record choices come from the restricting selector the view passes in; the class
    declares an empty queryset (``X.objects.none()``) and never queries a model itself."""
    offenders = [
        where(path, node)
        for path, tree in modules()
        if path.name == "forms.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "objects"
        and node.attr != "none"
    ]
    assert not offenders, f"pass the selector's queryset from the view: {offenders}"


def test_pages_fetch_a_record_by_id_through_row_or_404() -> None:
    """One helper over the restricting selectors (a hidden record looks like a missing one)."""
    offenders = [
        where(path, node)
        for path, tree in modules()
        if path.name != "lookups.py"
        for node in ast.walk(tree)
        if isinstance(node, ast.If)
        and isinstance(node.test, ast.Compare)
        and isinstance(node.test.ops[0], ast.Is)
        and any(
            isinstance(s, ast.Raise) and "Http404" in ast.unparse(s.exc or ast.Constant(""))
            for s in node.body
        )
    ]
    assert not offenders, f"use carewatch.lib.lookups.row_or_404: {offenders}"
