"""<loyalty-widget> for every shopper in real Chromium: usable with the keyboard alone,
every control named, text readable (WCAG AA contrast, measured on the rendered page),
themable through CSS custom properties, texts replaceable for another language, and
nothing requested from anywhere but the shop."""
import pytest

from .conftest import screenshot_path
from .live_shop import (
    WIDGET,
    member_at_checkout,
    wait_until_widget_total_is_the_carts,
)

pytestmark = [pytest.mark.saleor3, pytest.mark.django_db(transaction=True)]

# Every text element of the widget: its contrast with the background it is painted on.
CONTRAST = """
() => {
  const parse = (color) => {
    const parts = color.match(/rgba?\\(([^)]+)\\)/)[1].split(",").map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const channel = (v) => {
    v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const luminance = (c) => 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
  const backgroundOf = (element) => {
    for (let node = element; node; node = node.parentNode || node.host) {
      if (node.nodeType !== 1) continue;
      const color = parse(getComputedStyle(node).backgroundColor);
      if (color.a > 0) return color;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const root = document.querySelector("loyalty-widget").shadowRoot;
  const measured = [];
  for (const element of root.querySelectorAll("*")) {
    const text = [...element.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim())
      .map((n) => n.textContent.trim()).join(" ");
    if (!text || element.closest("[disabled], .visually-hidden")) continue;
    const [high, low] = [luminance(parse(getComputedStyle(element).color)),
      luminance(backgroundOf(element))].sort((a, b) => b - a);
    measured.push([text, Math.round(((high + 0.05) / (low + 0.05)) * 100) / 100]);
  }
  return measured;
}"""
FOCUSED = """() => {
  const active = document.activeElement;
  const inner = active && active.shadowRoot ? active.shadowRoot.activeElement : null;
  return inner ? (inner.id || inner.textContent) : null;
}"""


def tab_to(page, name, presses=60):
    """Press Tab until the widget's control ``name`` (id or text) has the focus."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == name:
            return
    raise AssertionError("Tab never reached %r" % name)


def test_the_checkout_panel_works_from_the_keyboard_and_every_control_is_named(
    live_shop, page, customer_user, users_staff  # noqa: F811
):
    # given
    requested = member_at_checkout(page, live_shop, customer_user, users_staff,
                                   points=1000, quantity=4)

    # when: keyboard only: Tab to the points, type, Tab to "Apply points", Enter
    tab_to(page, "loyalty-points")
    page.keyboard.press("Control+A")
    page.keyboard.type("300")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED) == "Apply points"
    page.keyboard.press("Enter")
    page.locator(WIDGET + " [data-held]").wait_for()
    wait_until_widget_total_is_the_carts(page)

    # then: applied, the result read out (a focused live region), the cart's total followed
    notice = page.locator(WIDGET + " [data-notice]")
    assert notice.get_attribute("role") == "status"
    assert notice.inner_text() == "Points applied. New total: $47.00."
    assert page.locator("#total").inner_text() == "$47.00"

    # when: Tab on to "Remove points" and press Space
    tab_to(page, "Remove points")
    page.keyboard.press(" ")
    page.locator(WIDGET + " [data-notice]").filter(has_text="back in your balance").wait_for()
    wait_until_widget_total_is_the_carts(page)

    # then: every control has a name a screen reader says
    assert page.locator("#total").inner_text() == "$50.00"
    assert page.get_by_label("Points to use").get_attribute("type") == "number"
    # (copying a code is named and tested in test_storefront.py; this member's only
    # reward is the store-wide discount, which has no code to copy)
    for name in ("Apply points", "Use 1,000 points"):
        assert page.get_by_role("button", name=name).count() >= 1, name
    assert page.get_by_role("progressbar", name="Progress to Silver").count() == 1
    assert page.get_by_role("heading", name="Pay with points").count() == 1
    assert all(url.startswith(live_shop.url) for url in requested), requested


def test_text_is_readable_themable_and_translatable(
    live_shop, page, customer_user, users_staff  # noqa: F811
):
    # given: a member on the checkout page
    requested = member_at_checkout(page, live_shop, customer_user, users_staff,
                                   points=1000, quantity=2)

    # when
    default_contrast = page.evaluate(CONTRAST)

    # then: WCAG AA, 4.5:1 for every piece of text
    assert len(default_contrast) > 20
    assert [entry for entry in default_contrast if entry[1] < 4.5] == []

    # when: the shop themes it and speaks German
    page.evaluate("""() => {
      const widget = document.querySelector("loyalty-widget");
      widget.style.setProperty("--loyalty-accent", "#7a1f5c");
      widget.style.setProperty("--loyalty-radius", "0px");
      widget.texts = { title: "Prämien", payWithPoints: "Mit Punkten zahlen",
                       pointsToUse: "Einzulösende Punkte", apply: "Punkte einlösen",
                       pointsOne: "{count} Punkt", pointsOther: "{count} Punkte" };
    }""")
    page.get_by_role("heading", name="Mit Punkten zahlen").wait_for()
    page.screenshot(path=str(screenshot_path("widget-themed-and-translated")), full_page=True)

    # then
    apply = page.get_by_role("button", name="Punkte einlösen")
    background = apply.evaluate("button => getComputedStyle(button).backgroundColor")
    assert background == "rgb(122, 31, 92)"
    assert page.locator(WIDGET).evaluate(
        "w => getComputedStyle(w).borderTopLeftRadius") == "0px"
    assert page.get_by_label("Einzulösende Punkte").count() == 1
    assert page.get_by_role("heading", name="Prämien").count() == 1
    shown = page.locator(WIDGET + " [part=panel]").inner_text()
    assert "1,000 Punkte" in shown  # the words changed, the page's number format did not
    assert [entry for entry in page.evaluate(CONTRAST) if entry[1] < 4.5] == []

    # when: and formats numbers, money and dates the German way
    page.locator(WIDGET).evaluate("widget => widget.setAttribute('locale', 'de-DE')")
    page.locator(WIDGET + " [data-total]").filter(has_text="30,00").wait_for()

    # then
    shown = page.locator(WIDGET + " [part=panel]").inner_text()
    assert "1.000 Punkte" in shown and "30,00\xa0$" in shown
    assert all(url.startswith(live_shop.url) for url in requested), requested
