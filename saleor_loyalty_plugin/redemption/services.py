"""Paying with points: hold on the checkout, spend with the order, give back when undone.

Redeemed points leave the available balance at once (so two checkouts can
never spend the same points: the account row lock serialises them) and
become a gift card assigned to the customer on their checkout, which Saleor
combines with a tier voucher.  The redemption follows the checkout and the
order: spent when the order is placed, returned when the checkout is
abandoned or the redemption cancelled, and returned in proportion when the
order is refunded (all of it when cancelled).

Lock order.  Every transaction that moves a redemption takes its row locks
in one order, the order Saleor's own checkout completion uses (checkout row,
then its gift cards), so no two of them can wait on each other:

1. the checkout rows: the redemption's checkout and any other holding its
   card (``host.lock_checkouts_holding``), in primary-key order;
2. the ``LoyaltyRedemption`` row;
3. the ``LoyaltyAccount`` row (``ledger.lock_account``; every ledger write
   re-takes it, which is free once held);
4. the points gift card (``host.withdraw_gift_card``), whose retirement then
   updates the checkouts locked in step 1.

The order sync holds its sync row before step 1 (nothing that holds a
checkout ever waits for a sync row: syncs are dispatched after commit).
Reading the checkout without its lock and updating it later (after the
account and the card) was how a redemption and a completing checkout, or a
redemption and the order sync, deadlocked.

The abandoned-checkout sweep closes a chunk at once in the same order
(``_return_abandoned``: checkouts, redemption rows, accounts by id, cards by id).
"""
from datetime import timedelta
from decimal import Decimal
from typing import Optional, Tuple

from django.db import connection, transaction
from django.db.models import Q

from ..core import redemption as core
from ..core.balances import KIND_REDEEM_RETURN
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..hosts import host
from ..ledger import bulk
from ..ledger import services as ledger
from ..ledger.models import LoyaltyAccount
from ..program.selectors import active_program_for
from ..rewards.codes import new_gift_card_code
from ..rewards.selectors import is_loyalty_code
from .models import LoyaltyRedemption

ABANDONED_AFTER = timedelta(hours=72)


def _held_on(checkout_token: str, *, lock: bool = False) -> Optional[LoyaltyRedemption]:
    held = LoyaltyRedemption.objects.filter(checkout_token=checkout_token,
                                            state=LoyaltyRedemption.STATE_HELD)
    return (held.select_for_update() if lock else held).first()


def lock_redemption_checkouts(checkout_token: str, redemption=None):
    """Step 1 of the lock order: the checkout (returned, or None if gone) and the
    checkouts holding ``redemption``'s card."""
    codes = [redemption.gift_card_code] if redemption is not None else []
    return host.lock_checkouts_holding(checkout_token, codes)


def _checkout_of(user, checkout_token: str, redemption=None):
    """The customer's checkout, locked (with those holding ``redemption``'s card)."""
    checkout = lock_redemption_checkouts(checkout_token, redemption)
    if checkout is None or checkout.user_id != getattr(user, "pk", None):
        raise LoyaltyError("Checkout not found.", code=LoyaltyErrorCode.NOT_FOUND, field="checkoutId")
    return checkout


def _give_back(redemption: LoyaltyRedemption, points: int, *, reason: str, now) -> None:
    """Return ``points`` of the redemption to the balance (ledger row keyed by the running total)."""
    if points <= 0:
        return
    ledger.return_redeemed(
        account_id=redemption.account_id, points=points, reason=reason, now=now,
        order_id=redemption.order_id,
        key="redemption:%s:return:%d" % (redemption.pk, redemption.points_returned + points),
    )
    redemption.points_returned += points
    redemption.save(update_fields=["points_returned", "updated_at"])


def _unspent_return(redemption: LoyaltyRedemption, unspent, *, reason: str) -> Tuple[int, str]:
    """(points worth the card's unspent balance, the ledger reason saying what was spent)."""
    points = core.points_for_unspent(
        redeemed_points=redemption.points, amount=redemption.amount, unspent=unspent)
    if points < redemption.points:
        reason += " (%s %s of the points had already been spent)" % (
            redemption.amount - unspent, redemption.currency)
    return points, reason


