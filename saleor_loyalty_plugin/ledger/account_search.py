"""Staff's search over loyalty accounts: by e-mail or name, tier and balance.

Support staff look customers up from a name on the phone or a balance
question; the listing is one channel's accounts, filtered in SQL (the
customer's name lives on Saleor's user, reached through the account's user).
"""
from typing import Iterable, Optional

from django.db.models import Q

from ..hosts import host
from .models import LoyaltyAccount


def accounts_in_channel(channel: str, *, search: Optional[str] = None,
                        tiers: Optional[Iterable[str]] = None,
                        min_points_balance: Optional[int] = None,
                        max_points_balance: Optional[int] = None):
    """Accounts of the channel matching every filter given (unordered queryset)."""
    accounts = LoyaltyAccount.objects.filter(channel=channel)
    words = (search or "").split()
    for word in words:
        matches = Q(email__icontains=word)
        for name_field in host.CUSTOMER_NAME_FIELDS:
            matches |= Q(**{"user__%s__icontains" % name_field: word})
        accounts = accounts.filter(matches)
    if tiers is not None:
        accounts = accounts.filter(tier_slug__in=list(tiers))
    if min_points_balance is not None:
        accounts = accounts.filter(points_available__gte=min_points_balance)
    if max_points_balance is not None:
        accounts = accounts.filter(points_available__lte=max_points_balance)
    return accounts
