"""Send the after-sale messages due as of a moment: catch up after downtime, or preview.

``--as-of 2026-12-01T09:00`` sends what was due then (still once each);
``--dry-run`` lists what would go out and sends, issues and logs nothing.
"""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ...hosts import host
from ...journey.services import run_journey
from ...program.selectors import active_program_for


class Command(BaseCommand):
    help = "Send the after-sale journey's messages that are due (each at most once)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", dest="as_of", help="ISO date-time; default now.")
        parser.add_argument("--dry-run", action="store_true",
                            help="List what would be sent; send and change nothing.")

    def handle(self, *args, as_of=None, dry_run=False, **options):
        now = timezone.now()
        if as_of:
            now = parse_datetime(as_of)
            if now is None:
                raise CommandError("--as-of must be an ISO date-time, e.g. 2026-12-01T09:00.")
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        with host.writer_access():
            report = run_journey(now=now, settings_for=active_program_for, dry_run=dry_run)
        for item in report.planned:
            self.stdout.write("%s %s to %s (%s)" % (
                "would send" if dry_run else "sent", item["message"], item["email"],
                item["reference"]))
        total = sum(report.sent.values())
        self.stdout.write("%s %d message(s) as of %s." % (
            "Would send" if dry_run else "Sent", total, now.isoformat()))
