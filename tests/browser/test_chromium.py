"""The browser the page tests rely on really renders and runs scripts."""
import pytest

pytestmark = pytest.mark.saleor3


def test_headless_chromium_renders_a_page_and_runs_its_script(page):
    page.set_content("<p id=out></p><script>out.textContent = 6 * 7</script>")

    assert page.inner_text("#out") == "42"
