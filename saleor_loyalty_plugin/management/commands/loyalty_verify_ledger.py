"""Compare every account's cached balances with a replay of its ledger.

It reports and exits non-zero on a mismatch; it never repairs (that is
``loyalty_recalculate --force``), so an operator sees drift before anything
changes customers' balances.
"""
from django.core.management.base import BaseCommand, CommandError

from ...ledger.verification import find_expiry_problems, find_mismatches


class Command(BaseCommand):
    help = "Check cached loyalty balances against the ledger (read-only)."

    def handle(self, *args, **options):
        mismatches = find_mismatches()
        for account, expected in mismatches:
            self.stdout.write(
                "%s: cached available=%d pending=%d lifetime=%d, ledger says %d/%d/%d"
                % (
                    account,
                    account.points_available,
                    account.points_pending,
                    account.points_lifetime,
                    expected.available,
                    expected.pending,
                    expected.lifetime,
                )
            )
        expiry_problems = find_expiry_problems()
        for account, row, took, due in expiry_problems:
            self.stdout.write("%s: expiry #%d on %s took %d points, the lots say %d were expirable"
                              % (account, row.pk, row.created_at.date(), took, due))
        if mismatches:
            raise CommandError("%d account(s) disagree with the ledger." % len(mismatches))
        if expiry_problems:
            raise CommandError("%d expiry row(s) disagree with a replay of the lots."
                               % len(expiry_problems))
        self.stdout.write("All loyalty balances match the ledger.")
