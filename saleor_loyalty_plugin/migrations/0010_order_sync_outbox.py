from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("saleor_loyalty_plugin", "0009_redemption_points_unspent"),
    ]

    operations = [
        migrations.CreateModel(
            name="LoyaltyOrderSync",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("order_id", models.CharField(max_length=64, unique=True)),
                ("requested_at", models.DateTimeField()),
                ("synced_at", models.DateTimeField(blank=True, null=True)),
                ("failures", models.PositiveIntegerField(default=0)),
                ("last_error", models.TextField(blank=True, default="")),
            ],
        ),
        migrations.AddIndex(
            model_name="loyaltyordersync",
            index=models.Index(fields=["requested_at"], name="loyalty_sync_requested_idx"),
        ),
        migrations.CreateModel(
            name="LoyaltyJobCursor",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("name", models.CharField(max_length=64, unique=True)),
                ("position", models.DateTimeField()),
            ],
        ),
    ]
