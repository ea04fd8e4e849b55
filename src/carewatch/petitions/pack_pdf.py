"""The delivery pack as one PDF, in the language of the staff member who makes it: what the
petition asks and of whom, its verified count (and other platforms' beside it, never added),
the count by country, and the names of the signers who agreed to have them given."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from carewatch.lib.bidi import ltr
from carewatch.lib.pdf.document import Document
from carewatch.petitions import pack
from carewatch.petitions.counting import verified_count
from carewatch.petitions.models import Petition


def _text(petition: Petition, language: str) -> tuple[str, str]:
    texts = {t.language: t for t in petition.texts.all()}
    found = texts.get(language) or next(iter(texts.values()), None)
    return (found.title, found.ask) if found else (petition.slug, "")


def pack_pdf(petition: Petition) -> bytes:
    language = translation.get_language() or "en"
    title, ask = _text(petition, language)
    count = verified_count(petition.pk, fresh=True)
    doc = Document(language=language, title=title)
    doc.heading(title)
    targets = ", ".join(f"{t.name} ({t.role})" for t in petition.targets.all())
    if targets:
        doc.paragraph(_("To: %(targets)s") % {"targets": targets})
    if ask:
        doc.paragraph(ask)
    doc.heading(_("%(count)s verified signatures") % {"count": f"{count:,}"}, size=13)
    doc.paragraph(
        _(
            "Each signature was confirmed from its email address, and each person signed once. "
            "Pack made on %(date)s."
        )
        % {"date": ltr(timezone.localdate().isoformat())}
    )
    for other in petition.external.order_by("as_of"):
        doc.paragraph(
            _("%(platform)s reported %(count)s supporters on %(date)s (not added to ours).")
            % {
                "platform": other.platform,
                "count": f"{other.count:,}",
                "date": other.as_of.isoformat(),
            }
        )
    doc.heading(_("Verified signatures by country"), size=13)
    doc.table(
        [_("Country"), _("Verified signatures")],
        ((row.name, f"{row.count:,}") for row in pack.by_country(petition)),
        widths=(120, 54),
    )
    doc.heading(_("Signers who asked that their name be given to you"), size=13)
    doc.table([_("Name"), _("Country")], pack.names(petition), widths=(110, 64))
    return doc.bytes()