def return_unspent(redemption: LoyaltyRedemption, *, reason: str, now, checkout=None) -> int:
    """Close a held redemption: retire its card, give back what nobody spent.

    The card's balance is read under its row lock (the one Saleor takes to
    spend it), so value that paid for an order anywhere never comes back as
    points.  Returns the points given back.  The caller holds the checkouts'
    and the redemption's locks (steps 1-2 of the lock order).
    """
    ledger.lock_account(redemption.account_id)
    unspent = host.withdraw_gift_card(code=redemption.gift_card_code, checkout=checkout)
    points, reason = _unspent_return(redemption, unspent, reason=reason)
    _give_back(redemption, points, reason=reason, now=now)
    redemption.state = LoyaltyRedemption.STATE_RETURNED
    redemption.save(update_fields=["state", "updated_at"])
    return points


def _spend_on_order(held: LoyaltyRedemption, *, order_id: str, order_number: str, now) -> None:
    """The order took the checkout's points: retire the card, return any leftover.

    Saleor spends the card when it creates the order; what the order did not
    need (the checkout got cheaper) would otherwise stay spendable elsewhere.
    """
    ledger.lock_account(held.account_id)
    unspent = host.withdraw_gift_card(code=held.gift_card_code)
    leftover = core.points_for_unspent(
        redeemed_points=held.points, amount=held.amount, unspent=unspent)
    held.state, held.order_id, held.points_unspent = (
        LoyaltyRedemption.STATE_SPENT, order_id, leftover)
    held.save(update_fields=["state", "order_id", "points_unspent", "updated_at"])
    _give_back(held, leftover, now=now,
               reason="Not needed for order #%s (the checkout got cheaper)" % order_number)


def _channel_of(checkout, requested: Optional[str]) -> str:
    """The checkout's own channel: its points and rate pay, whatever a client names."""
    channel = host.checkout_channel(checkout)
    if requested is not None and requested != channel:
        raise LoyaltyError("This checkout belongs to another channel.",
                           code=LoyaltyErrorCode.INVALID, field="channel")
    return channel


@transaction.atomic
def checkout_redeem_points(
    *, user, checkout_token: str, points: int, channel: Optional[str] = None, now
) -> Tuple[LoyaltyAccount, LoyaltyRedemption]:
    """Redeem ``points`` on the customer's checkout (replacing an earlier redemption).

    The points and rules are those of the checkout's channel; ``channel``, when
    given, must be that channel.
    """
    # in the lock order: checkouts, the redemption it replaces, the account
    checkout = _checkout_of(user, checkout_token, _held_on(checkout_token))
    channel = _channel_of(checkout, channel)
    settings = active_program_for(channel)
    if settings is None:
        raise LoyaltyError("The loyalty program is not active.",
                           code=LoyaltyErrorCode.INVALID, field="points")
    previous = _held_on(checkout_token, lock=True)
    account = ledger.get_or_create_account(user=user, channel=channel)
    account = ledger.lock_account(account.pk)
    if previous is not None:
        return_unspent(previous, reason="Replaced by a new redemption", now=now,
                        checkout=checkout)
        account.refresh_from_db()
    allowed, currency = allowed_on_checkout(checkout, settings)
    amount = core.redemption_amount(
        points=points, available=account.points_available, rules=settings.redemption,
        allowed=allowed, currency=currency,
    )
    redemption = hold_points_on_checkout(account=account, checkout=checkout, points=points,
                                         amount=amount, currency=currency, user=user, now=now)
    account.refresh_from_db()
    return account, redemption


def allowed_on_checkout(checkout, settings):
    """(the most points may pay on this checkout now, its currency).

    The same base on every host: the goods after every discount and before
    gift cards, never shipping; a loyalty voucher on it counts against the
    merchant's total loyalty cap.
    """
    goods, voucher_discount, currency = host.checkout_amounts(checkout)
    loyalty_discount = voucher_discount if is_loyalty_code(checkout.voucher_code) else 0
    allowed = core.allowed_amount(
        rules=settings.redemption, order_amount=goods, other_loyalty_discount=loyalty_discount,
        max_discount_percent=settings.max_discount_percent, currency=currency,
    )
    return allowed, currency


