from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("saleor_loyalty_plugin", "0011_reward_validity_store_discount"),
    ]

    operations = [
        migrations.AddField(
            model_name="loyaltypunch",
            name="units_voided",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
