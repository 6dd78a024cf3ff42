"""The demo storefront with <loyalty-widget> in real headless Chromium, against a live
Saleor 3 (API, widget module and page on one origin): what a shopper sees is compared with
the API's own numbers. Screenshots stay in .hosts/artifacts/screenshots."""
from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_loyalty_plugin.program.selectors import active_program_for
from saleor_loyalty_plugin.tiers.services import release_matured_points

from tests.saleor3 import flows
from tests.saleor3.redemption_helpers import REDEEM

from .conftest import screenshot_path
from .live_shop import (
    WIDGET,
    give_points,
    member_at_checkout,
    open_storefront,
    sign_in,
    wait_until_widget_total_is_the_carts,
)

pytestmark = [pytest.mark.saleor3, pytest.mark.django_db(transaction=True)]

PROGRAM = """
query { loyaltyProgram { pointsPerCurrencyUnit redemption { pointsPerCurrencyUnit }
  tiers { name thresholdMoney { amount } } } }"""
MEMBER = """
query { myLoyalty { pointsBalance pendingPoints nextTier { name }
  progressToNextTier { percent remainingMoney { amount currency } }
  availableRewards { code label } } }"""
CHECKOUT = """
query C($id: ID!) {
  checkoutLoyalty(checkoutId: $id) { pointsToEarn maxRedeemablePoints totalPrice { amount } }
  checkout(id: $id) { totalPrice { gross { amount } } }
}"""


def widget_text(page, selector):
    return page.locator("%s %s" % (WIDGET, selector)).inner_text()


def test_an_anonymous_visitor_sees_the_pitch_and_a_sign_in_prompt(live_shop, page, api_client):
    # when
    requested = open_storefront(page, live_shop)
    page.locator(WIDGET + " [part=pitch]").wait_for()
    page.screenshot(path=str(screenshot_path("widget-anonymous-pitch")), full_page=True)

    # then: the program's own numbers, in words
    program = flows.gql(api_client, PROGRAM)["loyaltyProgram"]
    assert program["pointsPerCurrencyUnit"] == 1.0
    pitch = widget_text(page, "[part=pitch]")
    assert "Earn 1 point for every $1 you spend." in pitch
    assert "100 points pay $1 of your order." in pitch
    assert "Members get 5% off orders over $250." in pitch
    assert "Test club: buy 10, get one free." in pitch
    tiers = page.locator(WIDGET + " [part=tiers] li").all_inner_texts()
    assert [tier["name"] for tier in program["tiers"]] == ["Silver", "Gold"]
    assert tiers == ["Silver spend $50 a year · 5% off orders over $20",
                     "Gold spend $200 a year · 1.5× points · 10% off orders over $100"
                     " · free shipping"]
    sign_in_link = page.get_by_role("link", name="Sign in to earn points")
    assert sign_in_link.get_attribute("href") == "#sign-in"
    assert all(url.startswith(live_shop.url) for url in requested), requested


def test_a_member_sees_balance_pending_progress_and_copies_a_reward_code(
    live_shop, page, customer_user, user_api_client, users_staff, payment_app  # noqa: F811
):
    # given: a $60 order ($50 of goods) past its return window (Silver reached: tiers count
    # kept orders, and its 50 points are available), a $10 order still pending, and 1,000
    # welcome points
    flows.checkout(user_api_client, live_shop.shop, 5, payment_app=payment_app)
    release_matured_points(now=timezone.now() + timedelta(days=31),
                           settings_for=active_program_for)
    flows.checkout(user_api_client, live_shop.shop, 1, payment_app=payment_app)
    give_points(users_staff, customer_user, 1000)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_shop.url)

    # when
    open_storefront(page, live_shop)
    sign_in(page, customer_user.email)
    page.locator(WIDGET + " [data-progress-hint]").wait_for()
    page.screenshot(path=str(screenshot_path("widget-member-balance-and-progress")),
                    full_page=True)

    # then: the API's numbers
    member = flows.gql(user_api_client, MEMBER)["myLoyalty"]
    assert (member["pointsBalance"], member["pendingPoints"]) == (1050, 10)
    assert page.locator(WIDGET + " [data-balance]").get_attribute("data-balance") == "1050"
    assert widget_text(page, "[data-balance] strong") == "1,050"
    assert widget_text(page, "[data-pending] strong") == "10"
    assert widget_text(page, "[data-tier]") == "Silver"
    remaining = member["progressToNextTier"]["remainingMoney"]
    assert remaining == {"amount": 140.0, "currency": "USD"}
    assert widget_text(page, "[data-progress-hint]") == "Spend $140.00 more to reach Gold"
    progress = page.get_by_role("progressbar", name="Progress to Gold")
    assert progress.get_attribute("aria-valuenow") == str(member["progressToNextTier"]["percent"])
    assert progress.get_attribute("aria-valuenow") == "30"
    history = page.locator(WIDGET + " [part=history] li").all_inner_texts()
    assert history[0].startswith("Welcome bonus") and history[0].endswith("+1,000")

    # when: the member copies a reward code
    reward = next(reward for reward in member["availableRewards"] if reward["code"])
    page.get_by_role("button", name="Copy code %s" % reward["code"]).click()
    page.locator(WIDGET + " [data-status]").filter(has_text="Copied").wait_for(state="attached")

    # then
    assert page.evaluate("navigator.clipboard.readText()") == reward["code"]
    listed = widget_text(page, "[part=rewards]").splitlines()
    assert listed[0] == "Your rewards"
    assert listed[1:1 + len(member["availableRewards"])] == [
        (r["label"] + " " + r["code"]) if r["code"] else r["label"]
        for r in member["availableRewards"]]


