from django.db import migrations, models

# Index-only range reads for the insight queries: a window of months (retention,
# retention over time) and the first orders (new customers, cohorts).
INDEXES = [
    ("CREATE INDEX loyalty_insight_month_range ON loyalty_insight_month "
     "(channel, month) INCLUDE (customer_id, first_at, last_at, prev_at)",
     "DROP INDEX loyalty_insight_month_range"),
    ("CREATE INDEX loyalty_insight_month_first ON loyalty_insight_month "
     "(channel, first_at) INCLUDE (customer_id, month) WHERE prev_at IS NULL",
     "DROP INDEX loyalty_insight_month_first"),
]


class Migration(migrations.Migration):

    dependencies = [
        ("saleor_loyalty_plugin", "0015_job_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="InsightCustomer",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("email", models.TextField(unique=True)),
            ],
            options={"db_table": "loyalty_insight_customer"},
        ),
        migrations.CreateModel(
            name="InsightOrder",
            fields=[
                ("order_id", models.CharField(max_length=64, primary_key=True, serialize=False)),
                ("channel", models.CharField(max_length=255)),
                ("customer_id", models.BigIntegerField()),
                ("placed_at", models.DateTimeField()),
                ("total", models.DecimalField(decimal_places=3, max_digits=20)),
            ],
            options={"db_table": "loyalty_insight_order"},
        ),
        migrations.AddIndex(
            model_name="insightorder",
            index=models.Index(fields=["channel", "customer_id"],
                               name="loyalty_insight_order_cust"),
        ),
        migrations.CreateModel(
            name="InsightMonth",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("channel", models.CharField(max_length=255)),
                ("customer_id", models.BigIntegerField()),
                ("month", models.DateField()),
                ("orders", models.IntegerField()),
                ("revenue", models.DecimalField(decimal_places=3, max_digits=20)),
                ("first_at", models.DateTimeField()),
                ("last_at", models.DateTimeField()),
                ("prev_at", models.DateTimeField(null=True)),
                ("gap", models.IntegerField()),
                ("first_month", models.DateField()),
            ],
            options={"db_table": "loyalty_insight_month"},
        ),
        migrations.AddConstraint(
            model_name="insightmonth",
            constraint=models.UniqueConstraint(fields=("channel", "customer_id", "month"),
                                               name="loyalty_insight_month_unique"),
        ),
        migrations.CreateModel(
            name="InsightGapCount",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("channel", models.CharField(max_length=255)),
                ("month", models.DateField()),
                ("gap", models.IntegerField()),
                ("customers", models.IntegerField()),
            ],
            options={"db_table": "loyalty_insight_gap_count"},
        ),
        migrations.AddConstraint(
            model_name="insightgapcount",
            constraint=models.UniqueConstraint(fields=("channel", "month", "gap"),
                                               name="loyalty_insight_gap_count_unique"),
        ),
        migrations.CreateModel(
            name="InsightCohortCount",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False,
                                        verbose_name="ID")),
                ("channel", models.CharField(max_length=255)),
                ("cohort", models.DateField()),
                ("month", models.DateField()),
                ("customers", models.IntegerField()),
            ],
            options={"db_table": "loyalty_insight_cohort_count"},
        ),
        migrations.AddConstraint(
            model_name="insightcohortcount",
            constraint=models.UniqueConstraint(fields=("channel", "cohort", "month"),
                                               name="loyalty_insight_cohort_count_unique"),
        ),
    ] + [migrations.RunSQL(create, drop) for create, drop in INDEXES]
