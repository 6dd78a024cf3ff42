"""Dataloaders: what a list of accounts reads, batched into a few queries per page.

A staff listing of 100 members asking for their tier, progress, rewards
and punch cards would otherwise read the channel's program, the tier
metrics, the reward codes and the punches once per member.  Each loader
collects the keys a GraphQL response needs and reads them in one go; one
loader of each kind lives on the request, so nothing is shared between
requests or users.

Batches run after the resolver that asked has returned, outside the
writer access Saleor 3 grants the loyalty fields, so every batch declares
it itself (the ledger lives on the primary database).
"""
from dataclasses import dataclass
from types import MappingProxyType
from typing import Optional

from django.utils import timezone
from promise import Promise
from promise.dataloader import DataLoader

from ..core.program import ProgramSettings
from ..expiry.selectors import next_expiring_points_by_account
from ..hosts import host
from ..program.selectors import program_for
from ..rewards.store_discount import active_store_discount
from ..punch_cards.selectors import punch_card_rewards_by_account, units_punched_by_account
from ..journey.offers import KIND_PREFIX as OFFER_KIND_PREFIX
from ..rewards.member_codes import active_rewards_by_account, unused_rewards_by_account
from ..tiers.selectors import tier_metrics_by_account


@dataclass(frozen=True)
class ChannelProgram:
    """A channel's saved program and the currency its amounts are in."""

    is_active: bool
    settings: ProgramSettings
    currency: Optional[str]
    # The channel's store-wide discount while it is on (rewards/store_discount.py).
    store_discount: Optional[object] = None


class RequestLoader(DataLoader):
    """A loader kept on the request (``info.context``), batching under writer access."""

    def __init__(self):
        super().__init__()

    @classmethod
    def of(cls, context) -> "RequestLoader":
        loaders = getattr(context, "_loyalty_loaders", None)
        if loaders is None:
            loaders = {}
            setattr(context, "_loyalty_loaders", loaders)
        if cls not in loaders:
            loaders[cls] = cls()
        return loaders[cls]

    def batch_load_fn(self, keys):  # noqa: D401 - promise's hook name
        with host.writer_access():
            found = self.load_many_at_once(list(keys))
        return Promise.resolve([found.get(key, self.missing) for key in keys])

    missing = None

    def load_many_at_once(self, keys) -> dict:
        raise NotImplementedError


class ProgramByChannelLoader(RequestLoader):
    """channel slug -> ChannelProgram, or None when the saved values are unusable."""

    def load_many_at_once(self, channels):
        found = {}
        for channel in set(channels):
            program = program_for(channel)
            if program is not None:
                found[channel] = ChannelProgram(is_active=program[0], settings=program[1],
                                                currency=host.channel_currency(channel),
                                                store_discount=active_store_discount(channel))
        return found


class TierMetricsLoader(RequestLoader):
    """(account id, window) -> TierMetrics: two queries per window, whatever the page size."""

    def load_many_at_once(self, keys):
        now = timezone.now()
        found = {}
        for window in {window for _, window in keys}:
            ids = [account_id for account_id, key_window in keys if key_window == window]
            for account_id, metrics in tier_metrics_by_account(ids, window, now).items():
                found[(account_id, window)] = metrics
        return found


class RewardCodesLoader(RequestLoader):
    """account id -> {reward kind: the active reward (code, end date)} already issued."""

    missing = MappingProxyType({})

    def load_many_at_once(self, account_ids):
        return active_rewards_by_account(account_ids)


class FreeUnitRewardsLoader(RequestLoader):
    """account id -> the member's unused punch-card free-unit rewards."""

    missing = ()

    def load_many_at_once(self, account_ids):
        return punch_card_rewards_by_account(account_ids)


class OfferRewardsLoader(RequestLoader):
    """account id -> the customer's unused next-purchase offers still in date."""

    missing = ()

    def load_many_at_once(self, account_ids):
        now = timezone.now()
        return {account_id: [reward for reward in rewards
                             if reward.valid_until is None or reward.valid_until > now]
                for account_id, rewards in
                unused_rewards_by_account(account_ids, OFFER_KIND_PREFIX).items()}


class ExpiringPointsLoader(RequestLoader):
    """(account, expiry rule) -> (points, when) the member's next points lapse, or None.

    Keys carry the account itself (its balance and creation date are read
    already), so a page costs two queries per rule in force.
    """

    def load_many_at_once(self, keys):
        now = timezone.now()
        found = {}
        for rule in {rule for _, rule in keys}:
            accounts = [account for account, key_rule in keys if key_rule == rule]
            expiring = next_expiring_points_by_account(accounts, rule, now)
            found.update({(account, rule): expiring.get(account.pk) for account in accounts})
        return found


class PunchedUnitsLoader(RequestLoader):
    """account id -> {card slug: units punched}."""

    missing = MappingProxyType({})

    def load_many_at_once(self, account_ids):
        return units_punched_by_account(account_ids)


def program_of(info, channel: str) -> Promise:
    return ProgramByChannelLoader.of(info.context).load(channel or "")
