"""Sign-in steps (password, then one-time code), lockout, and account administration."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import PasswordChangeView
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from carewatch.accounts import codethrottle, services, twofactor
from carewatch.accounts.decorators import require
from carewatch.accounts.forms import AccountForm, CodeForm
from carewatch.accounts.models import User
from carewatch.accounts.selectors import accounts
from carewatch.audit.services import log_action
from carewatch.lib.lookups import row_or_404


def _signed_in(request: HttpRequest) -> HttpResponse | None:
    """Visitors go to the password step; fully signed-in users have nothing to do here."""
    if not request.user.is_authenticated:
        return redirect("login")
    if request.user.is_verified():  # type: ignore[attr-defined]  # django-otp adds it
        return redirect(_next(request))
    return None


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/incidents/"


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the code (or type the secret), then give the first code."""
    early = _signed_in(request)
    if early is not None:
        return early
    if twofactor.confirmed_device(request.user):
        return redirect(twofactor.next_step(request.user, _next(request)))
    device = twofactor.enrolment_start(user=request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        confirmed = twofactor.confirm_enrolment(user=request.user, code=form.cleaned_data["code"])
        if confirmed is not None:
            otp_login(request, confirmed)
            messages.success(request, _("Two-factor sign-in is set up."))
            return redirect(_next(request))
        form.add_error(
            "code",
            _("That code is not right. Check the time on your phone and try the newest code."),
        )
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, dark="#111", light="#fff")
    secret = twofactor.secret_base32(device)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    context = {"form": form, "qr": qr, "secret": grouped, "next": _next(request)}
    return render(request, "accounts/two_factor_setup.html", context)


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Step two of signing in: the code from the enrolled authenticator app."""
    early = _signed_in(request)
    if early is not None:
        return early
    if not twofactor.confirmed_device(request.user):
        return redirect(twofactor.next_step(request.user, _next(request)))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        user, verdict = request.user, _verify(request, form.cleaned_data["code"])
        if verdict == twofactor.Verdict.RIGHT:
            response = redirect(_next(request))
            codethrottle.remember_browser(request, response, user)
            return response
        if verdict == twofactor.Verdict.SIGNED_OUT:
            messages.error(request, _("Too many wrong codes: sign in again with your password."))
            return redirect("login")
        form.add_error(
            "code",
            _(
                "That code is not right, or too many codes were tried: wait a little and try the newest code."
            ),
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)}
    )


def _verify(request: HttpRequest, code: str) -> str:
    """The code check, with this session's side of it: the verified mark, the wrong-code count
    and, after too many, signing out."""
    outcome = twofactor.verify(
        user=request.user,
        code=code,
        known_browser=codethrottle.is_known_browser(request, request.user),
        session_failures=codethrottle.session_failures(request),
    )
    if outcome.device is not None:
        otp_login(request, outcome.device)
        request.session.pop(codethrottle.SESSION_KEY, None)
    else:
        codethrottle.count_failure(request)
    if outcome.verdict == twofactor.Verdict.SIGNED_OUT:
        logout(request)
    return outcome.verdict


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What django-axes shows after too many failed sign-ins (429)."""
    return render(request, "accounts/locked_out.html", status=429)


@require("account.manage")
def account_list(request: HttpRequest) -> HttpResponse:
    form = AccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.account_create(
                actor=request.user,
                username=data["username"],
                password=data["password"],
                role=data["role"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except services.UsernameTaken:  # taken by another request since the form was checked
            form.add_error("username", _("This username is taken."))
            return render(request, "accounts/list.html", {"rows": _account_rows(), "form": form})
        messages.success(
            request,
            _(
                "Account %(username)s created. They set up two-factor sign-in at their first sign-in."
            )
            % {"username": user.username},
        )
        return redirect("account-list")
    return render(request, "accounts/list.html", {"rows": _account_rows(), "form": form})


def _account_rows() -> list[tuple[User, bool]]:
    """Every account, with whether it has a confirmed authenticator."""
    users = accounts().prefetch_related("totpdevice_set")
    return [(u, any(d.confirmed for d in u.totpdevice_set.all())) for u in users]  # type: ignore[attr-defined]


def _account(pk: int) -> User:
    return row_or_404(accounts(), pk)


@require("account.manage")
@require_POST
def account_active(request: HttpRequest, pk: int) -> HttpResponse:
    """Disable (ending every session) or re-enable an account."""
    user = _account(pk)
    if request.POST.get("active") not in ("0", "1"):
        messages.error(request, _("Nothing was changed."))
        return redirect("account-list")
    active = request.POST.get("active") == "1"
    if user.pk == request.user.pk and not active:
        messages.error(request, _("You cannot disable your own account."))
        return redirect("account-list")
    ended = services.account_set_active(actor=request.user, user=user, active=active)
    if active:
        messages.success(request, _("Account %(username)s enabled.") % {"username": user.username})
    else:
        messages.success(
            request,
            ngettext(
                "Account %(username)s disabled; %(count)d session ended.",
                "Account %(username)s disabled; %(count)d sessions ended.",
                ended,
            )
            % {"username": user.username, "count": ended},
        )
    return redirect("account-list")


@require("account.manage")
@require_POST
def account_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    """Forget an account's authenticator (a lost phone): they enrol again at next sign-in."""
    user = _account(pk)
    if request.POST.get("confirm") != "1":
        messages.error(request, _("Nothing was changed."))
        return redirect("account-list")
    twofactor.reset(actor=request.user, user=user)
    services.sessions_end(actor=request.user, user=user)
    messages.success(
        request, _("Two-factor sign-in reset for %(username)s.") % {"username": user.username}
    )
    return redirect("account-list")


class PasswordChange(PasswordChangeView):
    """Change one's own password (the rules apply; other sessions of the account end)."""

    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("password-changed")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log_action(
            action="carewatch.account.password_changed",
            actor=self.request.user,
            obj=self.request.user,  # type: ignore[arg-type]  # signed in: the view requires it
            after={},
        )
        return response
