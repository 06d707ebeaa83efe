"""DataVersion now belongs to the core app; its table and row stay where they are."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0002_data_version"),
        ("core", "0001_data_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="DataVersion")],
            database_operations=[],
        ),
    ]
