"""Campaign staff write appeals: the settings and the words in each language (audited)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from carewatch.accounts.decorators import require
from carewatch.audit.services import log_action
from carewatch.donations.forms import AppealForm, AppealTextForm
from carewatch.donations.models import Appeal, AppealText
from carewatch.donations.selectors import managed_appeals
from carewatch.lib.lookups import row_or_404
from carewatch.supplies.choices import NeedState
from carewatch.supplies.models import Need
from carewatch.supplies.units import unit_label
from carewatch.supporters.choices import Language

FIELDS = ("slug", "status", "goal", "currency", "deadline")
TEXT_FIELDS = ("title", "story", "other_ways")


def _state(appeal: Appeal) -> dict[str, Any]:
    return {f: str(getattr(appeal, f)) for f in FIELDS} | {
        "needs": sorted(appeal.needs.values_list("pk", flat=True)),
        "texts": {t.language: {f: getattr(t, f) for f in TEXT_FIELDS} for t in appeal.texts.all()},
    }


@transaction.atomic
def save_appeal(
    *, appeal: Appeal | None, values: dict[str, Any], words: dict[str, dict[str, str]], actor: Any
) -> Appeal:
    before = _state(appeal) if appeal else None
    appeal = appeal or Appeal()
    for field in FIELDS:
        setattr(appeal, field, values[field])
    appeal.save()
    appeal.needs.set(values.get("needs") or [])
    appeal.texts.exclude(language__in=list(words)).delete()
    for language, text in words.items():
        AppealText.objects.update_or_create(appeal=appeal, language=language, defaults=text)
    log_action(
        action="carewatch.appeal.created" if before is None else "carewatch.appeal.changed",
        actor=actor,
        obj=appeal,
        before=before,
        after=_state(appeal),
    )
    return appeal


def _needs(appeal: Appeal | None) -> list[tuple[int, str]]:
    """Open needs, and those the appeal cites already, as "Antibiotics: 2,000 vial — Aleppo"."""
    language = translation.get_language() or "en"
    rows = Need.objects.filter(state=NeedState.OPEN)
    if appeal is not None:
        rows = rows | appeal.needs.all()
    return [
        (
            n.pk,
            f"{n.group.name_in(language)}: {n.quantity:,.0f} {unit_label(n.unit)} — "
            f"{n.governorate.name}",
        )
        for n in rows.select_related("group", "governorate").distinct().order_by("pk")
    ]


def _edit(request: HttpRequest, appeal: Appeal | None) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    others = managed_appeals(request.user)
    if appeal is not None:
        others = others.exclude(pk=appeal.pk)
    initial: dict[str, Any] = (
        {f: getattr(appeal, f) for f in FIELDS} if appeal else {"currency": "EUR"}
    )
    if appeal is not None:
        initial["needs"] = list(appeal.needs.values_list("pk", flat=True))
    form = AppealForm(data, initial=initial, taken=others, needs=_needs(appeal))
    texts = {t.language: t for t in appeal.texts.all()} if appeal else {}
    words = {
        code: AppealTextForm(
            data,
            prefix=code,
            initial={f: getattr(texts[code], f) for f in TEXT_FIELDS} if code in texts else {},
        )
        for code in Language.values
    }
    if data is not None:
        checked = [f.is_valid() for f in [form, *words.values()]]
        written = {
            c: {f: w.cleaned_data[f] for f in TEXT_FIELDS}
            for c, w in words.items()
            if all(checked) and w.cleaned_data.get("title")
        }
        if all(checked) and not written:
            form.add_error(None, _("Write the appeal in at least one language."))
        elif all(checked):
            saved = save_appeal(
                appeal=appeal, values=form.cleaned_data, words=written, actor=request.user
            )
            messages.success(request, _("Saved."))
            return redirect("appeal-page", saved.slug)
    labels = dict(Language.choices)
    context = {"appeal": appeal, "form": form, "words": [(labels[c], w) for c, w in words.items()]}
    return render(
        request, "donations/staff_appeal.html", context, status=400 if form.errors else 200
    )


@require("supporter.manage")
def appeal_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require("supporter.manage")
def appeal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, row_or_404(managed_appeals(request.user), pk))
