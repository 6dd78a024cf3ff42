"""What the Saleor 3 journey tests share (test_journey_messages, _survey and _mail): the
member's own loyalty query and the beat task run at a moment. The journey_on fixture
(every step on, mail to the test's SMTP server) is in conftest.py."""
from freezegun import freeze_time

from saleor_loyalty_plugin.tasks import run_journey_task

MY_LOYALTY = """
query { myLoyalty { pointsBalance mailOptOut
  availableRewards { code kind value label expiresAt }
  transactions(first: 5) { edges { node { kind points } } } } }"""


def run(at=None):
    """The beat task, at a moment (freezegun) or now."""
    if at is None:
        return run_journey_task.apply().get()
    with freeze_time(at):
        return run_journey_task.apply().get()
