"""A shopper's walk through the demo storefront page, in headless Chromium.

A new shopper registers (accountRegister) and staff give them 1,000 welcome points
(loyaltyAdjustPoints, as the dashboard would); then, in the browser, at /storefront/: sign
in, add two sweaters to the cart, pay 500 points in <loyalty-widget>, check that the total
the widget and the cart show is Saleor's, place the order and watch its points arrive.
Screenshots of every step land in OUT_DIR.  Exit status 0 when every step worked.

Needs the demo running (``make demo``), Debian's ``chromium`` and the ``playwright``
Python package (its browser download is not used)::

    python demo/saleor3/check_storefront_page.py [--base-url http://127.0.0.1:8000]
"""
import argparse
import os
import sys
import time

from playwright.sync_api import sync_playwright

from check_dashboard import CHROMIUM_ARGS, graphql  # noqa: E402  (same folder)

STAFF = ("admin@example.com", "admin")
PASSWORD = "shopper-password-1"
PRODUCT = "Merino Crew Sweater"
TOKEN = "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token } }"
REGISTER = """
mutation($input: AccountRegisterInput!) { accountRegister(input: $input) { errors { message } } }"""
ADJUST = """
mutation($email: String!) {
  loyaltyAdjustPoints(email: $email, points: 1000, reason: "Welcome bonus",
                      channel: "default-channel") { errors { message } } }"""
LOYALTY = "{ myLoyalty(channel: \"default-channel\") { pointsBalance pendingPoints } }"


def shadow(selector):
    return "loyalty-widget %s" % selector


def walk(base_url, out_dir):
    email = "page-shopper-%d@example.com" % int(time.time())
    graphql(base_url, REGISTER, {"input": {
        "email": email, "password": PASSWORD, "channel": "default-channel",
        "redirectUrl": base_url + "/account-confirm/"}})
    staff_token = graphql(base_url, TOKEN, {"e": STAFF[0], "p": STAFF[1]})["tokenCreate"]["token"]
    graphql(base_url, ADJUST, {"email": email}, staff_token)
    shopper_token = graphql(base_url, TOKEN, {"e": email, "p": PASSWORD})["tokenCreate"]["token"]

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("LOYALTY_CHROMIUM", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requested = []
        page.on("request", lambda request: requested.append(request.url))

        def shot(name):
            page.screenshot(path=os.path.join(out_dir, "storefront-%s.png" % name), full_page=True)
            print("  screenshot storefront-%s.png" % name)

        page.goto(base_url + "/storefront/")
        page.locator(shadow("[part=pitch]")).wait_for()
        shot("1-anonymous")
        page.fill("#email", email)
        page.fill("#password", PASSWORD)
        page.click("#sign-in button[type=submit]")
        page.locator(shadow("[data-balance]")).wait_for()
        assert page.locator(shadow("[data-balance] strong")).inner_text() == "1,000"
        shot("2-signed-in")
        for count in (1, 2):
            page.get_by_role("button", name="Add %s to cart" % PRODUCT).click()
            page.wait_for_function(
                "n => [...document.querySelectorAll('#cart-lines li')]"
                ".some(li => li.textContent.startsWith(n + ' ×'))", arg=count)
        page.get_by_label("Points to use").fill("500")
        page.get_by_label("Points to use").press("Enter")
        page.locator(shadow("[data-held]")).wait_for()
        page.wait_for_function("""() => document.querySelector('loyalty-widget').shadowRoot
            .querySelector('[data-total]')?.dataset.total
            === document.getElementById('total').dataset.amount""")
        checkout_id = page.locator("loyalty-widget").get_attribute("checkout-id")
        saleor_total = graphql(base_url, "query($id: ID!) { checkout(id: $id) { totalPrice"
                               " { gross { amount } } } }", {"id": checkout_id},
                               shopper_token)["checkout"]["totalPrice"]["gross"]["amount"]
        # two $64 sweaters, $20 shipping, $5 of points
        assert saleor_total == 143.0, saleor_total
        assert page.locator("#total").inner_text() == "$143.00"
        assert page.locator(shadow("[data-total]")).inner_text() == "$143.00"
        promised = int(page.locator(shadow("[data-earn]")).get_attribute("data-earn"))
        shot("3-paid-with-points")
        page.click("#place-order")
        page.locator("#cart-status[data-order]").wait_for(state="attached")
        page.wait_for_function("""() => document.querySelector('loyalty-widget').shadowRoot
            .querySelector('[data-pending]')?.dataset.pending !== '0'""")
        shot("4-points-arrived")
        browser.close()

    loyalty = graphql(base_url, LOYALTY, token=shopper_token)["myLoyalty"]
    assert (loyalty["pointsBalance"], loyalty["pendingPoints"]) == (500, promised), loyalty
    foreign = [url for url in requested if not url.startswith(base_url)]
    assert not foreign, foreign
    print("OK: %s paid $5.00 with 500 points and has %d pending points (as promised)"
          % (email, promised))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out-dir", default=os.path.join(".demo", "screenshots"))
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    try:
        walk(args.base_url.rstrip("/"), args.out_dir)
    except AssertionError as error:
        print("FAILED: %s" % (error,))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
