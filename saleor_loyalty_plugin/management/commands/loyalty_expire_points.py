"""Run the expiry job now, or as of a moment (catch-up after downtime), or preview it.

The same set-based, rerunnable job as the daily Celery beat task; with
``--dry-run`` it lists who would lose how many points and writes nothing.
"""
import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from ...expiry.selectors import members_with_points_expiring
from ...expiry.services import expire_all_points
from ...hosts import host
from ...program.selectors import active_program_for
from ...tasks import expiry_rule_of
from ...tiers.services import release_matured_points


class Command(BaseCommand):
    help = "Let points past each channel's expiry rule lapse (EXPIRE ledger rows)."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="ISO date-time to run as of (default: now).")
        parser.add_argument("--dry-run", action="store_true", help="List, write nothing.")

    def handle(self, *args, as_of=None, dry_run=False, **options):
        now = timezone.now()
        if as_of:
            now = parse_datetime(as_of)
            if now is None:
                raise CommandError("--as-of must be an ISO date-time, e.g. 2026-01-31T00:00:00Z.")
            if timezone.is_naive(now):
                now = now.replace(tzinfo=datetime.timezone.utc)
        with host.writer_access():
            if dry_run:
                for channel in host.channel_slugs():
                    rule = expiry_rule_of(channel)
                    for member in members_with_points_expiring(
                            channel=channel, rule=rule, within_days=0, now=now) if rule else []:
                        self.stdout.write("%s %s: %d points" % (channel or "-", member.email,
                                                                 member.points))
                return
            release_matured_points(now=now, settings_for=active_program_for)
            taken = expire_all_points(now=now, rules_for=expiry_rule_of,
                                      channels=host.channel_slugs())
        self.stdout.write("Expired %d points." % taken)
