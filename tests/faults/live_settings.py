"""Settings of the fault tests' live shop: the demo's (Saleor 3 + the plugin, one
/graphql/, dummy gateway) with the reconciliation sped up from minutes to seconds."""
from demo.saleor3.settings import *  # noqa: F401,F403

LOYALTY_RECONCILE_SECONDS = 2
LOYALTY_RECONCILE_SETTLE_SECONDS = 1
# Accounts are active at once, as in the demo.
ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL = False
