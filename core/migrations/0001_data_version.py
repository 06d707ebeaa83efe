"""DataVersion, taken over from the sources app with its table (`sources_dataversion`).

On a new database the sources app's migration 0002 creates the table; this one only
records, in the migration state, that the model is core's.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("sources", "0002_data_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="DataVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.PositiveBigIntegerField(default=0)),
                        ("changed_at", models.DateTimeField(blank=True, null=True)),
                    ],
                    options={
                        "db_table": "sources_dataversion",
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("pk", 1)),
                                name="data_version_is_a_singleton",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
