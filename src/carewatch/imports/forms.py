"""Forms of the import pages: the upload, the start of a run, a saved mapping's pairs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from carewatch.imports.messages import describe
from carewatch.imports.models import SavedMapping
from carewatch.imports.preview import Preview
from carewatch.imports.uploads import SUFFIXES
from carewatch.imports.vocab import codes_of, vocabulary_of
from carewatch_core.imports.errors import UNKNOWN_FORMAT
from carewatch_core.imports.profiles import PROFILES


def profile_choices() -> list[tuple[str, str]]:
    return [(name, f"{profile.label} ({name})") for name, profile in PROFILES.items()]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (CSV, XLSX or JSON)"))
    profile = forms.ChoiceField(label=_("Profile (how to read the file)"), choices=profile_choices)
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"list": "known-sources", "autocomplete": "off"}),
        help_text=_("Leave blank for the profile's own source (e.g. Insecurity Insight)."),
    )
    mapping = forms.ModelChoiceField(
        label=_("Saved mapping (optional)"), queryset=SavedMapping.objects.none(), required=False
    )

    def __init__(self, *args: Any, mappings: QuerySet[SavedMapping], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings  # type: ignore[attr-defined]

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.CAREWATCH_MAX_ATTACHMENT_BYTES:
            limit = settings.CAREWATCH_MAX_ATTACHMENT_BYTES // (1024 * 1024)
            raise ValidationError(
                _("This file is too large (the limit is %(limit)s MB).") % {"limit": limit}
            )
        suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if suffix not in SUFFIXES:
            raise ValidationError(describe(UNKNOWN_FORMAT, {"suffix": suffix or upload.name[:40]}))
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mapping, profile = data.get("mapping"), data.get("profile")
        if mapping is not None and profile and mapping.profile != profile:
            self.add_error("mapping", _("This mapping is for another profile."))
        return data


class StartForm(forms.Form):
    upload = forms.CharField(widget=forms.HiddenInput, max_length=64)
    mapping = forms.ModelChoiceField(
        queryset=SavedMapping.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, mappings: QuerySet[SavedMapping], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mapping"].queryset = mappings  # type: ignore[attr-defined]

    dry_run = forms.BooleanField(
        label=_("Trial run: read and check everything, write nothing"), required=False
    )
    valid_rows_only = forms.BooleanField(
        label=_("Take the valid rows even if some rows are rejected"), required=False
    )


class MappingForm(forms.Form):
    """A mapping's pairs: a column for each field, a code for each value (built from a preview)."""

    name = forms.CharField(label=_("Mapping name"), max_length=120)

    def __init__(
        self,
        *args: Any,
        profile: str,
        preview: Preview,
        mapping: SavedMapping | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        self.mapping = mapping
        headers = [("", _("— as the profile finds it —"))] + [(h, h) for h in preview.headers]
        for use in preview.columns:
            initial = mapping.columns.get(use.field, "") if mapping else ""
            self.fields[f"column-{use.field}"] = forms.ChoiceField(
                label=use.field, choices=headers, required=False, initial=initial
            )
        self.entries = value_entries(profile, preview, mapping)
        for index, (_name, value, vocabulary, initial) in enumerate(self.entries):
            choices = [("", _("— leave unmapped —")), *codes_of(vocabulary)]
            self.fields[f"value-{index}"] = forms.ChoiceField(
                label=value, choices=choices, required=False, initial=initial
            )

    def columns(self) -> dict[str, str]:
        out = {}
        for key, value in self.cleaned_data.items():
            if key.startswith("column-") and value:
                out[key.removeprefix("column-")] = value
        return out

    def values(self) -> dict[str, dict[str, str]]:
        out: dict[str, dict[str, str]] = {}
        for index, (name, value, _vocabulary, _initial) in enumerate(self.entries):
            code = self.cleaned_data.get(f"value-{index}")
            if code:
                out.setdefault(name, {})[value] = code
        return out

    def value_rows(self) -> list[tuple[str, str, Any]]:
        """(field, vocabulary, bound field) for the template, in the entries' order."""
        return [
            (name, vocabulary, self[f"value-{i}"])
            for i, (name, _v, vocabulary, _init) in enumerate(self.entries)
        ]

    def column_rows(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("column-")]


def value_entries(
    profile: str, preview: Preview, mapping: SavedMapping | None
) -> list[tuple[str, str, str, str]]:
    """(field, value, vocabulary, current code): the mapping's pairs, then the preview's unknown values."""
    entries = []
    for name, pairs in sorted((mapping.values if mapping else {}).items()):
        vocabulary = vocabulary_of(profile, name)
        if vocabulary:
            entries += [(name, value, vocabulary, code) for value, code in sorted(pairs.items())]
    known = {(name, value.casefold()) for name, value, _v, _c in entries}
    entries += [
        (u.field, u.value, u.vocabulary, "")
        for u in preview.unknown
        if (u.field, u.value.casefold()) not in known
    ]
    return entries
