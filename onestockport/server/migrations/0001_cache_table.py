"""The database cache's table (CACHES in config/settings/base.py), made by `migrate` like every other table.

`createcachetable` makes the table of each database-backed cache that lacks one and does nothing for
other backends (Redis), so running it here keeps `migrate` the one step a new or upgraded site needs.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor) -> None:
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop, elidable=False)]
