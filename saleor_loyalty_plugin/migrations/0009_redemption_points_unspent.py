from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("saleor_loyalty_plugin", "0008_reward_kind_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="loyaltyredemption",
            name="points_unspent",
            field=models.PositiveIntegerField(default=0),
        ),
    ]
