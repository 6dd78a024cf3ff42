"""After the storm: what must hold of the ledger, whatever the interleaving (a subprocess).

Prints one JSON line with every violation found:
- an order that earned more than once;
- a debit other than a clawback that took an available balance below zero
  (replayed in ledger order, which per account is the order of the row locks);
- a redemption that returned more points than it redeemed, whose return rows
  disagree with its count, or that got points back for gift-card value that
  was spent (a redemption never spent returns at most what its card has left);
- a points gift card still usable after its redemption ended.
"""
import json
from collections import defaultdict

import django

django.setup()

from django.db.models import Count  # noqa: E402
from saleor.giftcard.models import GiftCard  # noqa: E402

from saleor_loyalty_plugin.core import balances  # noqa: E402
from saleor_loyalty_plugin.core.redemption import points_for_unspent  # noqa: E402
from saleor_loyalty_plugin.models import LoyaltyRedemption, LoyaltyTransaction  # noqa: E402


def main():
    violations = []
    twice = (LoyaltyTransaction.objects.filter(kind=balances.KIND_EARN).values("order_id")
             .annotate(n=Count("pk")).filter(n__gt=1))
    violations += [{"earned twice": row["order_id"]} for row in twice]

    available = defaultdict(int)
    for row in LoyaltyTransaction.objects.order_by("pk").iterator():
        if row.status != balances.STATUS_AVAILABLE:
            continue
        available[row.account_id] += row.points
        if row.points < 0 and row.kind != balances.KIND_CLAWBACK and available[row.account_id] < 0:
            violations.append({"below zero": row.account_id, "row": row.pk, "kind": row.kind})
    # pending rows that became available count in their own order too; the cached
    # balances are checked against the full fold by loyalty_verify_ledger.

    returned_by_redemption = defaultdict(int)  # keys are "redemption:<pk>:return:<total>"
    for key, points in LoyaltyTransaction.objects.filter(
            kind=balances.KIND_REDEEM_RETURN).values_list("idempotency_key", "points"):
        returned_by_redemption[int(key.split(":")[1])] += points
    cards = {card.code: card for card in GiftCard.objects.filter(
        code__in=LoyaltyRedemption.objects.values("gift_card_code"))}
    for redemption in LoyaltyRedemption.objects.all():
        card = cards.get(redemption.gift_card_code)
        if redemption.points_returned > redemption.points:
            violations.append({"returned more than redeemed": redemption.pk})
        if returned_by_redemption[redemption.pk] != redemption.points_returned:
            violations.append({"return rows disagree": redemption.pk,
                               "rows": returned_by_redemption[redemption.pk],
                               "count": redemption.points_returned})
        if redemption.state == "returned" and not redemption.order_id and card is not None:
            allowed = points_for_unspent(redeemed_points=redemption.points,
                                         amount=redemption.amount,
                                         unspent=card.current_balance_amount)
            if redemption.points_returned > allowed:
                violations.append({"returned spent value": redemption.pk})
        if redemption.state != "held" and card is not None and card.is_active:
            violations.append({"card still usable": redemption.pk})
    print(json.dumps({"violations": violations,
                      "redemptions": LoyaltyRedemption.objects.count(),
                      "rows": LoyaltyTransaction.objects.count()}))


if __name__ == "__main__":
    main()
