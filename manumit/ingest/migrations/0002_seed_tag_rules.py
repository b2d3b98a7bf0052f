from django.db import migrations

from manumit.ingest.suggest.seeding import load_tag_rules, unload_tag_rules


def seed(apps, schema_editor):
    load_tag_rules(apps)


def unseed(apps, schema_editor):
    unload_tag_rules(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0001_initial"),
        ("catalog", "0002_seed_vocabularies"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
