"""Text from clients: control characters are refused with a field-naming INVALID error."""
import pytest

from saleor_loyalty_plugin.core.errors import LoyaltyError, LoyaltyErrorCode
from saleor_loyalty_plugin.core.text import clean_text


@pytest.mark.parametrize("value", [None, "", "shopper@example.com", "Zoë's gift — 🎁", "gold"])
def test_ordinary_text_passes_unchanged(value):
    assert clean_text(value, field="email") == value


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "bell\x07", "esc\x1b[0m", "del\x7f",
                                   "c1\x85", "lone\ud800surrogate", "tab\tin slug", "new\nline"])
def test_control_characters_and_lone_surrogates_are_invalid(value):
    # when
    with pytest.raises(LoyaltyError) as refused:
        clean_text(value, field="email")

    # then
    error = refused.value
    assert (error.code, error.field) == (LoyaltyErrorCode.INVALID, "email")
    assert error.message == "The email is not valid: it contains control characters."


def test_multiline_text_keeps_line_breaks_and_tabs_but_not_nul():
    # given
    note = "Line one\r\nline two\tindented"

    # then
    assert clean_text(note, field="reason", multiline=True) == note
    with pytest.raises(LoyaltyError) as refused:
        clean_text("Line one\n\x00", field="reason", multiline=True)
    assert refused.value.field == "reason"


def test_the_message_names_the_field_in_words():
    with pytest.raises(LoyaltyError) as refused:
        clean_text("a\x00", field="idempotencyKey")
    assert refused.value.message == "The idempotency key is not valid: it contains control characters."
