"""Signup and birthday bonuses, and the profile facts they rest on.

A signup bonus is paid when the account has proved it owns its e-mail (the
same moment guest orders are credited: anyone could register an address),
once per customer and channel.  A birthday bonus is paid by a daily job,
once per member, channel and year, from a birth date the customer can set
exactly once.
"""
import calendar
import secrets
from datetime import date, datetime, timedelta
from typing import Callable, Optional

from django.db import IntegrityError, transaction
from django.utils import timezone

from ..core import bonuses as core
from ..core.balances import KIND_BIRTHDAY_BONUS, KIND_SIGNUP_BONUS
from ..core.errors import LoyaltyError, LoyaltyErrorCode
from ..hosts import host
from ..ledger import bulk
from ..ledger import services as ledger
from ..ledger.models import LoyaltyAccount
from .models import LoyaltyProfile

# Unambiguous letters and digits (no 0/O, 1/I/L) for codes people type.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
# A birthday the daily job missed (downtime) is still paid this many days late.
BIRTHDAY_CATCH_UP_DAYS = 6


def profile_for(user) -> LoyaltyProfile:
    """The customer's profile with a referral code, created safely under concurrency."""
    profile = LoyaltyProfile.objects.filter(user=user).first()
    if profile is None:
        try:
            with transaction.atomic():
                profile = LoyaltyProfile.objects.create(user=user)
        except IntegrityError:
            profile = LoyaltyProfile.objects.get(user=user)
    while not profile.referral_code:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        try:
            with transaction.atomic():
                LoyaltyProfile.objects.filter(pk=profile.pk, referral_code=None).update(
                    referral_code=code)
        except IntegrityError:  # another customer's code: draw again
            continue
        profile.refresh_from_db()  # ours, or the one a concurrent request set first
    return profile


@transaction.atomic
def customer_set_birth_date(*, user, birth_date: date, now: datetime) -> LoyaltyProfile:
    """Record the birth date once; a second, different date is refused."""
    core.check_birth_date(birth_date, today=now.date())
    profile = LoyaltyProfile.objects.select_for_update().get(pk=profile_for(user).pk)
    if profile.birth_date is not None:
        if profile.birth_date == birth_date:
            return profile  # a retried request
        raise LoyaltyError(
            "Your date of birth is already set; ask the shop if it is wrong.",
            code=LoyaltyErrorCode.BIRTH_DATE_ALREADY_SET, field="birthDate")
    profile.birth_date, profile.birth_date_set_at = birth_date, now
    profile.save(update_fields=["birth_date", "birth_date_set_at"])
    return profile


def customer_signup_bonus(*, user_id, settings_for: Callable, now: Optional[datetime] = None):
    """Pay the signup bonus in every channel that has one, once the account is confirmed."""
    now = now or timezone.now()
    user = host.get_user(user_id)
    if user is None or not host.user_is_confirmed(user):
        return 0
    joined = getattr(user, "date_joined", None)
    if joined is not None and joined < now - timedelta(days=core.SIGNUP_BONUS_MAX_AGE_DAYS):
        return 0  # an old account saved again, not a signup
    paid = 0
    for channel in host.channel_slugs():
        settings = settings_for(channel)
        if settings is None or not settings.bonuses.signup_points:
            continue
        account = ledger.get_or_create_account(user=user, channel=channel)
        row = ledger.grant_bonus(
            account=account, kind=KIND_SIGNUP_BONUS, points=settings.bonuses.signup_points,
            key="signup:%s:%s" % (user.pk, channel), reason="Welcome to our loyalty program!",
            now=now)
        paid += row.points if row is not None else 0
    return paid


BIRTHDAY_CANDIDATES = """
SELECT account.id AS account_id, %(kind)s AS kind, %(points)s AS points,
       'birthday:' || account.id || ':' || %(year)s AS idempotency_key,
       %(reason)s AS reason, NULL::timestamptz AS expiry_cutoff
FROM {accounts} AS account JOIN {profiles} AS profile ON profile.user_id = account.user_id
WHERE account.id = ANY(%(account_ids)s)
  AND to_char(profile.birth_date, 'MM-DD') = ANY(%(month_days)s)
"""


def _month_days(day: date):
    """Birth dates celebrated on ``day`` as 'MM-DD' (29 February on the 28th in common years)."""
    days = [day.strftime("%m-%d")]
    if core.birthday_in(day.year, date(2000, 2, 29)) == day and not calendar.isleap(day.year):
        days.append("02-29")
    return days


def pay_birthday_bonuses(*, now: datetime, settings_for: Callable, channels) -> int:
    """Members celebrating today, or on the last few days the job missed, get the bonus once."""
    sql = BIRTHDAY_CANDIDATES.format(accounts=bulk.ACCOUNTS,
                                     profiles=LoyaltyProfile._meta.db_table)
    paid = 0
    for channel in channels:
        settings = settings_for(channel)
        if settings is None or not settings.bonuses.birthday_points:
            continue
        members = LoyaltyAccount.objects.filter(channel=channel,
                                                user__loyalty_profile__birth_date__isnull=False)
        for back in range(BIRTHDAY_CATCH_UP_DAYS + 1):
            day = now.date() - timedelta(days=back)
            params = {"kind": KIND_BIRTHDAY_BONUS, "points": settings.bonuses.birthday_points,
                      "year": str(day.year), "reason": "Happy birthday!",
                      "month_days": _month_days(day)}
            for account_ids in bulk.account_id_chunks(members, size=1000):
                paid += bulk.append_selected(account_ids=account_ids, candidates=sql,
                                             params=params, now=now)
    return paid
