from django.core.management.base import BaseCommand
from django.utils import timezone

from ...hosts import host
from ...ledger.services import release_all_matured


class Command(BaseCommand):
    help = "Make pending points whose return window has closed available now."

    def handle(self, *args, **options):
        with host.writer_access():
            moved = release_all_matured(now=timezone.now())
        self.stdout.write("Released %d points." % moved)
