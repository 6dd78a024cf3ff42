from django.db import migrations, models


class Migration(migrations.Migration):
    """When a journey message's last attempt claimed it: a claim left by a run that died is
    taken again once it is old (journey/delivery.py)."""

    dependencies = [
        ("saleor_loyalty_plugin", "0016_insight_summary"),
    ]

    operations = [
        migrations.AddField(
            model_name="loyaltymessage",
            name="claimed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
    ]