def hold_points_on_checkout(*, account, checkout, points, amount, currency, user, now
                            ) -> LoyaltyRedemption:
    """Take the points out of the balance and put a gift card worth them on the checkout."""
    redemption = LoyaltyRedemption.objects.create(
        account=account, checkout_token=str(checkout.token), points=points, amount=amount,
        currency=currency, state=LoyaltyRedemption.STATE_HELD,
        gift_card_code=new_gift_card_code(), created_at=now,
    )
    ledger.redeem(account=account, points=points, key="redemption:%s" % redemption.pk,
                  reason="Paid %s %s with points" % (amount, currency), now=now)
    host.issue_gift_card_on_checkout(
        checkout=checkout, code=redemption.gift_card_code, amount=amount, currency=currency,
        user=user,
    )
    return redemption


@transaction.atomic
def checkout_cancel_redemption(*, user, checkout_token: str, now) -> Optional[LoyaltyAccount]:
    checkout = _checkout_of(user, checkout_token, _held_on(checkout_token))
    redemption = _held_on(checkout_token, lock=True)
    if redemption is None:
        raise LoyaltyError("No points are redeemed on this checkout.",
                           code=LoyaltyErrorCode.NOT_FOUND, field="checkoutId")
    return_unspent(redemption, reason="Redemption cancelled", now=now, checkout=checkout)
    return LoyaltyAccount.objects.get(pk=redemption.account_id)


def order_settle_redemption(*, checkout_token: str, snapshot, now) -> bool:
    """Spend the checkout's redemption on its order; give points back when undone.

    Returns True when the ledger moved.  Orders paid without points (nearly
    all) cost one unlocked existence check.
    """
    is_spent = Q(order_id=snapshot.order_id, state=LoyaltyRedemption.STATE_SPENT)
    is_held = Q(checkout_token=checkout_token, state=LoyaltyRedemption.STATE_HELD)
    relevant = is_spent | is_held if checkout_token else is_spent
    if not LoyaltyRedemption.objects.filter(relevant).exists():
        return False
    moved = False
    with transaction.atomic():
        held = None
        if checkout_token:  # the checkout is gone; a checkout still holding its card is not
            lock_redemption_checkouts(checkout_token, _held_on(checkout_token))
            held = _held_on(checkout_token, lock=True)
        if held is not None:
            _spend_on_order(held, order_id=snapshot.order_id,
                            order_number=snapshot.order_number, now=now)
            moved = held.points_unspent > 0
        for redemption in LoyaltyRedemption.objects.select_for_update().filter(is_spent):
            spent = redemption.points - redemption.points_unspent
            target = redemption.points_unspent + core.points_to_return(
                redeemed_points=spent, paid=snapshot.captured,
                refunded=snapshot.refunded, cancelled=snapshot.is_cancelled,
            )
            delta = target - redemption.points_returned
            if delta > 0:
                reason = ("Order #%s was cancelled" if snapshot.is_cancelled
                          else "Refund on order #%s") % snapshot.order_number
                _give_back(redemption, delta, reason=reason, now=now)
                moved = True
            if redemption.points_returned >= redemption.points:
                redemption.state = LoyaltyRedemption.STATE_RETURNED
                redemption.save(update_fields=["state", "updated_at"])
    return moved


def release_abandoned_redemptions(*, now, chunk_size: int = 500) -> int:
    """Close redemptions whose checkout is gone or was left for 72 hours; returns how many.

    A checkout that is gone because it became an order is not abandoned: its
    redemption is spent on that order (the order's sync may not have run
    yet; rare, closed one at a time as the sync would).  Candidates are
    found a chunk at a time with two set-based queries against Saleor's
    tables; the chunk's abandoned ones are then closed together by
    ``_return_abandoned`` (a constant number of statements per chunk).
    """
    closed = 0
    after_pk = 0
    while True:
        chunk = list(
            LoyaltyRedemption.objects.filter(state=LoyaltyRedemption.STATE_HELD, pk__gt=after_pk)
            .order_by("pk").values_list("pk", "checkout_token", "created_at")[:chunk_size]
        )
        if not chunk:
            return closed
        after_pk = chunk[-1][0]
        tokens = [token for _, token, _ in chunk]
        alive = host.existing_checkout_tokens(tokens)
        ordered = host.order_ids_for_checkout_tokens(set(tokens) - alive)
        abandoned = []
        for pk, token, created_at in chunk:
            if token in alive and created_at > now - ABANDONED_AFTER:
                continue
            if token in ordered:
                closed += _close_ordered(pk, order_id=ordered[token], now=now)
            else:
                abandoned.append(pk)
        closed += _return_abandoned(abandoned, now=now)


