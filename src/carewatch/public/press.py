"""The press room: published bulletins, each in the reader's language (else its first), with its
PDF and an Atom feed per language. Everything here is read from the bulletins' frozen figures,
computed as the public sees the records."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from carewatch.lib.lookups import one_or_404
from carewatch.public.pagecache import cache_public_page
from carewatch.publishing.choices import BulletinState, Language, PublicationKind
from carewatch.publishing.models import Bulletin, OrganisationProfile
from carewatch.publishing.pdf import bulletin_pdf, release_pdf
from carewatch.publishing.present import period_name, shown
from carewatch.publishing.release import Notes, plain, shown_release, text_for
from carewatch.publishing.selectors import current_versions, published_bulletins
from carewatch.publishing.services import TEXT_FIELDS
from carewatch.stats.cache import cached


def _language(request: HttpRequest) -> str:
    return translation.get_language() or "en"


def _title(bulletin: Bulletin, language: str) -> str:
    texts = {t.language: t for t in bulletin.texts.all()}
    text = texts.get(language) or next(iter(texts.values()), None)
    return text.title if text else period_name(bulletin.period_start, bulletin.period_end)


def kind_label(bulletin: Bulletin) -> str:
    return str(PublicationKind(bulletin.kind).label)


@cache_public_page
def press_room(request: HttpRequest) -> HttpResponse:
    language = _language(request)
    rows = [(b, _title(b, language), kind_label(b)) for b in current_versions()]
    return render(request, "public/press.html", {"rows": rows, "language": language})


def _version(slug: str, version: int | None) -> Bulletin:
    rows = published_bulletins().filter(slug=slug)
    if version is None:
        return one_or_404(rows.filter(state=BulletinState.PUBLISHED))
    return one_or_404(rows, version=str(version))


@cache_public_page
def press_bulletin(request: HttpRequest, slug: str, version: int | None = None) -> HttpResponse:
    bulletin = _version(slug, version)
    language = _language(request)
    later = (
        published_bulletins()
        .filter(slug=slug, version__gt=bulletin.version)
        .order_by("version")
        .first()
    )
    releasing = bulletin.kind == PublicationKind.PRESS_RELEASE
    numbers = bulletin.numbers or {}
    view = (
        shown_release(bulletin, numbers, language)
        if releasing
        else shown(bulletin, numbers, language)
    )
    context = {"view": view, "later": later, "bulletin": bulletin, "release": releasing}
    return render(request, "public/bulletin.html", context)


def press_bulletin_pdf(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    """A published version as a PDF. The same document for every reader, signed in or not, so it
    is made once per language and kept until the next audited change (``stats.cache.cached``):
    on the day a release goes out, its PDF is what the press downloads, and making it (shaping
    Arabic, drawing the charts) costs tens of milliseconds of a core each time."""
    bulletin = _version(slug, version)
    language = _language(request)
    make = release_pdf if bulletin.kind == PublicationKind.PRESS_RELEASE else bulletin_pdf
    document = cached(
        "press-pdf",
        {"bulletin": bulletin.pk, "language": language},
        lambda: make(bulletin, language),
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="carewatch-{slug}-v{version}-{language}.pdf"'
    )
    return response


def press_bulletin_data(request: HttpRequest, slug: str, version: int) -> JsonResponse:
    """A published bulletin's or release's data: its words in every language and its frozen
    figures with the questions they answer (the same as its page shows, as the public sees it)."""
    bulletin = _version(slug, version)
    data = {
        "kind": bulletin.kind,
        "slug": bulletin.slug,
        "version": bulletin.version,
        "state": bulletin.state,
        "period": [bulletin.period_start.isoformat(), bulletin.period_end.isoformat()],
        "published_at": bulletin.published_at.isoformat() if bulletin.published_at else None,
        "correction_note": bulletin.correction_note,
        "texts": {
            t.language: {name: getattr(t, name) for name in TEXT_FIELDS}
            for t in bulletin.texts.all()
        },
        "figures": bulletin.numbers or {},
        "licence": "CC BY 4.0",
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = f'inline; filename="carewatch-{slug}-v{version}.json"'
    return response


def press_logo(request: HttpRequest) -> HttpResponse:
    """The organisation's logo (re-encoded when it was uploaded; public, as on its releases)."""
    profile = one_or_404(OrganisationProfile.objects.exclude(logo_png=b""))
    response = HttpResponse(bytes(profile.logo_png), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    return response


class BulletinFeed(Feed):
    """The published bulletins in one language, newest first (Atom)."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, language: str) -> str:
        if language not in Language.values:
            raise Http404
        translation.activate(language)
        return language

    def title(self, language: str) -> str:
        return _("CareWatch bulletins")

    def link(self, language: str) -> str:
        return reverse("press-room")

    def subtitle(self, language: str) -> str:
        return _("Monthly bulletins on attacks on health care, with their sources.")

    def items(self, language: str) -> list[Bulletin]:
        return list(current_versions()[:30])

    def item_title(self, item: Bulletin) -> str:
        return _title(item, translation.get_language() or "en")

    def item_description(self, item: Bulletin) -> str:
        language = translation.get_language() or "en"
        if item.kind == PublicationKind.PRESS_RELEASE:
            text = text_for(item, language)
            return plain(text.lead, Notes(item.numbers or {})) if text else ""
        view = shown(item, item.numbers or {}, language)
        return " · ".join(f"{n.label}: {n.value}" for n in view.headline)

    def item_link(self, item: Bulletin) -> str:
        return reverse("press-bulletin-version", args=[item.slug, item.version])

    def item_pubdate(self, item: Bulletin) -> Any:
        return item.published_at

    def item_updateddate(self, item: Bulletin) -> Any:
        return item.published_at
