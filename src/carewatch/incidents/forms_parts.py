"""Parts of the full incident form: the alleged perpetrators (each a claim with the source that
makes it and a confidence), and, for a new incident, the source it is recorded from."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from carewatch.incidents.choices import ClaimConfidence, PerpetratorCategory
from carewatch.incidents.values import PerpetratorValue
from carewatch.sources.choices import ReportKind

#: Empty rows offered below the recorded claims.
SPARE_ROWS = 2
PART = ("category", "name", "source", "confidence")
#: What a verifier records an incident from by hand (a dataset's rows and field forms come in
#: through imports and the short form).
MANUAL_KINDS = [
    (k.value, k.label)
    for k in ReportKind
    if k not in (ReportKind.DATASET_ROW, ReportKind.FIELD_FORM)
]


def add_perpetrator_fields(form: forms.Form, sources: Any, recorded: int) -> None:
    """Rows ``perpetrator-<i>-<part>`` for ``recorded`` claims and ``SPARE_ROWS`` more (or as
    many as the posted form had: someone may have added a claim since it was shown)."""
    posted = sum(
        1 for key in form.data if key.startswith("perpetrator-") and key.endswith("-category")
    )
    for i in range(max(recorded + SPARE_ROWS, posted)):
        prefix = f"perpetrator-{i}-"
        form.fields[prefix + "category"] = forms.ChoiceField(
            label=_("Alleged perpetrator"),
            choices=[("", "—"), *PerpetratorCategory.choices],
            required=False,
        )
        form.fields[prefix + "name"] = forms.CharField(
            label=_("Named as"), max_length=200, required=False
        )
        source = forms.ModelChoiceField(label=_("Attributed by"), queryset=sources, required=False)
        source.empty_label = "—"
        form.fields[prefix + "source"] = source
        form.fields[prefix + "confidence"] = forms.ChoiceField(
            label=_("Confidence"),
            choices=ClaimConfidence.choices,
            initial=ClaimConfidence.ALLEGED,
            required=False,
        )


def perpetrator_rows(form: forms.Form) -> list[list[Any]]:
    """The bound fields of each row, for the template."""
    count = sum(1 for name in form.fields if name.endswith("-category"))
    return [[form[f"perpetrator-{i}-{part}"] for part in PART] for i in range(count)]


def clean_perpetrators(form: forms.Form, data: dict[str, Any]) -> list[PerpetratorValue]:
    """The filled rows as claims; a row with a perpetrator needs the source that alleges it, and
    a name or a source needs the perpetrator it is about."""
    claims = []
    for i in range(sum(1 for name in form.fields if name.endswith("-category"))):
        prefix = f"perpetrator-{i}-"
        category, name = data.get(prefix + "category"), (data.get(prefix + "name") or "").strip()
        source = data.get(prefix + "source")
        if not category:
            if name or source:
                form.add_error(prefix + "category", _("Choose who is alleged, or clear this row."))
            continue
        if source is None:
            form.add_error(prefix + "source", _("Say which source alleges it."))
            continue
        confidence = data.get(prefix + "confidence") or ClaimConfidence.ALLEGED
        claims.append(PerpetratorValue(category, source.pk, name, confidence))
    return claims


def perpetrator_initial(claims: list[Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for i, claim in enumerate(claims):
        prefix = f"perpetrator-{i}-"
        initial |= {
            prefix + "category": claim.category,
            prefix + "name": claim.name,
            prefix + "source": claim.source_id,
            prefix + "confidence": claim.confidence,
        }
    return initial


def add_source_fields(form: forms.Form, sources: Any) -> None:
    """What a new incident is recorded from: the source, the kind of report, a link to it."""
    form.fields["source"] = forms.ModelChoiceField(
        label=gettext_lazy("Source of this record"), queryset=sources
    )
    form.fields["report_kind"] = forms.ChoiceField(
        label=gettext_lazy("What the source published"),
        choices=MANUAL_KINDS,
        initial=ReportKind.PRESS_RELEASE,
    )
    form.fields["report_url"] = forms.URLField(
        label=gettext_lazy("Link to it (optional)"), max_length=500, required=False
    )
