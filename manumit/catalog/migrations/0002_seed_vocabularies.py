from django.db import migrations

from manumit.catalog.seeding import load_geography, load_taxonomies


def seed(apps, schema_editor):
    load_taxonomies(apps)
    load_geography(apps)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
