"""A guest order earns nothing until the shopper registers with that e-mail."""
import pytest

from saleor_loyalty_plugin.models import LoyaltyAccount

from .queries import my_loyalty

pytestmark = pytest.mark.django_db(transaction=True)


def test_guest_order_is_credited_when_the_shopper_registers(
    storefront, graphql, shop, enable_loyalty
):
    # given: a guest checkout
    enable_loyalty()
    jacket = shop.variants["JACKET-WAXED"]
    order = storefront.checkout(
        [(jacket, 2)], email="guest@example.com", shipping_method=shop.shipping_method
    )
    accounts_before = LoyaltyAccount.objects.count()

    # when: the guest registers with the same e-mail and signs in
    storefront.register("guest@example.com", "guest-password-1")
    token = storefront.login("guest@example.com", "guest-password-1")

    # then
    assert accounts_before == 0
    loyalty = my_loyalty(graphql, token)
    assert loyalty["pendingPoints"] == 216
    assert loyalty["transactions"]["edges"][0]["node"]["order"] == {"number": order["number"]}


def test_someone_else_registering_gets_nothing_from_a_guest_order(
    storefront, graphql, shop, enable_loyalty
):
    # given
    enable_loyalty()
    jacket = shop.variants["JACKET-WAXED"]
    storefront.checkout([(jacket, 1)], email="guest@example.com", shipping_method=shop.shipping_method)

    # when
    storefront.register("other@example.com", "other-password-1")
    token = storefront.login("other@example.com", "other-password-1")

    # then
    assert my_loyalty(graphql, token)["pendingPoints"] == 0
