"""Sign-in step two (the one-time code) and the administrator's account form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from carewatch.accounts.choices import Role
from carewatch.accounts.models import User
from carewatch.accounts.selectors import free_username


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class AccountForm(forms.Form):
    """A new staff account. The password is checked by the password rules (settings)."""

    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[\w.@+-]+\Z",
        error_messages={"invalid": _("Use letters, digits and @ . + - _ only.")},
    )
    first_name = forms.CharField(label=_("Given name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        strip=False,
        help_text=_("At least 8 characters; long passphrases are welcome."),
    )

    def clean_username(self) -> str:
        """The username as it will be stored (Unicode NFKC: "ｖｅｒｉｆｉｅｒ" and "veriﬁer" are
        "verifier"), refused if an account has it already, in any letter case."""
        username = free_username(self.cleaned_data["username"])
        if username is None:
            raise forms.ValidationError(_("This username is taken."))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password") and data.get("username"):
            probe = User(
                username=data["username"],
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                email=data.get("email", ""),
            )
            try:
                validate_password(data["password"], probe)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data
