#!/usr/bin/env python3
"""Refresh the French and Arabic catalogues and compile them, without needing GNU gettext to compile.

1. ``makemessages`` (run from ``src/carewatch``) extracts every marked string into
   ``src/carewatch/locale/{fr,ar}/LC_MESSAGES/django.po``; existing translations are kept,
   strings no longer used are dropped (``--no-obsolete``). This step needs GNU gettext
   (``xgettext``, ``msgmerge``, ``msguniq``); skip it with ``--compile-only``.
2. In right-to-left catalogues (Arabic) each Latin fragment of a translation is wrapped in
   Unicode isolates (``carewatch_core.bidi``), so "CSV بوسوم HXL" keeps its order on screen.
3. Each ``django.po`` is compiled to ``django.mo`` with polib (pure Python), so the committed
   ``.mo`` files can be rebuilt on a machine without gettext.
4. For each language, the number of messages, untranslated and fuzzy entries is reported.
   Untranslated and fuzzy entries are left out of the ``.mo`` (they show in English).

Usage::

    uv run python scripts/update_translations.py              # extract, compile, report
    uv run python scripts/update_translations.py --compile-only
    uv run python scripts/update_translations.py --check      # exit 1 if anything is missing
    uv run python scripts/update_translations.py --list       # also print the missing msgids
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

from carewatch_core.bidi import isolate_latin

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
APP_DIR = SRC / "carewatch"
LOCALE_DIR = APP_DIR / "locale"
LANGUAGES = ("fr", "ar")
RIGHT_TO_LEFT = ("ar",)
# Folders makemessages must not look into (third-party files, collected static, local data).
IGNORE = ("node_modules", "static", "vendor", "instance", "__pycache__")
GETTEXT_TOOLS = ("xgettext", "msgmerge", "msguniq")


@dataclass
class Stats:
    language: str
    messages: int
    untranslated: list[str]
    fuzzy: list[str]

    @property
    def complete(self) -> bool:
        return not self.untranslated and not self.fuzzy


def po_path(language: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / "django.po"


def makemessages(languages: tuple[str, ...] = LANGUAGES) -> None:
    """Run Django's makemessages from the app folder, as a separate process."""
    missing = [tool for tool in GETTEXT_TOOLS if shutil.which(tool) is None]
    if missing:
        raise SystemExit(
            f"GNU gettext is needed to extract strings ({', '.join(missing)} not found). "
            "Install it (apt-get install gettext) or run with --compile-only."
        )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    env["DJANGO_SETTINGS_MODULE"] = "carewatch.settings"
    # Settings create the data folder; keep it in the usual place, not inside the package.
    env.setdefault("CAREWATCH_DATA_DIR", str(ROOT / "instance"))
    command = [
        sys.executable,
        "-m",
        "django",
        "makemessages",
        "--domain=django",
        "--no-obsolete",
        "--add-location=file",
    ]
    for language in languages:
        command += ["--locale", language]
    for pattern in IGNORE:
        command += ["--ignore", pattern, "--ignore", f"*/{pattern}/*"]
    subprocess.run(command, cwd=APP_DIR, env=env, check=True)


def isolate_fragments(language: str) -> int:
    """Right-to-left catalogues: each Latin fragment isolated (``carewatch_core.bidi``), so
    codes and names keep their order in Arabic sentences. Returns how many entries changed."""
    if language not in RIGHT_TO_LEFT:
        return 0
    po = polib.pofile(str(po_path(language)))
    changed = 0
    for entry in po:
        if entry.obsolete:
            continue
        before = (entry.msgstr, dict(entry.msgstr_plural))
        if entry.msgstr:
            entry.msgstr = isolate_latin(entry.msgstr)
        for key, text in entry.msgstr_plural.items():
            entry.msgstr_plural[key] = isolate_latin(text)
        changed += (entry.msgstr, dict(entry.msgstr_plural)) != before
    if changed:
        po.save()
    return changed


def compile_mo(language: str) -> Path:
    """Compile ``django.po`` to ``django.mo`` with polib (untranslated and fuzzy entries left out)."""
    source = po_path(language)
    target = source.with_suffix(".mo")
    polib.pofile(str(source)).save_as_mofile(str(target))
    return target


def stats(language: str) -> Stats:
    po = polib.pofile(str(po_path(language)))
    live = [entry for entry in po if not entry.obsolete]
    return Stats(
        language=language,
        messages=len(live),
        untranslated=[entry.msgid for entry in po.untranslated_entries()],
        fuzzy=[entry.msgid for entry in po.fuzzy_entries()],
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--compile-only",
        action="store_true",
        help="do not run makemessages (no GNU gettext needed); only compile the .po files",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit with status 1 if a language has untranslated or fuzzy entries",
    )
    parser.add_argument(
        "--list", action="store_true", help="print the untranslated and fuzzy msgids"
    )
    args = parser.parse_args(argv)

    if not args.compile_only:
        makemessages()
    complete = True
    for language in LANGUAGES:
        if not po_path(language).exists():
            raise SystemExit(
                f"{po_path(language)} does not exist: run without --compile-only first."
            )
        isolate_fragments(language)
        target = compile_mo(language)
        result = stats(language)
        complete = complete and result.complete
        print(
            f"{language}: {result.messages} messages, {len(result.untranslated)} untranslated, "
            f"{len(result.fuzzy)} fuzzy -> {target.relative_to(ROOT)}"
        )
        if args.list:
            for msgid in result.untranslated:
                print(f"  untranslated: {msgid!r}")
            for msgid in result.fuzzy:
                print(f"  fuzzy: {msgid!r}")
    return 1 if args.check and not complete else 0


if __name__ == "__main__":
    sys.exit(main())
