"""Campaign staff's pages for calls to action: the list with how often each was taken, a call's
words and addressees, and the decision-makers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from carewatch.accounts.decorators import require
from carewatch.actions import editing
from carewatch.actions.choices import Platform
from carewatch.actions.forms import CallForm, CallTextForm, DecisionMakerForm
from carewatch.actions.models import ActionCount, CallToAction, DecisionMaker
from carewatch.actions.selectors import managed_calls, managed_makers
from carewatch.lib.lookups import row_or_404
from carewatch.supporters.choices import Language


@require("supporter.manage")
def call_list(request: HttpRequest) -> HttpResponse:
    calls = managed_calls(request.user).annotate(taken=Sum("counts__taken"))
    return render(request, "actions/staff_list.html", {"calls": calls})


def _counts(call: CallToAction) -> tuple[list[str], list[tuple[str, list[int], int]]]:
    """Times taken per addressee (rows) and platform (columns)."""
    rows = (
        ActionCount.objects.filter(call=call)
        .values("target__name", "platform")
        .annotate(n=Sum("taken"))
    )
    table: dict[str, dict[str, int]] = {}
    for row in rows:
        table.setdefault(row["target__name"], {})[row["platform"]] = int(row["n"])
    headers = [str(label) for _code, label in Platform.choices]
    body = [
        (name, [found.get(code, 0) for code in Platform.values], sum(found.values()))
        for name, found in sorted(table.items())
    ]
    return headers, body


def _call_forms(
    request: HttpRequest, call: CallToAction | None
) -> tuple[CallForm, dict[str, CallTextForm]]:
    data = request.POST if request.method == "POST" else None
    others = managed_calls(request.user)
    initial: dict[str, Any] = {"active": True}
    texts: dict[str, dict[str, str]] = {}
    if call is not None:
        others = others.exclude(pk=call.pk)
        initial = {"slug": call.slug, "active": call.active, "targets": list(call.targets.all())}
        texts = {
            t.language: {"heading": t.heading, "message": t.message, "subject": t.subject}
            for t in call.texts.all()
        }
    form = CallForm(data, initial=initial, makers=managed_makers(request.user), taken=others)
    words = {
        code: CallTextForm(data, prefix=code, initial=texts.get(code, {}))
        for code in Language.values
    }
    return form, words


def _call_page(request: HttpRequest, call: CallToAction | None) -> HttpResponse:
    form, words = _call_forms(request, call)
    if request.method == "POST":
        checked = [w.is_valid() for w in words.values()]  # every form, to show every error
        valid = form.is_valid() and all(checked)
        written = {code: w.cleaned_data for code, w in words.items() if valid and w.written()}
        if valid and not written:
            form.add_error(None, _("Write the call in at least one language."))
        elif valid:
            saved = editing.save_call(
                call=call,
                slug=form.cleaned_data["slug"],
                active=form.cleaned_data["active"],
                targets=list(form.cleaned_data["targets"]),
                words={
                    code: {k: d[k] for k in ("heading", "message", "subject")}
                    for code, d in written.items()
                },
                actor=request.user,
            )
            messages.success(request, _("Saved."))
            return redirect("call-staff", saved.pk)
    headers, counts = _counts(call) if call is not None else ([], [])
    labels = dict(Language.choices)
    context = {
        "call": call,
        "form": form,
        "words": [(labels[code], w) for code, w in words.items()],
        "headers": headers,
        "counts": counts,
    }
    return render(
        request, "actions/staff_call.html", context, status=400 if request.method == "POST" else 200
    )


@require("supporter.manage")
def call_new(request: HttpRequest) -> HttpResponse:
    return _call_page(request, None)


@require("supporter.manage")
def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _call_page(request, row_or_404(managed_calls(request.user), pk))


def _maker_page(request: HttpRequest, maker: DecisionMaker | None) -> HttpResponse:
    form = DecisionMakerForm(request.POST if request.method == "POST" else None, instance=maker)
    if request.method == "POST" and form.is_valid():
        editing.save_maker(maker=form.save(commit=False), actor=request.user, created=maker is None)
        messages.success(request, _("Saved."))
        return redirect("decision-maker-list")
    context = {"maker": maker, "form": form, "makers": managed_makers(request.user)}
    return render(
        request,
        "actions/staff_makers.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@require("supporter.manage")
def maker_list(request: HttpRequest) -> HttpResponse:
    return _maker_page(request, None)


@require("supporter.manage")
def maker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _maker_page(request, row_or_404(managed_makers(request.user), pk))
