"""Bidirectional text done once (issue 17.7): data inside translated text is isolated — ``<bdi>``
in templates (a rule checked over every template), Unicode isolates around the Latin fragments of
the Arabic catalogue (checked over every entry) and around codes in plain-text messages."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.test import Client
from django.urls import reverse

from carewatch_core.bidi import bare_latin, isolate_latin

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "src" / "carewatch").rglob("templates/**/*.html"))
LRI, FSI, PDI = "\u2066", "\u2068", "\u2069"
# Placeholders that only ever hold a number, which reads the same in either direction.
NUMBERS = {
    "counter", "n", "count", "days", "id", "number", "pk", "scanned", "limit", "total",
    "seconds", "linked", "waiting", "counted", "pending", "more",
}  # fmt: skip
ISOLATED = re.compile(r"<(bdi|time|code)\b[^>]*>.*?</\1>", re.S)
BLOCK = re.compile(r"{%\s*blocktranslate([^%]*)%}(.*?){%\s*endblocktranslate\s*%}", re.S)


def _in_a_tag(text: str, position: int) -> bool:
    """Whether ``position`` is inside a tag (an attribute's value, where no element may go)."""
    before = text[:position]
    return before.rfind("<") > before.rfind(">")


def test_every_placeholder_in_translated_template_text_is_isolated() -> None:
    assert len(TEMPLATES) > 100
    loose = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for block in BLOCK.finditer(text):
            if _in_a_tag(text, block.start()):
                continue  # an attribute (aria-label, title): text only, read out, not laid out
            dates = set(re.findall(r"(\w+)=[\w.]+\|day\b", block.group(1)))
            body = ISOLATED.sub("", block.group(2))
            for name in re.findall(r"{{\s*(\w+)\s*}}", body):
                if name not in NUMBERS | dates:
                    loose.append(f"{path.relative_to(ROOT)}: {{{{ {name} }}}}")
    assert not loose, "wrap these in <bdi> (or add a number's name to NUMBERS):\n" + "\n".join(
        loose
    )


def _translations(language: str) -> list[str]:
    path = ROOT / "src" / "carewatch" / "locale" / language / "LC_MESSAGES" / "django.po"
    po = polib.pofile(str(path))
    return [
        text
        for entry in po
        if not entry.obsolete
        for text in ([entry.msgstr] if entry.msgstr else list(entry.msgstr_plural.values()))
        if text
    ]


def test_every_latin_fragment_of_the_arabic_catalogue_is_isolated() -> None:
    texts = _translations("ar")
    assert len(texts) > 1500
    bare = [t for t in texts if bare_latin(t)]
    assert not bare, "run scripts/update_translations.py (it isolates them):\n" + "\n".join(
        bare[:10]
    )
    assert all(isolate_latin(t) == t for t in texts)  # nothing left to do
    assert f"{FSI}CSV{PDI} بوسوم {FSI}HXL{PDI}" in texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CSV بوسوم HXL", f"{FSI}CSV{PDI} بوسوم {FSI}HXL{PDI}"),
        ("%(count)d حادثة", "%(count)d حادثة"),
        ("حُمّلت: /petitions/%(slug)s/", f"حُمّلت: {FSI}/petitions/%(slug)s/{PDI}"),
        ("الترخيص: CC BY 4.0.", f"الترخيص: {FSI}CC BY 4.0{PDI}."),
        ('<a href="/x/">CSV</a> و{name}', f'<a href="/x/">{FSI}CSV{PDI}</a> و{{name}}'),
    ],
)
def test_latin_fragments_are_isolated_and_placeholders_kept(text: str, expected: str) -> None:
    assert isolate_latin(text) == expected
    assert isolate_latin(expected) == expected


pytestmark = pytest.mark.django_db


def test_the_reference_in_the_thank_you_message_keeps_its_order(documenter: Any) -> None:
    from conftest import idlib_district

    client = Client()
    client.force_login(documenter)
    client.cookies["carewatch_language"] = "ar"
    answer = client.post(
        reverse("incident-submit"),
        {
            "title": "x",
            "date_start": "2017-09-19",
            "date_precision": "1",
            "place": idlib_district().pk,
            "attack_types": ["heavy_weapons"],
            "language": "ar",
        },
        follow=True,
    )
    html = answer.content.decode()
    assert re.search(rf"{LRI}CW-2017-\d{{6}}{PDI}", html), "the reference is not isolated"


def test_dates_are_isolated_left_to_right(make_incident: Any, verifier: Any) -> None:
    incident = make_incident(date_start=datetime.date(2017, 10, 17))
    client = Client()
    client.force_login(verifier)
    client.cookies["carewatch_language"] = "ar"
    page = client.get(reverse("incident-detail", args=[incident.pk])).content.decode()
    assert '<time datetime="2017-10-17" dir="ltr">2017-10-17</time>' in page
    assert f"<h1><bdi>{incident.title}</bdi></h1>" in page
