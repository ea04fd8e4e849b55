"""One demo login per role, with fixed passwords and authenticator keys that ``carewatch demo`` prints.

These accounts exist so that someone trying the demo can see what each role sees. The
passwords and the two-factor keys are public by design: never run ``carewatch demo`` on a real
instance. ``carewatch totp_code USERNAME`` prints a demo account's current code.
"""

from __future__ import annotations

import base64
import hashlib

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from carewatch.accounts.choices import Role
from carewatch.accounts.models import User
from carewatch.accounts.services import account_create
from carewatch.notices.services import preference_set

DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("documenter", "demo-documenter-2017", Role.FIELD_DOCUMENTER),
    ("documenter2", "demo-documenter2-2017", Role.FIELD_DOCUMENTER),
    ("verifier", "demo-verifier-2017", Role.VERIFIER),
    ("analyst", "demo-analyst-2017", Role.ANALYST),
    ("communications", "demo-communications-2017", Role.COMMUNICATIONS),
    ("campaigner", "demo-campaigner-2017", Role.CAMPAIGNER),
    ("admin", "demo-admin-2017", Role.ADMINISTRATOR),
)


#: Demo accounts whose notifications are also emailed as they come (into ``instance/mail/``).
EMAILED_NOTICES = ("documenter",)


def demo_totp_key(username: str) -> str:
    """The published authenticator key of a demo account (hex, as django-otp stores it)."""
    return hashlib.sha1(
        f"carewatch-demo-totp:{username}".encode(), usedforsecurity=False
    ).hexdigest()


def demo_totp_secret(username: str) -> str:
    """The same key in base32, as authenticator apps take it."""
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode("ascii").rstrip("=")


@transaction.atomic
def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the missing demo accounts (existing ones are left as they are), each with its
    published authenticator enrolled, and list them all."""
    for username, password, role in DEMO_ACCOUNTS:
        user = User.objects.filter(username=username).first() or _create(username, password, role)
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name="demo", key=demo_totp_key(username), confirmed=True
            )
    return [(username, password, str(role)) for username, password, role in DEMO_ACCOUNTS]


def _create(username: str, password: str, role: str) -> User:
    user = account_create(
        actor=None,
        username=username,
        password=password,
        role=role,
        first_name=f"Demo {username}",
        email=f"{username}@demo.carewatch.example",
        check_password=False,
    )  # published demo passwords, not for real use
    if username in EMAILED_NOTICES:
        preference_set(user=user, by_email="each", actor="carewatch demo")
    return user
