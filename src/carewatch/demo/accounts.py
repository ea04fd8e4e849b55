"""One demo login per role, with fixed passwords that ``carewatch demo`` prints.

These accounts exist so that someone trying the demo can see what each role sees. The
passwords are public by design: never run ``carewatch demo`` on a real instance.
"""

from __future__ import annotations

from django.db import transaction

from carewatch.accounts.choices import Role
from carewatch.accounts.models import User
from carewatch.accounts.services import account_create

DEMO_ACCOUNTS: tuple[tuple[str, str, str], ...] = (
    ("documenter", "demo-documenter-2017", Role.FIELD_DOCUMENTER),
    ("documenter2", "demo-documenter2-2017", Role.FIELD_DOCUMENTER),
    ("verifier", "demo-verifier-2017", Role.VERIFIER),
    ("analyst", "demo-analyst-2017", Role.ANALYST),
    ("communications", "demo-communications-2017", Role.COMMUNICATIONS),
    ("admin", "demo-admin-2017", Role.ADMINISTRATOR),
)


@transaction.atomic
def create_demo_accounts() -> list[tuple[str, str, str]]:
    """Create the missing demo accounts (existing ones are left as they are) and list them all."""
    for username, password, role in DEMO_ACCOUNTS:
        if not User.objects.filter(username=username).exists():
            _create(username, password, role)
    return [(username, password, str(role)) for username, password, role in DEMO_ACCOUNTS]


def _create(username: str, password: str, role: str) -> User:
    return account_create(actor=None, username=username, password=password, role=role, first_name=f"Demo {username}")
