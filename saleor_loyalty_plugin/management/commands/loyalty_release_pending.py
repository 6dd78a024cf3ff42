from django.core.management.base import BaseCommand
from django.utils import timezone

from ...hosts import host
from ...program.selectors import active_program_for
from ...tiers.services import release_matured_points


class Command(BaseCommand):
    help = ("Make pending points whose return window has closed available now "
            "(their orders then count toward tiers).")

    def handle(self, *args, **options):
        with host.writer_access():
            moved = release_matured_points(now=timezone.now(), settings_for=active_program_for)
        self.stdout.write("Released %d points." % moved)
