"""The public registration forms (a ticket by name, or a count with an optional address), and
staff's payment form. Ticket choices come from the view: forms never read the database."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from carewatch.supporters.forms_public import GuardedForm

#: The words beside the choices, as shown (recorded with each choice: a new wording needs a new
#: services.CONSENT_VERSION).
CONTACT_WORDS = _("Yes, you may email me about this campaign and how it goes. (Optional)")
UPDATES_WORDS = _("Send me updates about this event at this address.")


class RegisterForm(GuardedForm):
    """A ticket in one's name: ``tickets`` are (id, label) of the kinds on sale."""

    ticket = forms.TypedChoiceField(label=_("Ticket"), coerce=int, widget=forms.RadioSelect)
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your email"), max_length=254)
    contact = forms.BooleanField(label=CONTACT_WORDS, required=False)

    def __init__(self, *args: Any, tickets: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ticket"].choices = tickets  # type: ignore[attr-defined]
        if not tickets:
            del self.fields["ticket"]
        elif len(tickets) == 1:
            self.fields["ticket"].initial = tickets[0][0]
        self.fields["email"].widget.attrs.update({"dir": "ltr", "autocomplete": "email"})
        self.fields["name"].widget.attrs.update({"dir": "auto", "autocomplete": "name"})
        self.order_fields(["ticket", "name", "email", "contact"])


class CountForm(GuardedForm):
    """Count me in, and nothing that names me; an address for updates only if I give one."""

    email = forms.EmailField(
        label=_("Your email, for updates (optional)"), max_length=254, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"dir": "ltr", "autocomplete": "email"})
        self.fields["email"].help_text = UPDATES_WORDS


class PaymentForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment reference (transfer, cheque number…)"), max_length=100
    )


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the log)"), max_length=300)
