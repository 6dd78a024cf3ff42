"""The store-wide threshold discount: one Saleor object per channel, for everyone.

Issuing it per customer would put a voucher per shopper in the dashboard (a
million customers, a million vouchers).  It is one object instead: on Saleor 3
an order promotion, which Saleor applies by itself to any checkout without a
voucher (so the checkout rule only has to take a worse voucher off); on 2.10
one shared voucher, which the checkout rule puts on.  It follows the
program's configuration: changed, it is rewritten; switched off, it ends.
"""
from dataclasses import dataclass
from typing import Optional

from django.utils import timezone

from ..core import rewards as core
from ..hosts import host
from .codes import new_store_code
from .models import LoyaltyStoreDiscount


@dataclass(frozen=True)
class StoreDiscount:
    """The channel's live store discount as the checkout rule sees it."""

    spec: core.RewardSpec
    # The shared code to put on a checkout (2.10); None where Saleor applies it
    # by itself (a Saleor 3 order promotion).
    voucher_code: Optional[str]

    def needs_applying(self, checkout_code: Optional[str]) -> bool:
        """Whether the checkout rule has anything to decide for this checkout."""
        if self.voucher_code is None:
            return bool(checkout_code)  # a voucher blocks the promotion: compare them
        return checkout_code != self.voucher_code


def store_spec(store: StoreDiscount) -> core.RewardSpec:
    return store.spec


def wanted_spec(settings) -> Optional[core.RewardSpec]:
    if settings is None:
        return None
    return core.store_discount(percent=settings.threshold_discount_percent,
                               min_order=settings.threshold_discount_min_order,
                               max_discount_percent=settings.max_discount_percent)


def active_store_discount(channel: str) -> Optional[StoreDiscount]:
    """The channel's store discount if it is on (one indexed read)."""
    row = LoyaltyStoreDiscount.objects.filter(channel=channel, is_active=True).first()
    if row is None:
        return None
    spec = core.RewardSpec(core.KIND_THRESHOLD_DISCOUNT, row.percent, row.min_spent, row.label)
    return StoreDiscount(spec=spec,
                         voucher_code=row.reference if host.STORE_DISCOUNT_IS_VOUCHER else None)


def channel_sync_store_discount(*, channel: str, settings) -> bool:
    """Create, rewrite or end the channel's store discount; True if it changed."""
    spec = wanted_spec(settings)
    row, _ = LoyaltyStoreDiscount.objects.select_for_update().get_or_create(channel=channel)
    if spec is None:
        if not row.is_active:
            return False
        host.end_store_discount(reference=row.reference)
        row.is_active = False
        row.save(update_fields=["is_active", "updated_at"])
        return True
    wanted = (spec.percent, spec.min_spent, spec.label, True)
    if row.reference and (row.percent, row.min_spent, row.label, row.is_active) == wanted:
        return False
    row.reference = host.upsert_store_discount(
        reference=row.reference or new_store_code(), spec=spec, channel=channel,
        currency=host.channel_currency(channel), now=timezone.now())
    row.percent, row.min_spent, row.label, row.is_active = wanted
    row.save()
    return True
