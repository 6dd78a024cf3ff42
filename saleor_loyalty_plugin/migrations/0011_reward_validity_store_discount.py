from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("saleor_loyalty_plugin", "0010_order_sync_outbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="loyaltyreward",
            name="valid_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="loyaltyreward",
            name="suspended",
            field=models.BooleanField(default=False),
        ),
        migrations.CreateModel(
            name="LoyaltyStoreDiscount",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("channel", models.CharField(max_length=255, unique=True)),
                ("reference", models.CharField(blank=True, default="", max_length=64)),
                ("percent", models.DecimalField(decimal_places=2, default=0, max_digits=6)),
                ("min_spent", models.DecimalField(decimal_places=4, default=0, max_digits=20)),
                ("label", models.CharField(blank=True, default="", max_length=255)),
                ("is_active", models.BooleanField(default=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
            ],
        ),
    ]
