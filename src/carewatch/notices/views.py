"""The bell's page (one's notices, newest first), opening one, marking all read, choosing how
they are emailed; and the one-click stop link of the messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from carewatch.accounts.decorators import page_of, require
from carewatch.lib.lookups import row_or_404
from carewatch.notices.choices import ByEmail
from carewatch.notices.forms import PreferenceForm
from carewatch.notices.mailer import stop_user
from carewatch.notices.present import shown
from carewatch.notices.selectors import FUNCTION, by_email_of, notices_for
from carewatch.notices.services import NoAddress, notices_mark_read, preference_set


@require(FUNCTION)
def notice_list(request: HttpRequest) -> HttpResponse:
    rows = notices_for(request.user)
    if request.GET.get("show") == "unread":
        rows = rows.filter(read_at=None)
    page = page_of(request, rows)
    context = {
        "page": page,
        "items": shown(list(page.object_list)),
        "unread_only": request.GET.get("show") == "unread",
        "by_email": ByEmail(by_email_of(request.user)).label,
    }
    return render(request, "notices/list.html", context)


@require(FUNCTION)
@require_POST
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notice read and go to the record it is about."""
    rows = notices_for(request.user)
    notice = row_or_404(rows, pk)
    notices_mark_read(notices=rows.filter(pk=notice.pk))
    return redirect(shown([notice])[0].url)


@require(FUNCTION)
@require_POST
def notice_read_all(request: HttpRequest) -> HttpResponse:
    marked = notices_mark_read(notices=notices_for(request.user))
    if marked:
        messages.success(request, _("All your notifications are marked read."))
    return redirect("notice-list")


@require(FUNCTION)
def notice_settings(request: HttpRequest) -> HttpResponse:
    form = PreferenceForm(request.POST or None, initial={"by_email": by_email_of(request.user)})
    if request.method == "POST" and form.is_valid():
        try:
            preference_set(user=request.user, by_email=form.cleaned_data["by_email"])
        except NoAddress:
            form.add_error(
                "by_email",
                _("Your account has no email address: an administrator can add one."),
            )
        else:
            messages.success(request, _("Saved."))
            return redirect("notice-list")
    return render(request, "notices/settings.html", {"form": form})


# A one-click stop (RFC 8058) comes from a mail program, with no session and no CSRF token: the
# signed token in the address is the credential, and all it can do is stop these messages.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def notice_stop(request: HttpRequest, token: str) -> HttpResponse:
    user_id = stop_user(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "notices/stop.html", {"invalid": True}, status=404)
    if request.method == "POST":
        preference_set(user=user, by_email=ByEmail.NEVER, actor="stop link")
        return render(request, "notices/stop.html", {"stopped": True})
    return render(request, "notices/stop.html", {})
