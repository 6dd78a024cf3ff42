"""Balances are a fold over the ledger; the cached columns must equal this fold.

Kept in the core so that the ledger writer, the ``loyalty_verify_ledger``
command and the tests all use one definition of "balance".
"""
from dataclasses import dataclass
from typing import Iterable, Tuple

KIND_EARN = "earn"
KIND_CLAWBACK = "clawback"
KIND_ADJUST = "adjust"
KIND_REDEEM = "redeem"
KIND_REDEEM_RETURN = "redeem_return"
# Points for answering the after-sale survey (one per order, journey/survey.py).
KIND_SURVEY_BONUS = "survey_bonus"
# Points that lapsed under the merchant's expiry rule (core/expiry.py).
KIND_EXPIRE = "expire"
# Bonuses, each a kind of its own so reports and the unique keys tell them apart.
KIND_SIGNUP_BONUS = "signup_bonus"
KIND_BIRTHDAY_BONUS = "birthday_bonus"
KIND_REFERRAL_WELCOME = "referral_welcome"
KIND_REFERRAL_REWARD = "referral_reward"
BONUS_KINDS = (KIND_SIGNUP_BONUS, KIND_BIRTHDAY_BONUS, KIND_REFERRAL_WELCOME,
               KIND_REFERRAL_REWARD, KIND_SURVEY_BONUS)
KINDS = (KIND_EARN, KIND_CLAWBACK, KIND_ADJUST, KIND_REDEEM, KIND_REDEEM_RETURN,
         KIND_EXPIRE) + BONUS_KINDS
# Kinds that count towards lifetime points (what a customer has earned net of
# reversals); spending points or letting them expire does not reduce it.
# Bonuses count (they are points the customer was given); tiers read earn rows.
LIFETIME_KINDS = (KIND_EARN, KIND_CLAWBACK, KIND_ADJUST) + BONUS_KINDS

STATUS_PENDING = "pending"
STATUS_AVAILABLE = "available"
STATUSES = (STATUS_PENDING, STATUS_AVAILABLE)


@dataclass(frozen=True)
class Balances:
    available: int = 0
    pending: int = 0
    lifetime: int = 0

    def apply(self, *, kind: str, status: str, points: int) -> "Balances":
        available, pending = self.available, self.pending
        if status == STATUS_PENDING:
            pending += points
        else:
            available += points
        lifetime = self.lifetime + (points if kind in LIFETIME_KINDS else 0)
        return Balances(available=available, pending=pending, lifetime=lifetime)

    def release(self, points: int) -> "Balances":
        """Move points from pending to available (the return window closed)."""
        return Balances(
            available=self.available + points,
            pending=self.pending - points,
            lifetime=self.lifetime,
        )


def replay(entries: Iterable[Tuple[str, str, int]]) -> Balances:
    """Fold ``(kind, status, points)`` rows into balances."""
    balances = Balances()
    for kind, status, points in entries:
        balances = balances.apply(kind=kind, status=status, points=points)
    return balances
