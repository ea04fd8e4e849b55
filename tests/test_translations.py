"""French and Arabic catalogues: complete, placeholders intact, .mo up to date, no string left out."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings
from tests.conftest import needs

ROOT = Path(__file__).resolve().parents[1]
APP_DIR = ROOT / "src" / "carewatch"
LOCALE_DIR = APP_DIR / "locale"
LANGUAGES = ("fr", "ar")
ARABIC_PLURAL_FORMS = (
    "nplurals=6; plural=n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
    "n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5;"
)
# %(name)s, %(seconds).1f, %(limit)d ... and positional %s / %d; "%%" is a literal percent sign.
PLACEHOLDER = re.compile(
    r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*(?:\d+|\*)?(?:\.\d+)?(?P<conv>[diouxXeEfFgGcrsa%])"
)


def placeholders(text: str) -> set[str]:
    found = set()
    for match in PLACEHOLDER.finditer(text):
        if match["conv"] == "%":
            continue
        found.add(f"%({match['name']}){match['conv']}" if match["name"] else f"%{match['conv']}")
    return found


def catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


def live(po: polib.POFile) -> Iterator[polib.POEntry]:
    return (entry for entry in po if not entry.obsolete)


def describe(entries: list[polib.POEntry]) -> str:
    return "\n".join(
        f"  {entry.msgid!r} ({', '.join(path for path, _ in entry.occurrences)})"
        for entry in entries
    )


@pytest.fixture(params=LANGUAGES)
def language(request: Any) -> str:
    return str(request.param)


def test_every_message_is_translated_and_none_is_fuzzy(language: str) -> None:
    po = catalogue(language)
    untranslated = [
        entry for entry in live(po) if not entry.translated() and "fuzzy" not in entry.flags
    ]
    fuzzy = [entry for entry in live(po) if "fuzzy" in entry.flags]
    assert not untranslated, f"{language}: untranslated messages:\n{describe(untranslated)}"
    assert not fuzzy, f"{language}: fuzzy messages:\n{describe(fuzzy)}"
    assert not po.metadata_is_fuzzy, (
        f"{language}: the header is marked fuzzy (the .mo would lose it)"
    )
    assert len(list(live(po))) > 100


def test_the_header_has_the_right_language_and_plural_forms(language: str) -> None:
    metadata = catalogue(language).metadata
    assert metadata["Language"] == language
    assert "charset=UTF-8" in metadata["Content-Type"]
    expected = "nplurals=2; plural=(n > 1);" if language == "fr" else ARABIC_PLURAL_FORMS
    assert metadata["Plural-Forms"].replace(" ", "") == expected.replace(" ", "")


def test_placeholders_are_kept_in_every_translation(language: str) -> None:
    po = catalogue(language)
    nplurals = 2 if language == "fr" else 6
    problems = []
    for entry in live(po):
        if entry.msgid_plural:
            expected = placeholders(entry.msgid) | placeholders(entry.msgid_plural)
            if sorted(entry.msgstr_plural) != list(range(nplurals)):
                problems.append(
                    f"{entry.msgid!r}: {len(entry.msgstr_plural)} plural forms, expected {nplurals}"
                )
            for index, text in sorted(entry.msgstr_plural.items()):
                if placeholders(text) != expected:
                    problems.append(
                        f"{entry.msgid!r} [{index}]: {sorted(placeholders(text))} != {sorted(expected)}"
                    )
        elif placeholders(entry.msgstr) != placeholders(entry.msgid):
            problems.append(
                f"{entry.msgid!r}: {sorted(placeholders(entry.msgstr))} != {sorted(placeholders(entry.msgid))}"
            )
    assert not problems, f"{language}: placeholders differ:\n" + "\n".join(problems)


def test_the_committed_mo_matches_the_po(language: str, tmp_path: Path) -> None:
    """Compile the .po with polib (as scripts/update_translations.py does) and compare messages."""
    committed = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
    assert committed.exists(), f"{committed} is missing: run scripts/update_translations.py"
    fresh = tmp_path / "django.mo"
    catalogue(language).save_as_mofile(str(fresh))

    def messages(path: Path) -> set[tuple[Any, ...]]:
        mo = polib.mofile(str(path))
        return {
            (
                entry.msgctxt,
                entry.msgid,
                entry.msgid_plural,
                entry.msgstr,
                tuple(sorted(entry.msgstr_plural.items())),
            )
            for entry in mo
            if entry.msgid
        }

    expected, actual = messages(fresh), messages(committed)
    stale = sorted(m[1] for m in expected ^ actual)
    assert not stale, (
        f"{language}: django.mo is out of date for {len(stale)} messages (run "
        f"`uv run python scripts/update_translations.py`), e.g.:\n  "
        + "\n  ".join(map(repr, stale[:10]))
    )
    assert (
        polib.mofile(str(committed)).metadata.get("Plural-Forms")
        == catalogue(language).metadata["Plural-Forms"]
    )


def test_makemessages_finds_no_string_missing_from_the_catalogues(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Extract into a copy of the app: a newly marked string not in the committed .po fails here."""
    missing_tools = [
        tool for tool in ("xgettext", "msgmerge", "msguniq") if shutil.which(tool) is None
    ]
    if missing_tools:
        needs(", ".join(missing_tools), "GNU gettext (to extract strings with makemessages)")
    copy = tmp_path / "carewatch"
    shutil.copytree(
        APP_DIR,
        copy,
        ignore=shutil.ignore_patterns(
            "__pycache__", "*.pyc", "*.mo", "static", "node_modules", "instance"
        ),
    )
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command(
            "makemessages",
            locale=list(LANGUAGES),
            domain="django",
            no_obsolete=True,
            add_location="file",
            ignore_patterns=["static", "node_modules", "instance"],
            verbosity=0,
        )
    for language in LANGUAGES:
        committed = {(entry.msgctxt, entry.msgid) for entry in live(catalogue(language))}
        extracted = polib.pofile(str(copy / "locale" / language / "LC_MESSAGES" / "django.po"))
        new = [entry for entry in live(extracted) if (entry.msgctxt, entry.msgid) not in committed]
        assert not new, (
            f"{language}: strings marked for translation but missing from the committed catalogue "
            f"(run `uv run python scripts/update_translations.py` and translate them):\n{describe(new)}"
        )


@pytest.mark.django_db
def test_the_sign_in_page_is_in_french(client: Any) -> None:
    client.cookies["carewatch_language"] = "fr"
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Connexion du personnel" in page
    assert "Staff sign-in" not in page


@pytest.mark.django_db
def test_the_sign_in_page_is_in_arabic_and_right_to_left(client: Any) -> None:
    client.cookies["carewatch_language"] = "ar"
    page = client.get("/accounts/login/").content.decode()
    assert 'dir="rtl"' in page
    assert "تسجيل دخول الموظفين" in page
    assert "Staff sign-in" not in page
