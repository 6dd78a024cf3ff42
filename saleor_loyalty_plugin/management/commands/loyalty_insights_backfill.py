import time

from django.core.management.base import BaseCommand

from ...insights import summary


class Command(BaseCommand):
    help = ("Rebuild the insight summary (customer months) from Saleor's paid orders: once "
            "after installing the plugin, and after changing TIME_ZONE. The order sync keeps "
            "it up to date afterwards.")

    def handle(self, *args, **options):
        started = time.monotonic()
        counted = summary.rebuild()
        self.stdout.write("Insight summary rebuilt from %d paid orders in %.1f s." % (
            counted, time.monotonic() - started))
