"""Refer a friend: the claim (friend's welcome points) and the referrer's later reward.

The storefront calls ``loyaltyClaimReferral(code)`` as the friend, signed in
right after registering (a mutation, not account metadata: metadata is
written by the customer at any time and reaches no hook we can trust).
Refused: a code of one's own, or of someone sharing one's e-mail mailbox,
an address or a phone; a customer who has ordered already; a second claim
(the friend column is unique, so retries and races pay once); a referrer
past the merchant's monthly limit (counted under a lock on the referrer's
profile).  The referrer is paid once the friend's first paid order is past
the return window, after checking the household again with the order's
addresses, which a friend rarely has at registration.
"""
import logging
from datetime import datetime, timedelta
from typing import Callable

from django.db import IntegrityError, transaction

from ..core import bonuses as core
from ..core.balances import (KIND_CLAWBACK, KIND_EARN, KIND_REFERRAL_REWARD,
                             KIND_REFERRAL_WELCOME, STATUS_AVAILABLE)
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..bonuses.models import LoyaltyProfile
from ..bonuses.services import profile_for
from ..hosts import host
from ..ledger import services as ledger
from ..ledger.models import LoyaltyTransaction
from .models import STATUS_CLAIMED, STATUS_REFUSED, STATUS_REWARDED, LoyaltyReferral

logger = logging.getLogger(__name__)
# Only a new customer can be referred: registered this recently and no order yet.
NEW_CUSTOMER_DAYS = 30
REWARD_CHUNK = 500


def _refuse(message, code, field="code"):
    return LoyaltyError(message, code=code, field=field)


def identity_of(user):
    """Normalized e-mail, phones and addresses: what makes two accounts one household."""
    email, addresses = host.user_identity_facts(user)
    values = {core.normalized_email(email)}
    for street, postal_code, country, phone in addresses:
        values.add(core.normalized_address(street, postal_code, country))
        values.add(core.normalized_phone(phone))
    return values


def _check_new_customer(friend, channel, now):
    joined = getattr(friend, "date_joined", None)
    recent = joined is None or joined >= now - timedelta(days=NEW_CUSTOMER_DAYS)
    if not recent or host.recent_orders_for_user(friend, channel, 1):
        raise _refuse("Referral codes are for new customers, before their first order.",
                      LoyaltyErrorCode.REFERRAL_NOT_NEW_CUSTOMER)


def customer_claim_referral(*, friend, code: str, channel: str, settings, now: datetime):
    """The friend registers with ``code``: record the referral, pay the welcome points."""
    rules = settings.bonuses if settings is not None else None
    if rules is None or not rules.referrals_on:
        raise _refuse("This shop has no referral program.", LoyaltyErrorCode.REFERRAL_UNAVAILABLE)
    if not host.user_is_confirmed(friend):
        raise _refuse("Confirm your e-mail address first.",
                      LoyaltyErrorCode.ACCOUNT_NOT_CONFIRMED)
    referrer_profile = LoyaltyProfile.objects.select_related("user").filter(
        referral_code=(code or "").strip().upper()).first()
    if referrer_profile is None:
        raise _refuse("No customer has this referral code.", LoyaltyErrorCode.REFERRAL_CODE_UNKNOWN)
    referrer = referrer_profile.user
    if referrer.pk == friend.pk or core.shares_identity(identity_of(referrer), identity_of(friend)):
        raise _refuse("You cannot use your own referral code.", LoyaltyErrorCode.REFERRAL_SELF)
    if LoyaltyReferral.objects.filter(friend=friend).exists():
        raise _refuse("You have already used a referral code.",
                      LoyaltyErrorCode.REFERRAL_ALREADY_CLAIMED)
    _check_new_customer(friend, channel, now)
    try:
        with transaction.atomic():
            referral = _record(referrer_profile, friend=friend, channel=channel, rules=rules,
                               now=now)
    except IntegrityError:  # a concurrent claim by the same friend won
        raise _refuse("You have already used a referral code.",
                      LoyaltyErrorCode.REFERRAL_ALREADY_CLAIMED)
    return referral


def _record(referrer_profile, *, friend, channel, rules, now):
    LoyaltyProfile.objects.select_for_update().get(pk=referrer_profile.pk)
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    this_month = LoyaltyReferral.objects.filter(referrer_id=referrer_profile.user_id,
                                                created_at__gte=month_start).count()
    if this_month >= rules.referral_monthly_limit:
        raise _refuse("This code has been used as often as allowed this month; try again "
                      "next month.", LoyaltyErrorCode.REFERRAL_LIMIT_REACHED)
    referral = LoyaltyReferral.objects.create(
        referrer_id=referrer_profile.user_id, friend=friend, channel=channel,
        code=referrer_profile.referral_code, created_at=now)
    if rules.referral_welcome_points:
        account = ledger.get_or_create_account(user=friend, channel=channel)
        ledger.grant_bonus(account=account, kind=KIND_REFERRAL_WELCOME,
                            points=rules.referral_welcome_points,
                            key="referral-welcome:%s" % friend.pk,
                            reason="Welcome! A friend referred you.", now=now)
    return referral


def _first_order_settled(referral) -> bool:
    """The friend's first order that earned, past the return window and not all refunded."""
    earns = LoyaltyTransaction.objects.filter(
        account__user_id=referral.friend_id, account__channel=referral.channel, kind=KIND_EARN,
    ).order_by("created_at")
    first = earns.first()
    if first is None or first.status != STATUS_AVAILABLE:
        return False
    clawed = sum(LoyaltyTransaction.objects.filter(order_id=first.order_id, kind=KIND_CLAWBACK)
                 .values_list("points", flat=True))
    return first.points + clawed > 0


def reward_due_referrals(*, now: datetime, settings_for: Callable) -> int:
    """Pay every referrer whose friend's first paid order has settled; rerunnable."""
    paid = 0
    waiting = LoyaltyReferral.objects.filter(status=STATUS_CLAIMED).select_related(
        "referrer", "friend").order_by("pk")[:REWARD_CHUNK]
    for referral in waiting:
        settings = settings_for(referral.channel)
        if settings is None or not _first_order_settled(referral):
            continue
        with transaction.atomic():
            paid += _reward(referral, points=settings.bonuses.referral_reward_points, now=now)
    return paid


def _reward(referral, *, points, now) -> int:
    referral = LoyaltyReferral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != STATUS_CLAIMED:
        return 0
    if core.shares_identity(identity_of(referral.referrer), identity_of(referral.friend)):
        referral.status, referral.refused_reason = STATUS_REFUSED, "same household"
        referral.save(update_fields=["status", "refused_reason"])
        logger.info("Loyalty referral %s refused: the friend shares the referrer's address",
                    referral.pk)
        return 0
    row = None
    if points:
        account = ledger.get_or_create_account(user=referral.referrer, channel=referral.channel)
        row = ledger.grant_bonus(account=account, kind=KIND_REFERRAL_REWARD, points=points,
                                  key="referral-reward:%s" % referral.pk,
                                  reason="Thank you for referring a friend!",
                                  now=now)
    referral.status, referral.rewarded_at = STATUS_REWARDED, now
    referral.save(update_fields=["status", "rewarded_at"])
    return row.points if row is not None else 0


def referral_code_for(user) -> str:
    return profile_for(user).referral_code