def test_paying_with_points_shows_the_new_total_and_the_order_earns_the_preview(
    live_shop, page, customer_user, user_api_client, users_staff  # noqa: F811
):
    # given: 1,000 points; 4 x $10 and $10 shipping in the cart
    requested = member_at_checkout(page, live_shop, customer_user, users_staff,
                                   points=1000, quantity=4)
    checkout_id = page.locator(WIDGET).get_attribute("checkout-id")
    before = flows.gql(user_api_client, CHECKOUT, {"id": checkout_id})
    assert widget_text(page, "[data-usable]") == (
        "You have 1,000 points; up to 1,000 points ($10.00) can pay for this order.")
    assert before["checkoutLoyalty"]["maxRedeemablePoints"] == 1000

    # when: the shopper types 500 points and presses Enter
    page.get_by_label("Points to use").fill("500")
    page.get_by_label("Points to use").press("Enter")
    page.locator(WIDGET + " [data-held]").wait_for()
    wait_until_widget_total_is_the_carts(page)
    page.screenshot(path=str(screenshot_path("storefront-checkout-paid-with-points")),
                    full_page=True)

    # then: $50 less $5 of points, as the API and Saleor's checkout say
    after = flows.gql(user_api_client, CHECKOUT, {"id": checkout_id})
    assert after["checkoutLoyalty"]["totalPrice"]["amount"] == 45.0
    assert after["checkout"]["totalPrice"]["gross"]["amount"] == 45.0
    assert widget_text(page, "[data-total]") == "$45.00"
    assert page.locator("#total").inner_text() == "$45.00"
    assert widget_text(page, "[data-notice]") == "Points applied. New total: $45.00."
    assert widget_text(page, "[data-held]") == "500 points ($5.00) pay for this order."
    assert widget_text(page, "[data-earn]") == "You will earn %d points on this order." % (
        after["checkoutLoyalty"]["pointsToEarn"])

    # when: the order is placed
    page.click("#place-order")
    page.locator("#cart-status[data-order]").wait_for(state="attached")
    page.wait_for_function(
        "() => document.querySelector('loyalty-widget').shadowRoot"
        ".querySelector('[data-pending]')?.dataset.pending !== '0'")
    page.screenshot(path=str(screenshot_path("storefront-order-points-arrived")), full_page=True)

    # then: the points the checkout promised have arrived, pending; 500 were spent
    member = flows.gql(user_api_client, MEMBER)["myLoyalty"]
    assert member["pendingPoints"] == after["checkoutLoyalty"]["pointsToEarn"] == 35
    assert widget_text(page, "[data-pending] strong") == "35"
    assert widget_text(page, "[data-balance] strong") == "500"
    assert "Order #" in page.locator("#cart-status").inner_text()
    assert all(url.startswith(live_shop.url) for url in requested), requested


def test_too_few_points_show_the_apis_refusal(
    live_shop, page, customer_user, user_api_client, users_staff  # noqa: F811
):
    # given: 150 points
    member_at_checkout(page, live_shop, customer_user, users_staff, points=150, quantity=4)
    checkout_id = page.locator(WIDGET).get_attribute("checkout-id")

    # when: the shopper asks for 500
    page.get_by_label("Points to use").fill("500")
    page.get_by_role("button", name="Apply points").click()
    alert = page.locator(WIDGET + " [role=alert]")
    alert.wait_for()
    page.screenshot(path=str(screenshot_path("widget-too-few-points")), full_page=True)

    # then: the API's own refusal, and nothing changed
    refusal = flows.gql(user_api_client, REDEEM, {"checkoutId": checkout_id, "points": 500})
    (error,) = refusal["loyaltyRedeemPoints"]["errors"]
    assert error["code"] == "INSUFFICIENT_POINTS"
    assert alert.inner_text() == error["message"] == "You have 150 points available."
    assert widget_text(page, "[data-total]") == "$50.00"
    assert page.locator(WIDGET + " [data-held]").count() == 0
