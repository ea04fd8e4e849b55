"""Staff pages for bulletins: the list and a new draft, a draft's words per language beside its
figures (computed live until approval), approval, and corrections."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import require
from carewatch.accounts.permissions import can
from carewatch.lib.lookups import row_or_404
from carewatch.places.selectors import governorates
from carewatch.publishing import contents, memorial, release, services
from carewatch.publishing.choices import BulletinState, Language, PublicationKind
from carewatch.publishing.forms import (
    BulletinForm,
    BulletinTextForm,
    CorrectionForm,
    MemorialListForm,
    OrganisationForm,
    ReleaseForm,
    ReleaseTextForm,
)
from carewatch.publishing.models import Bulletin, OrganisationProfile
from carewatch.publishing.present import shown
from carewatch.publishing.selectors import bulletins_for
from carewatch.stats.models import NamedPeriod

LANGUAGES = [code for code, _name in Language.choices]


def _bulletin(request: HttpRequest, pk: int) -> Bulletin:
    return row_or_404(bulletins_for(request.user), pk)


@require("publication.write")
def bulletin_list(request: HttpRequest) -> HttpResponse:
    releasing = request.POST.get("kind") == PublicationKind.PRESS_RELEASE
    form = BulletinForm(
        None if releasing else request.POST or None,
        governorates=governorates(),
        periods=NamedPeriod.objects.all(),
    )
    release_form = ReleaseForm(request.POST if releasing else None)
    if releasing and release_form.is_valid():
        draft = services.release_create(
            user=request.user,
            day=release_form.cleaned_data["day"],
            dateline=release_form.cleaned_data["dateline"],
        )
        return redirect("bulletin-edit", pk=draft.pk)
    if request.method == "POST" and not releasing and form.is_valid():
        start, end = form.cleaned_data["month"]
        try:
            bulletin = services.bulletin_create(
                user=request.user,
                period_start=start,
                period_end=end,
                governorate=form.cleaned_data["governorate"],
                compare_with=list(form.cleaned_data["compare_with"]),
            )
        except services.Refused as refused:
            form.add_error(None, str(refused))
        else:
            return redirect("bulletin-edit", pk=bulletin.pk)
    context = {"form": form, "release_form": release_form, "bulletins": bulletins_for(request.user)}
    failed = form.errors or release_form.errors
    return render(request, "publishing/list.html", context, status=400 if failed else 200)


@require("publication.write")
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    texts = {t.language: t for t in bulletin.texts.all()}
    forms = [_text_form(request, bulletin, texts, code) for code in LANGUAGES]
    if request.method == "POST" and all(f.is_valid() for f in forms):
        try:
            services.bulletin_texts_save(
                user=request.user,
                bulletin=bulletin,
                texts={str(f.prefix): f.cleaned_data for f in forms},
            )
        except services.Refused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Saved."))
            return redirect("bulletin-edit", pk=bulletin.pk)
    return render(request, "publishing/edit.html", _context(request, bulletin, forms))


def _text_form(
    request: HttpRequest, bulletin: Bulletin, texts: dict[str, Any], code: str
) -> BulletinTextForm:
    form_class = (
        ReleaseTextForm if bulletin.kind == PublicationKind.PRESS_RELEASE else BulletinTextForm
    )
    text = texts.get(code)
    initial = {name: getattr(text, name) for name in services.TEXT_FIELDS} if text else {}
    data = request.POST if request.method == "POST" else None
    return form_class(data, prefix=code, initial=initial)


def _context(
    request: HttpRequest, bulletin: Bulletin, forms: list[BulletinTextForm]
) -> dict[str, Any]:
    language = translation.get_language() or "en"
    if bulletin.kind == PublicationKind.PRESS_RELEASE:
        numbers = bulletin.numbers or release.compute(bulletin)
        view: Any = release.shown_release(bulletin, numbers, language)
    else:
        numbers = bulletin.numbers or contents.compute(
            start=bulletin.period_start,
            end=bulletin.period_end,
            governorate=bulletin.governorate,
            named=list(bulletin.compare_with.all()),
        )
        view = shown(bulletin, numbers, language)
    return {
        "bulletin": bulletin,
        "release": bulletin.kind == PublicationKind.PRESS_RELEASE,
        "forms": list(zip(forms, Language.choices, strict=True)),
        "view": view,
        "draft": bulletin.state == BulletinState.DRAFT,
        "can_approve": can(request.user, "publication.approve"),
        "correction": CorrectionForm(),
        "changes": services.changes(bulletin),
    }


@require("publication.approve")
@require_POST
def bulletin_approve(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    if request.POST.get("confirm") != "publish":
        messages.error(request, _("Tick the box to confirm: a published bulletin is not changed."))
        return redirect("bulletin-edit", pk=bulletin.pk)
    try:
        services.bulletin_approve(user=request.user, bulletin=bulletin)
    except services.Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Published: its figures are frozen as they are now."))
    return redirect("bulletin-edit", pk=bulletin.pk)


@require("publication.write")
@require_POST
def bulletin_correct(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = _bulletin(request, pk)
    form = CorrectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what this correction corrects."))
        return redirect("bulletin-edit", pk=bulletin.pk)
    try:
        draft = services.bulletin_correct(
            user=request.user, bulletin=bulletin, note=form.cleaned_data["note"]
        )
    except services.Refused as refused:
        messages.error(request, str(refused))
        return redirect("bulletin-edit", pk=bulletin.pk)
    return redirect("bulletin-edit", pk=draft.pk)


@require("publication.write")
def memorial_list(request: HttpRequest) -> HttpResponse:
    """The names to read out at a commemoration: chosen here, then a PDF or slides."""
    form = MemorialListForm(request.GET or None, governorates=governorates())
    if not form.is_valid():
        return render(request, "publishing/memorial_form.html", {"form": form, "rows": None})
    data = form.cleaned_data
    language = translation.get_language() or "en"
    rows = memorial.names(
        start=data["date_from"],
        end=data["date_to"],
        governorate=data["governorate"],
        order=data["order"],
        language=language,
    )
    title = data["title"] or _("Health workers killed, %(start)s – %(end)s") % {
        "start": data["date_from"].isoformat(),
        "end": data["date_to"].isoformat(),
    }
    shown_as = request.GET.get("as")
    if shown_as == "pdf":
        response = HttpResponse(
            memorial.memorial_pdf(title, rows, language), content_type="application/pdf"
        )
        response["Content-Disposition"] = 'inline; filename="carewatch-memorial-list.pdf"'
        return response
    template = (
        "publishing/memorial_slides.html"
        if shown_as == "slides"
        else "publishing/memorial_form.html"
    )
    return render(
        request,
        template,
        {"form": form, "rows": rows, "title": title, "query": request.GET.urlencode()},
    )


@require("publication.write")
def organisation_edit(request: HttpRequest) -> HttpResponse:
    """Who publishes: the name, "About" per language and the press contact of press releases."""
    profile = OrganisationProfile.objects.first()
    initial = profile.frozen() if profile else {}
    form = OrganisationForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.organisation_save(user=request.user, values=form.cleaned_data)
        messages.success(request, _("Saved."))
        return redirect("organisation-edit")
    has_logo = bool(profile and profile.logo_png)
    return render(request, "publishing/organisation.html", {"form": form, "has_logo": has_logo})
