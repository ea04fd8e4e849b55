"""One digit table for the project: Arabic-Indic and Eastern Arabic-Indic digits as ASCII."""

from __future__ import annotations

import ast
from pathlib import Path

from carewatch_core.digits import ARABIC_INDIC, EASTERN_ARABIC_INDIC, ascii_digits

SRC = Path(__file__).resolve().parents[2] / "src"


def test_both_digit_forms_become_ascii_and_nothing_else_changes() -> None:
    assert ascii_digits("٠١٢٣٤٥٦٧٨٩") == "0123456789"
    assert ascii_digits("۰۱۲۳۴۵۶۷۸۹") == "0123456789"
    assert ascii_digits("مشفى ٣ / ۴ — 5") == "مشفى 3 / 4 — 5"
    assert ascii_digits("") == ""


def test_the_tables_are_the_unicode_blocks() -> None:
    assert [ord(c) for c in ARABIC_INDIC] == list(range(0x0660, 0x066A))
    assert [ord(c) for c in EASTERN_ARABIC_INDIC] == list(range(0x06F0, 0x06FA))


def test_no_other_module_writes_its_own_digit_table() -> None:
    """A second table drifts (one once missed the Persian forms): every reader uses this one."""
    own = SRC / "carewatch_core" / "digits.py"
    offenders = []
    for path in SRC.rglob("*.py"):
        if path == own:
            continue
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):  # a table is built by a call (str.maketrans, …)
                continue
            for node in ast.walk(call):
                text = node.value if isinstance(node, ast.Constant) else None
                if isinstance(text, str) and ("٠١٢" in text or "۰۱۲" in text):
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert not offenders, offenders
