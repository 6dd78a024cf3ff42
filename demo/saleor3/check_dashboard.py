"""A merchant's walk through the real Saleor Dashboard, in headless Chromium.

Signs in as staff, opens Extensions → Installed → Loyalty points, picks the
channel, changes the return window, saves, checks through GraphQL that the
plugin's configuration changed, and puts the old value back.  Screenshots of
every step land in OUT_DIR.  Exit status 0 when every step worked.

Needs the demo running (``make demo``), Debian's ``chromium`` and the
``playwright`` Python package (its browser download is not used)::

    python demo/saleor3/check_dashboard.py [--base-url http://127.0.0.1:8000]
"""
import argparse
import json
import os
import sys
import urllib.request

from playwright.sync_api import expect, sync_playwright

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
PLUGIN_NAME = "Loyalty points"
PLUGIN_ID = "saleor_loyalty_plugin"
FIELD_LABEL = "Return window (days points stay pending)"
FIELD_NAME = "pending_days"
RESTORE = """
mutation($channel: ID, $value: String) {
  pluginUpdate(id: "%s", channelId: $channel,
               input: {configuration: [{name: "pending_days", value: $value}]}) {
    errors { field message }
  }
}"""
CONFIG_QUERY = """
query { plugin(id: "%s") { channelConfigurations { active channel { slug name }
  configuration { name value } } } }""" % PLUGIN_ID


def graphql(base_url, query, variables=None, token=None):
    request = urllib.request.Request(
        base_url + "/graphql/",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"Content-Type": "application/json",
                 **({"Authorization": "Bearer " + token} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.load(response)
    if body.get("errors"):
        raise AssertionError(body["errors"])
    return body["data"]


def pending_days(base_url, token, channel_slug):
    data = graphql(base_url, CONFIG_QUERY, token=token)
    for config in data["plugin"]["channelConfigurations"]:
        if config["channel"]["slug"] == channel_slug:
            values = {item["name"]: item["value"] for item in config["configuration"]}
            return config["channel"]["name"], values["pending_days"]
    raise AssertionError("no configuration for channel %s" % channel_slug)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--email", default="admin@example.com")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--channel", default="default-channel")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--out-dir", default=os.path.join(".demo", "saleor3", "screenshots"))
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    token = graphql(
        args.base_url,
        "mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token } }",
        {"e": args.email, "p": args.password},
    )["tokenCreate"]["token"]
    channel_name, before = pending_days(args.base_url, token, args.channel)
    wanted = str(int(before) + 7)

    def shot(page, name):
        path = os.path.join(args.out_dir, name + ".png")
        page.screenshot(path=path, full_page=True)
        print("screenshot", path)

    problems = []
    try:
        walk_through_dashboard(args, channel_name, before, wanted, shot, problems)
        _, after = pending_days(args.base_url, token, args.channel)
    finally:
        restored = graphql(args.base_url, RESTORE % PLUGIN_ID, {
            "channel": _channel_id(args.base_url, token, args.channel), "value": before,
        }, token)
    print("pending_days before %s, typed %s, saved %s; restored: %s"
          % (before, wanted, after, restored["pluginUpdate"]["errors"] or "ok"))
    for problem in problems:
        print(problem)
    if problems:
        print("FAILED: the dashboard raised errors")
        return 1
    if after != wanted:
        print("FAILED: the dashboard's save did not reach the plugin's configuration")
        return 1
    print("OK: the merchant edited the loyalty plugin's channel configuration in the dashboard")
    return 0


def walk_through_dashboard(args, channel_name, before, wanted, shot, problems):
    """Sign in, open Extensions → Installed → Loyalty points, pick the channel, edit, save."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(60_000)
        page.on("pageerror", lambda error: problems.append("page error: %s" % error))

        # 1. Sign in.
        page.goto(args.base_url + "/dashboard/")
        page.locator('input[name="email"]').fill(args.email)
        page.locator('input[name="password"]').fill(args.password)
        shot(page, "01-login")
        page.locator('[data-test-id="submit"], button[type="submit"]').first.click()
        expect(page.locator('input[name="password"]')).to_have_count(0)
        page.wait_for_load_state("networkidle")
        dismiss = page.locator('[data-test-id="ripple-video-announcement-dismiss"]')
        if dismiss.count():  # the dashboard's own announcement pop-up
            dismiss.first.click()
        shot(page, "02-home")

        # 2. Extensions → Installed lists the plugin.
        page.goto(args.base_url + "/dashboard/extensions/installed")
        plugin_link = page.get_by_text(PLUGIN_NAME, exact=True).first
        expect(plugin_link).to_be_visible()
        shot(page, "03-installed-extensions")

        # 3. Open it; the per-channel plugin lists its channels: pick ours.
        plugin_link.click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text(FIELD_LABEL).first).to_be_visible()
        channel_entry = page.get_by_text(channel_name, exact=True)
        if channel_entry.count():
            channel_entry.first.click()
            page.wait_for_load_state("networkidle")
        shot(page, "04-plugin-page")

        # 4. Edit the return window and save.
        field = page.locator('input[name="%s"]' % FIELD_NAME)
        expect(field).to_have_value(before)
        field.fill(wanted)
        save = page.locator('[data-test-id="button-bar-confirm"]')
        save.click()
        page.wait_for_load_state("networkidle")
        expect(page.get_by_text("Plugin settings updated").first).to_be_visible()
        shot(page, "05-saved")
        browser.close()

def _channel_id(base_url, token, slug):
    return graphql(base_url, 'query($s: String!) { channel(slug: $s) { id } }', {"s": slug},
                   token)["channel"]["id"]


if __name__ == "__main__":
    sys.exit(main())
