"""Dashboard fields of the after-sale journey, the survey, mail delivery and each message.

The message fields come from the catalogue (``core/messages.py``), so a
message another feature registers gets its subject, HTML and text fields
and its variable list here without touching this module.
"""
from ..core import journey, messages

STRING = "String"
BOOLEAN = "Boolean"
SECRET = "Secret"  # ConfigurationTypeField.SECRET on 2.10 and 3.x


def journey_structure(multiline: str) -> dict:
    fields = {
        journey.FIELD_THANK_YOU: (BOOLEAN, "Journey: thank-you e-mail", (
            "On: a thank-you on the day of each order (guests are asked to register to "
            "claim the order's points).")),
        journey.FIELD_THANK_YOU_HOURS: (STRING, "Journey: thank-you delay (hours)",
                                        "Hours after the order, 0-23. Default 0."),
        journey.FIELD_FOLLOW_UP: (BOOLEAN, "Journey: follow-up with the survey",
                                  "On: asks how everything is, linking to the survey."),
        journey.FIELD_FOLLOW_UP_DAYS: (STRING, "Journey: follow-up delay (days)",
                                       "Days after the order is fulfilled. Default 7."),
        journey.FIELD_OFFER: (BOOLEAN, "Journey: next-purchase offer", (
            "On: a personal, once-usable discount code for registered customers.")),
        journey.FIELD_OFFER_DAYS: (STRING, "Journey: offer delay (days)",
                                   "Days after the order is fulfilled. Default 30."),
        journey.FIELD_OFFER_PERCENT: (STRING, "Journey: offer percent off",
                                      "1-100, off the whole next order. Default 10."),
        journey.FIELD_OFFER_VALIDITY: (STRING, "Journey: offer valid for (days)",
                                       "Days the code works after it is sent. Default 30."),
        journey.FIELD_TIER_NOTICES: (BOOLEAN, "Journey: tier notices",
                                     "On: e-mail on a tier upgrade and before a demotion."),
        journey.FIELD_DEMOTION_DAYS: (STRING, "Journey: demotion notice (days before)",
                                      "Days before the grace period ends. Default 7."),
        journey.FIELD_EXPIRY_REMINDER: (BOOLEAN, "Journey: points expiry reminder", (
            "On: e-mail members before their points expire (needs a points expiry rule).")),
        journey.FIELD_EXPIRY_REMINDER_DAYS: (STRING, "Journey: expiry reminder (days before)",
                                             "Days before the points lapse, 1-365. Default 14."),
        journey.FIELD_SURVEY_QUESTIONS: (multiline, "Survey questions (JSON)", (
            "Empty for the built-in five, or up to five questions such as "
            + journey.QUESTIONS_EXAMPLE + "; kind: choice (with choices), scale (0-10) or "
            "text. The key 'recommend' (a scale) gives the recommend score (NPS).")),
        journey.FIELD_SURVEY_BONUS: (STRING, "Survey bonus points",
                                     "Points for answering, once per order. Default 50; 0: none."),
        journey.FIELD_SURVEY_URL: (STRING, "Survey page URL", (
            "Your storefront's survey page; the e-mail links to it with ?token=... which "
            "the page passes to loyaltySubmitSurvey.")),
        journey.FIELD_REGISTER_URL: (STRING, "Registration page URL",
                                     "Where the thank-you sends guests to register."),
        journey.FIELD_SMTP_URL: (SECRET, "Mail: SMTP server", (
            "e.g. smtp://user:password@mail.example.com:587/?tls=True. Empty: the channel's "
            "User emails plugin settings, else the shop's EMAIL_URL.")),
        journey.FIELD_SENDER: (STRING, "Mail: sender",
                               "e.g. Shop <hello@example.com>. Empty: the same fallbacks."),
    }
    for message in messages.catalogue():
        variables = ", ".join("{{%s}}" % name for name in message.all_variables)
        for part, what in (("subject", "subject"), ("html", "HTML body"), ("text", "text body")):
            fields[message.field(part)] = (
                STRING if part == "subject" else multiline,
                "Mail: %s (%s, %s)" % (message.label, what, message.category),
                "Empty: the built-in one. Handlebars: {{name}}, {{#if name}}...{{else}}..."
                "{{/if}}. Variables: %s." % variables,
            )
    return {name: {"type": kind, "label": label, "help_text": help_text}
            for name, (kind, label, help_text) in fields.items()}
