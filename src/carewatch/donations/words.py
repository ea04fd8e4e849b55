"""An amount in words, as a receipt must give it ("mille deux cent cinquante euros et cinquante
centimes"): the numbers from ``num2words``, the currencies' names from this table (the library's
own currency names are wrong in Arabic and missing for the Canadian dollar in French)."""

from __future__ import annotations

from decimal import Decimal

# (unit singular, unit plural, cent singular, cent plural, "and") per language and currency.
NAMES: dict[str, dict[str, tuple[str, str, str, str]]] = {
    "fr": {
        "EUR": ("euro", "euros", "centime", "centimes"),
        "CAD": ("dollar canadien", "dollars canadiens", "cent", "cents"),
        "USD": ("dollar américain", "dollars américains", "cent", "cents"),
        "GBP": ("livre sterling", "livres sterling", "penny", "pence"),
    },
    "en": {
        "EUR": ("euro", "euros", "cent", "cents"),
        "CAD": ("Canadian dollar", "Canadian dollars", "cent", "cents"),
        "USD": ("US dollar", "US dollars", "cent", "cents"),
        "GBP": ("pound sterling", "pounds sterling", "penny", "pence"),
    },
    "ar": {
        "EUR": ("يورو", "يورو", "سنت", "سنت"),
        "CAD": ("دولار كندي", "دولار كندي", "سنت", "سنت"),
        "USD": ("دولار أمريكي", "دولار أمريكي", "سنت", "سنت"),
        "GBP": ("جنيه إسترليني", "جنيه إسترليني", "بنس", "بنس"),
    },
}
AND = {"fr": "et", "en": "and", "ar": "و"}


def in_words(amount: Decimal, currency: str, language: str) -> str:
    from num2words import num2words  # when a receipt is written (docs/architecture.md, "Start-up")

    language = language if language in NAMES else "en"
    cents_total = int((amount * 100).quantize(Decimal(1)))
    units, cents = divmod(cents_total, 100)
    one, many, cent, cents_name = NAMES[language].get(currency, (currency, currency, "", ""))
    text = f"{num2words(units, lang=language)} {one if units == 1 else many}"
    if cents and cent:
        text += f" {AND[language]} {num2words(cents, lang=language)} "
        text += cent if cents == 1 else cents_name
    return text
