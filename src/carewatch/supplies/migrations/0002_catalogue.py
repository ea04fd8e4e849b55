"""The seeded catalogue (carewatch.supplies.catalogue)."""

from typing import Any

from django.db import migrations

from carewatch.supplies.catalogue import seed as seed_catalogue


def seed(apps: Any, schema_editor: Any) -> None:
    seed_catalogue(apps.get_model("supplies", "ItemGroup"), apps.get_model("supplies", "Item"))


class Migration(migrations.Migration):
    dependencies = [("supplies", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
