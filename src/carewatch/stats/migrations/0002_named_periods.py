"""The de-escalation agreements the seed documents speak of ("attacks increased in September
despite the de-escalation agreements"), as reference data every instance starts with, and the
statistics version row."""

import datetime

from django.db import migrations

PERIODS = (
    ("astana-memorandum-2017", datetime.date(2017, 5, 4),
     "Astana memorandum on de-escalation zones",
     "Mémorandum d'Astana sur les zones de désescalade",
     "مذكرة أستانا حول مناطق خفض التصعيد"),
    ("idlib-de-escalation-zone-2017", datetime.date(2017, 9, 15),
     "Idlib de-escalation zone agreed (sixth Astana round)",
     "Zone de désescalade d'Idleb convenue (sixième cycle d'Astana)",
     "الاتفاق على منطقة خفض التصعيد في إدلب (الجولة السادسة من أستانا)"),
    ("sochi-memorandum-2018", datetime.date(2018, 9, 17),
     "Sochi memorandum on the Idlib demilitarised zone",
     "Mémorandum de Sotchi sur la zone démilitarisée d'Idleb",
     "مذكرة سوتشي حول المنطقة منزوعة السلاح في إدلب"),
)


def seed(apps, schema_editor):
    NamedPeriod = apps.get_model("stats", "NamedPeriod")
    StatsVersion = apps.get_model("stats", "StatsVersion")
    for slug, start, en, fr, ar in PERIODS:
        NamedPeriod.objects.get_or_create(slug=slug, defaults={"start": start, "name_en": en, "name_fr": fr, "name_ar": ar, "kind": "agreement"})
    StatsVersion.objects.get_or_create(pk=1)


def unseed(apps, schema_editor):
    apps.get_model("stats", "NamedPeriod").objects.filter(slug__in=[p[0] for p in PERIODS]).delete()


class Migration(migrations.Migration):
    dependencies = [("stats", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
