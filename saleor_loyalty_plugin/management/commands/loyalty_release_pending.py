from django.core.management.base import BaseCommand

from ...services import release_matured_points


class Command(BaseCommand):
    help = "Make pending points whose return window has closed available now."

    def handle(self, *args, **options):
        moved = release_matured_points()
        self.stdout.write("Released %d points." % moved)
