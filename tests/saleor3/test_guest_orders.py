"""A guest order earns nothing until the shopper registers with that e-mail."""
import pytest
from django.contrib.auth import get_user_model

from saleor_loyalty_plugin.models import LoyaltyAccount, LoyaltyTransaction

from graphql_relay import to_global_id

from . import flows

pytestmark = pytest.mark.django_db

CONFIRM_CUSTOMER = """
mutation Confirm($id: ID!) {
  customerUpdate(id: $id, input: {isConfirmed: true}) { user { isConfirmed } errors { field code } }
}"""
MY_LOYALTY = """
query { myLoyalty { email pendingPoints transactions(first: 5) {
  edges { node { kind points order { number } } } } } }"""


@pytest.fixture
def no_email_confirmation(site_settings):
    """The shop activates new accounts at once (no confirmation e-mail)."""
    site_settings.enable_account_confirmation_by_email = False
    site_settings.save(update_fields=["enable_account_confirmation_by_email"])
    return site_settings


@pytest.fixture
def guest_order(enable_loyalty, shop, api_client, payment_app):
    """A guest's checkout (no account), paid by the payment app: $80 + $10 shipping."""
    enable_loyalty()
    return flows.checkout(api_client, shop, 8, payment_app=payment_app,
                          email="guest@example.com")


def test_guest_order_is_credited_when_the_shopper_registers(
    guest_order, shop, api_client, no_email_confirmation, loyalty_route
):
    # given
    assert guest_order["isPaid"] is True
    accounts_before = LoyaltyAccount.objects.count()

    # when: the guest registers with the same e-mail
    registered = flows.register(api_client, shop, "guest@example.com")

    # then
    assert accounts_before == 0
    assert registered["isActive"] is True
    user = get_user_model().objects.get(email="guest@example.com")
    loyalty = flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]
    assert loyalty["pendingPoints"] == 80
    assert loyalty["transactions"]["edges"][0]["node"]["order"] == {
        "number": guest_order["number"]}


def test_guest_order_is_credited_only_once_the_e_mail_is_confirmed(
    guest_order, shop, api_client, site_settings, users_staff, loyalty_route
):
    # given: the shop's default, accounts confirm their e-mail first
    assert site_settings.enable_account_confirmation_by_email is True

    # when: someone registers the guest's e-mail (anyone could type it)
    flows.register(api_client, shop, "guest@example.com")
    user = get_user_model().objects.get(email="guest@example.com")

    # then: nothing until the address is proven theirs
    assert user.is_confirmed is False
    assert not LoyaltyTransaction.objects.exists()

    # when: the account is confirmed (here staff confirm it in the dashboard)
    flows.mutate(users_staff, CONFIRM_CUSTOMER, {"id": to_global_id("User", user.pk)})

    # then
    [row] = LoyaltyTransaction.objects.all()
    assert (row.kind, row.points, row.account.email) == ("earn", 80, "guest@example.com")
    loyalty = flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]
    assert loyalty["pendingPoints"] == 80


def test_someone_else_registering_gets_nothing_from_a_guest_order(
    guest_order, shop, api_client, no_email_confirmation, loyalty_route
):
    # when
    flows.register(api_client, shop, "other@example.com")

    # then
    user = get_user_model().objects.get(email="other@example.com")
    assert flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]["pendingPoints"] == 0
    assert not LoyaltyTransaction.objects.exists()


def test_guest_order_is_credited_by_the_reconciliation_when_the_credit_task_is_lost(
    guest_order, enable_loyalty, shop, api_client, no_email_confirmation, loyalty_route,
    monkeypatch, settings
):
    # given: a signup bonus, and the broker is down when the guest registers (the credit
    # task never leaves)
    enable_loyalty(signup_bonus_points="50")
    from kombu.exceptions import OperationalError

    from saleor_loyalty_plugin import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to the broker. Connection refused.")

    monkeypatch.setattr(tasks.credit_guest_orders_task, "delay", broker_down)

    # when: the guest registers with the same e-mail
    registered = flows.register(api_client, shop, "guest@example.com")

    # then: the registration went through with its signup bonus (written with it); the
    # order's points are not there yet
    assert registered["isActive"] is True
    user = get_user_model().objects.get(email="guest@example.com")
    assert list(LoyaltyTransaction.objects.values_list("kind", "points")) == [("signup_bonus", 50)]
    assert flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]["pendingPoints"] == 0

    # when: the periodic reconciliation runs (its settle time, two minutes, shortened to
    # none here)
    settings.LOYALTY_RECONCILE_SETTLE_SECONDS = 0
    sent = tasks.reconcile_orders_task.apply().get()

    # then: the guest order was synced again and credited to its confirmed owner, once
    assert sent == 1
    [row] = LoyaltyTransaction.objects.filter(order_id__gt="")
    assert (row.kind, row.points, row.account.email) == ("earn", 80, "guest@example.com")
    assert flows.loyalty(loyalty_route, MY_LOYALTY, user=user)["myLoyalty"]["pendingPoints"] == 80
