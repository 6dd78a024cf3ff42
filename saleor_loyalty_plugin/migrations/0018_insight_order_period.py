from django.db import migrations, models

# The period queries (figures, Pareto, best customers) read a range of placed_at in a
# channel and need these columns only: an index-only range scan.
PERIOD_INDEX = (
    "CREATE INDEX loyalty_insight_order_period ON loyalty_insight_order "
    "(channel, placed_at) INCLUDE (customer_id, total, country)",
    "DROP INDEX loyalty_insight_order_period",
)


class Migration(migrations.Migration):
    """Insight orders keep the billing country, and are read by period on their own index.

    Run ``loyalty_insights_backfill`` after upgrading: rows written before this
    migration have no country (the best-customer shares by country count them as "").
    """

    dependencies = [
        ("saleor_loyalty_plugin", "0017_message_claimed_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="insightorder",
            name="country",
            field=models.CharField(blank=True, default="", max_length=3),
        ),
        migrations.RunSQL(*PERIOD_INDEX),
    ]
