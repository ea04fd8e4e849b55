"""Campaign staff write petitions: a new one, its settings and words in each language, and the
counts other platforms report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from carewatch.accounts.decorators import require
from carewatch.actions.selectors import managed_calls, managed_makers
from carewatch.lib.lookups import row_or_404
from carewatch.petitions import editing
from carewatch.petitions.forms import ExternalCountForm, PetitionForm, PetitionTextForm
from carewatch.petitions.models import Petition
from carewatch.petitions.selectors import managed_petitions
from carewatch.supporters.choices import Language


def _forms(
    request: HttpRequest, petition: Petition | None
) -> tuple[PetitionForm, dict[str, PetitionTextForm]]:
    data = request.POST if request.method == "POST" else None
    others = managed_petitions(request.user)
    if petition is not None:
        others = others.exclude(pk=petition.pk)
    initial = {}
    texts: dict[str, dict[str, str]] = {}
    if petition is not None:
        initial = {
            "slug": petition.slug,
            "status": petition.status,
            "goal": petition.goal,
            "milestones": ", ".join(str(m) for m in petition.milestones),
            "opened_on": petition.opened_on,
            "targets": list(petition.targets.all()),
            "call_to_action": petition.call_to_action,
        }
        texts = {
            t.language: {"title": t.title, "story": t.story, "ask": t.ask}
            for t in petition.texts.all()
        }
    form = PetitionForm(
        data,
        initial=initial,
        makers=managed_makers(request.user),
        calls=managed_calls(request.user),
        taken=others,
    )
    words = {
        code: PetitionTextForm(data, prefix=code, initial=texts.get(code, {}))
        for code in Language.values
    }
    return form, words


def _edit(request: HttpRequest, petition: Petition | None) -> HttpResponse:
    form, words = _forms(request, petition)
    if request.method == "POST":
        checked = [w.is_valid() for w in words.values()]  # every form, to show every error
        valid = form.is_valid() and all(checked)
        written = {code: w for code, w in words.items() if valid and w.written()}
        if valid and not written:
            form.add_error(None, _("Write the petition in at least one language."))
        elif valid:
            data = form.cleaned_data
            saved = editing.save_petition(
                petition=petition,
                settings=editing.Settings(
                    slug=data["slug"],
                    status=data["status"],
                    goal=data["goal"],
                    milestones=data["milestones"],
                    opened_on=data["opened_on"],
                    targets=list(data["targets"]),
                    call_to_action=data["call_to_action"],
                ),
                words={
                    code: editing.Words(**{f: w.cleaned_data[f] for f in ("title", "story", "ask")})
                    for code, w in written.items()
                },
                actor=request.user,
            )
            messages.success(request, _("Saved."))
            return redirect("petition-staff", saved.pk)
    labels = dict(Language.choices)
    context = {
        "petition": petition,
        "form": form,
        "words": [(labels[code], w) for code, w in words.items()],
    }
    return render(
        request,
        "petitions/staff_edit.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require("supporter.manage")
def petition_new(request: HttpRequest) -> HttpResponse:
    return _edit(request, None)


@require("supporter.manage")
def petition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _edit(request, row_or_404(managed_petitions(request.user), pk))


@require("supporter.manage")
@require_POST
def petition_external(request: HttpRequest, pk: int) -> HttpResponse:
    petition = row_or_404(managed_petitions(request.user), pk)
    form = ExternalCountForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("The count was not added: give the platform, the count and its date.")
        )
        return redirect("petition-staff", petition.pk)
    editing.add_external_count(petition=petition, actor=request.user, **form.cleaned_data)
    messages.success(request, _("The count is added beside ours."))
    return redirect("petition-staff", petition.pk)
