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


CONFIRM_ACCOUNT = """
mutation Confirm($email: String!, $token: String!) {
  confirmAccount(email: $email, token: $token) { user { isActive } accountErrors { field code } }
}"""


def test_guest_order_is_credited_only_once_the_e_mail_is_confirmed(
    storefront, graphql, shop, enable_loyalty, settings
):
    # given: a guest order, and a shop whose new accounts confirm their e-mail
    from django.contrib.auth import get_user_model
    from django.contrib.auth.tokens import default_token_generator

    from saleor_loyalty_plugin.models import LoyaltyTransaction

    settings.ENABLE_ACCOUNT_CONFIRMATION_BY_EMAIL = True
    enable_loyalty()
    storefront.checkout([(shop.variants["JACKET-WAXED"], 2)], email="guest@example.com",
                        shipping_method=shop.shipping_method)

    # when: someone registers the guest's e-mail (anyone could type it)
    graphql.execute(REGISTER_WITH_CONFIRMATION, {"email": "guest@example.com",
                                                 "password": "guest-password-1"})

    # then: nothing while the address is unproven
    user = get_user_model().objects.get(email="guest@example.com")
    assert user.is_active is False
    assert not LoyaltyTransaction.objects.exists()

    # when: the link from the confirmation e-mail is followed
    confirmed = graphql.execute(CONFIRM_ACCOUNT, {
        "email": user.email, "token": default_token_generator.make_token(user)})

    # then
    assert confirmed["confirmAccount"]["user"] == {"isActive": True}
    token = storefront.login("guest@example.com", "guest-password-1")
    assert my_loyalty(graphql, token)["pendingPoints"] == 216


REGISTER_WITH_CONFIRMATION = """
mutation Register($email: String!, $password: String!) {
  accountRegister(input: {email: $email, password: $password,
                          redirectUrl: "http://127.0.0.1:8000/confirm/"}) {
    requiresConfirmation accountErrors { field code }
  }
}"""
