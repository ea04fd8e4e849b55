from django.contrib.auth import views as auth_views
from django.urls import path

from carewatch.accounts import views
from carewatch.accounts.decorators import require

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path(
        "password/", require("account.self")(views.PasswordChange.as_view()), name="password-change"
    ),
    path(
        "password/done/",
        require("account.self")(
            auth_views.PasswordChangeDoneView.as_view(
                template_name="accounts/password_changed.html"
            )
        ),
        name="password-changed",
    ),
    path("manage/", views.account_list, name="account-list"),
    path("<int:pk>/active/", views.account_active, name="account-active"),
    path(
        "<int:pk>/two-factor/reset/",
        views.account_reset_two_factor,
        name="account-two-factor-reset",
    ),
]
