from django import forms
from django.utils.translation import gettext_lazy as _

from carewatch.notices.choices import ByEmail


class PreferenceForm(forms.Form):
    by_email = forms.ChoiceField(
        label=_("Email me my notifications"), choices=ByEmail.choices, widget=forms.RadioSelect
    )
