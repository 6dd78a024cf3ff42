from django.core.management.base import BaseCommand

from ...ledger.verification import find_mismatches, recalculate


class Command(BaseCommand):
    help = "Rewrite cached balances from the ledger. Dry run unless --force."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Write the fixes.")

    def handle(self, *args, force=False, **options):
        mismatches = find_mismatches()
        for account, expected in mismatches:
            if force:
                recalculate(account.pk)
            self.stdout.write(
                "%s %s -> %d/%d/%d"
                % ("Fixed" if force else "Would fix", account, expected.available,
                   expected.pending, expected.lifetime)
            )
        if not mismatches:
            self.stdout.write("Nothing to do.")
