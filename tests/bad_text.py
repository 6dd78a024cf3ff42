"""Bad text both hosts must refuse cleanly, and what a refusal must never show.

Shared by tests/saleor2 and tests/saleor3: the same inputs, the same promise
(a plain message, no driver wording), on either Saleor.
"""
SET_TIER = """
mutation Set($email: String!, $tier: String, $reason: String!, $channel: String) {
  loyaltySetTier(email: $email, tier: $tier, reason: $reason, channel: $channel) {
    account { email }
    errors { field code message }
  }
}"""
QUERIES_WITH_TEXT = {
    "loyaltyAccount": "query Q($email: String!, $channel: String) {"
                      " loyaltyAccount(email: $email, channel: $channel) { email } }",
    "myLoyalty": "query Q($channel: String) { myLoyalty(channel: $channel) { email } }",
    "loyaltyProgram": "query Q($channel: String) { loyaltyProgram(channel: $channel) { isActive } }",
}
INTERNALS = ("NUL", "0x00", "\x00", "PostgreSQL", "ValueError", "Traceback", "literal")
BAD_TEXT = ("a\x00b", "bell\x07")


def assert_plain(message):
    assert message and not any(internal in message for internal in INTERNALS), message
