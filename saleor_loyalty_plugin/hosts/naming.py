"""How the plugin's Saleor objects read in the dashboard.

Staff meet loyalty vouchers and gift cards among their own, so each name says
it is the loyalty program's, what it gives and whose it is, and each object
carries metadata naming its purpose and owner.
"""
NAME_PREFIX = "Loyalty"
GIFT_CARD_TAG = "loyalty-points"
METADATA_PURPOSE = "loyalty_purpose"
METADATA_OWNER = "loyalty_customer"
PURPOSE_MEMBER_REWARD = "member reward"
PURPOSE_FREE_UNIT = "punch card free unit"
PURPOSE_POINTS_REDEEMED = "points redeemed at checkout"
PURPOSE_STORE_DISCOUNT = "store-wide threshold discount"
EVERYONE = "everyone"


def reward_voucher_name(spec, owner_email: str) -> str:
    """e.g. "Loyalty: Gold: 10% off on orders over 200 (alice@example.com)"."""
    return "%s: %s (%s)" % (NAME_PREFIX, spec.label, owner_email)


def store_discount_name(spec) -> str:
    """e.g. "Loyalty: 5% off on orders over 250 (everyone)"."""
    return "%s: %s (%s)" % (NAME_PREFIX, spec.label, EVERYONE)


def free_unit_voucher_name(card, owner_email: str) -> str:
    return "%s: %s: one free unit (%s)" % (NAME_PREFIX, card.name, owner_email)


def owner_metadata(purpose: str, owner_email: str) -> dict:
    return {METADATA_PURPOSE: purpose, METADATA_OWNER: owner_email}
