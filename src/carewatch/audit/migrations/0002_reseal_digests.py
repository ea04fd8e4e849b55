"""Re-seal entries written with unkeyed digests (see carewatch/audit/sealing.py)."""

from typing import Any

from django.db import migrations


def reseal_old_digests(apps: Any, schema_editor: Any) -> None:
    from carewatch.audit.sealing import reseal

    reseal(apps.get_model("audit", "AuditEntry"), actor_label="migration audit 0002",
           reason="Unkeyed digests of restricted values replaced by keyed ones.")


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(reseal_old_digests, migrations.RunPython.noop)]
