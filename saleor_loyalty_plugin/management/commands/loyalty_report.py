"""Merchant insights for a date range, for spreadsheets and scripts.

``loyalty_report --from 2024-01-01 --to 2024-03-31 --channel default-channel
--format csv`` prints the headline figures as ``metric,value`` rows; ``json``
adds the cohort table, members per tier and every health provider's figures;
``--best-customers`` prints the best-customers list as CSV instead.
Definitions: README "Merchant insights".
"""
import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError

from ...core.errors import LoyaltyError
from ...core.insights import PERIOD_CUSTOM
from ...insights import report
from ...insights.scope import insight_scope


def _day(text):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise CommandError("Dates are YYYY-MM-DD, got %r." % text)


class Command(BaseCommand):
    help = ("Retention, repeat purchase, best customers and program health for a date range "
            "(both days included, shop time zone).")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="first", required=True, help="First day, YYYY-MM-DD.")
        parser.add_argument("--to", dest="last", required=True, help="Last day, YYYY-MM-DD.")
        parser.add_argument("--channel", default=None,
                            help="Channel slug; omitted: every channel (one currency).")
        parser.add_argument("--format", choices=("csv", "json"), default="csv")
        parser.add_argument("--best-customers", action="store_true",
                            help="Print the best-customers list (CSV) instead.")

    def handle(self, *args, **options):
        try:
            scope = insight_scope(channel=options["channel"], period=PERIOD_CUSTOM,
                                  first=_day(options["first"]), last=_day(options["last"]))
        except LoyaltyError as error:
            raise CommandError("%s: %s" % (error.field, error.message))
        if options["best_customers"]:
            for line in report.best_customers_csv(scope):
                self.stdout.write(line, ending="")
        elif options["format"] == "json":
            self.stdout.write(json.dumps(report.report(scope), indent=2))
        else:
            self.stdout.write(report.figures_csv(scope), ending="")