def _close_ordered(pk: int, *, order_id: str, now) -> int:
    with transaction.atomic():
        redemption = LoyaltyRedemption.objects.get(pk=pk)
        lock_redemption_checkouts(redemption.checkout_token, redemption)
        redemption = LoyaltyRedemption.objects.select_for_update().get(pk=pk)
        if redemption.state != LoyaltyRedemption.STATE_HELD:
            return 0  # the order's sync or the shopper got there first
        order = host.get_order(order_id)
        number = str(getattr(order, "number", None) or order_id)
        _spend_on_order(redemption, order_id=order_id, order_number=number, now=now)
    return 1


_RETURNS = """
SELECT r.account_id, '{kind}' AS kind, r.points, r.idempotency_key, r.reason,
       NULL::timestamptz AS expiry_cutoff
FROM unnest(%(r_accounts)s::int[], %(r_points)s::int[], %(r_keys)s::text[], %(r_reasons)s::text[])
     AS r(account_id, points, idempotency_key, reason)
""".format(kind=KIND_REDEEM_RETURN)
_MARK_RETURNED = """
UPDATE {table} AS redemption
SET state = %(returned)s, points_returned = redemption.points_returned + r.points,
    updated_at = %(now)s
FROM unnest(%(r_ids)s::int[], %(r_points)s::int[]) AS r(id, points)
WHERE redemption.id = r.id AND redemption.state = %(held)s
""".format(table=LoyaltyRedemption._meta.db_table)


def _return_abandoned(pks, *, now) -> int:
    """Close the held redemptions ``pks`` together, as ``return_unspent`` closes one.

    One transaction per chunk, in the lock order above: the checkouts (those
    of the redemptions and any holding their cards), the redemption rows
    (re-read as held: a cancel or an order sync that got there first has
    closed its row, which is skipped), the accounts in id order, then the
    cards (``host.withdraw_gift_cards``: one locking read, balances as Saleor
    spends them).  The points come back in one ledger write
    (``ledger.bulk.append_selected``, keyed as ``_give_back`` keys one return,
    so a second sweep or a concurrent cancel writes nothing more) and the
    redemptions are marked returned in one UPDATE.
    """
    if not pks:
        return 0
    with transaction.atomic():
        seen = list(LoyaltyRedemption.objects.filter(pk__in=pks, state=LoyaltyRedemption.STATE_HELD)
                    .values_list("checkout_token", "gift_card_code"))
        if not seen:
            return 0
        host.lock_checkouts_for_gift_cards([t for t, _ in seen], [c for _, c in seen])
        held = list(LoyaltyRedemption.objects.select_for_update()
                    .filter(pk__in=pks, state=LoyaltyRedemption.STATE_HELD).order_by("pk"))
        if not held:
            return 0
        account_ids = sorted({redemption.account_id for redemption in held})
        bulk.lock_accounts(account_ids)
        unspent = host.withdraw_gift_cards([redemption.gift_card_code for redemption in held])
        ids, accounts, points, keys, reasons = [], [], [], [], []
        for redemption in held:
            returned, reason = _unspent_return(
                redemption, unspent.get(redemption.gift_card_code, Decimal("0")),
                reason="Checkout abandoned")
            ids.append(redemption.pk)
            accounts.append(redemption.account_id)
            points.append(returned)
            keys.append("redemption:%s:return:%d" % (
                redemption.pk, redemption.points_returned + returned))
            reasons.append(reason)
        params = {"r_ids": ids, "r_accounts": accounts, "r_points": points, "r_keys": keys,
                  "r_reasons": reasons}
        bulk.append_selected(account_ids=account_ids, candidates=_RETURNS, params=params, now=now)
        with connection.cursor() as cursor:
            cursor.execute(_MARK_RETURNED, dict(
                params, now=now, returned=LoyaltyRedemption.STATE_RETURNED,
                held=LoyaltyRedemption.STATE_HELD))
    return len(held)
