"""The set-based jobs give the answers the per-account code gave, on PostgreSQL itself.

Each scenario is built through the ledger's own writers; the reference is the
rule as it was written per account (``core.tiers.decide_tier`` over the
metrics folded in Python, the per-account balance replay), and the jobs must
agree with it account by account, across chunk boundaries, run twice, and
beside each other.
"""
import json
import threading
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from saleor_loyalty_plugin.core import tiers as core_tiers
from saleor_loyalty_plugin.core.balances import replay
from saleor_loyalty_plugin.core.program import parse_program_settings
from saleor_loyalty_plugin.ledger import batch
from saleor_loyalty_plugin.ledger import services as ledger
from saleor_loyalty_plugin.ledger.verification import find_mismatches
from saleor_loyalty_plugin.memberships.models import LoyaltyMembership
from saleor_loyalty_plugin.models import LoyaltyAccount, LoyaltyTransaction
from saleor_loyalty_plugin.tiers.batch import DENSE_SHARE, reevaluate_channel_tiers
from saleor_loyalty_plugin.tiers.models import LoyaltyTierChange
from saleor_loyalty_plugin.tiers.services import reevaluate_all_tiers

LADDER = [
    {"name": "Silver", "basis": "money_spent", "threshold": 100, "window": "rolling_12_months",
     "grace_days": 0},
    {"name": "Gold", "basis": "money_spent", "threshold": 400, "window": "rolling_12_months",
     "grace_days": 30},
    {"name": "Platinum", "basis": "money_spent", "threshold": 1000,
     "window": "rolling_12_months", "grace_days": 10},
]


def program(ladder=LADDER):
    return parse_program_settings({"tiers": json.dumps(ladder) if ladder else ""})


def new_account(name, channel=""):
    user = get_user_model().objects.create(email="%s@example.com" % name, is_active=True)
    return ledger.get_or_create_account(user=user, channel=channel)


def earn(account, order, amount, *, days_ago=0, pending_days=0, now):
    created = now - timedelta(days=days_ago)
    return ledger.earn(
        account=account, points=max(1, int(Decimal(amount))), key="order:%s:earn" % order, order_id=str(order),
        order_number=str(order), amount=Decimal(amount), currency="USD",
        available_at=created + timedelta(days=pending_days), now=created,
    )


def claw(row, points, now):
    return ledger.claw_back_order(earn_row=row, target_total=points, key="claw:%s" % row.pk,
                                  amount=None, reason="refund", now=now)


def old_metrics(account_id, window, now, refunds=True):
    """The per-account fold the nightly pass used before it became SQL (kept value:
    orders past their return window, net of refunds unless ``refunds`` is False)."""
    earns = LoyaltyTransaction.objects.filter(account_id=account_id, kind="earn",
                                              status="available")
    start = core_tiers.window_start(window, now)
    if start is not None:
        earns = earns.filter(created_at__gte=start)
    money, points, orders = Decimal("0"), 0, 0
    for row in earns:
        clawed = sum(LoyaltyTransaction.objects.filter(
            account_id=account_id, order_id=row.order_id, kind="clawback"
        ).values_list("points", flat=True)) if refunds else 0
        kept = row.points + clawed
        money += (row.amount or 0) * kept / row.points
        points += kept
        orders += kept > 0
    return core_tiers.TierMetrics(money_spent=money.quantize(Decimal("0.01")),
                                  points_earned=points, orders=orders)


def expected_decision(account, settings, now):
    ladder = settings.tiers
    window = ladder[0].window if ladder else core_tiers.WINDOW_LIFETIME
    qualified = core_tiers.qualifying_tier(ladder, old_metrics(account.pk, window, now))
    unrefunded = core_tiers.qualifying_tier(
        ladder, old_metrics(account.pk, window, now, refunds=False))
    floor = account.tier_floor_slug
    if account.tier_floor_until is not None and account.tier_floor_until <= now:
        floor = ""
    held = [floor] + list(LoyaltyMembership.objects.filter(
        account=account, revoked_at__isnull=True, starts_at__lte=now, ends_at__gt=now,
    ).values_list("tier_slug", flat=True))
    return core_tiers.decide_tier(
        ladder,
        current_slug=account.tier_slug if core_tiers.tier_by_slug(ladder, account.tier_slug) else "",
        qualified_slug=qualified.slug if qualified else "",
        floor_slug=max(held, key=lambda slug: core_tiers.rank(ladder, slug)),
        grace_until=account.tier_grace_until, now=now,
        unrefunded_slug=unrefunded.slug if unrefunded else "",
    )


def set_tier(account, **fields):
    LoyaltyAccount.objects.filter(pk=account.pk).update(**fields)


@pytest.fixture
def ladder_scenarios(db):
    """Accounts in every state the ladder distinguishes."""
    now = timezone.now()
    made = {}
    made["nothing"] = new_account("nothing")
    made["silver"] = new_account("silver")
    earn(made["silver"], 1, "150", now=now)
    made["gold"] = new_account("gold")
    earn(made["gold"], 2, "300", now=now)
    earn(made["gold"], 3, "200", days_ago=100, now=now)
    made["old_gold"] = new_account("old-gold")  # its orders rolled out of the window
    earn(made["old_gold"], 4, "500", days_ago=400, now=now)
    set_tier(made["old_gold"], tier_slug="gold")
    made["in_grace"] = new_account("in-grace")
    earn(made["in_grace"], 5, "120", now=now)
    set_tier(made["in_grace"], tier_slug="gold", tier_grace_until=now + timedelta(days=3))
    made["grace_over"] = new_account("grace-over")
    earn(made["grace_over"], 6, "120", now=now)
    set_tier(made["grace_over"], tier_slug="gold", tier_grace_until=now - timedelta(days=1))
    made["silver_no_grace"] = new_account("silver-no-grace")
    set_tier(made["silver_no_grace"], tier_slug="silver")
    made["refunded"] = new_account("refunded")
    row = earn(made["refunded"], 7, "450", now=now)
    claw(row, 300, now)  # 150 kept of 450: silver, not gold
    set_tier(made["refunded"], tier_slug="gold")
    made["staff"] = new_account("staff")
    set_tier(made["staff"], tier_floor_slug="platinum")
    made["staff_expired"] = new_account("staff-expired")
    set_tier(made["staff_expired"], tier_slug="platinum", tier_floor_slug="platinum",
             tier_floor_until=now - timedelta(hours=1), tier_grace_until=None)
    made["member"] = new_account("member")
    LoyaltyMembership.objects.create(account=made["member"], tier_slug="gold", order_id="m1",
                                     starts_at=now - timedelta(days=1),
                                     ends_at=now + timedelta(days=30))
    made["member_revoked"] = new_account("member-revoked")
    LoyaltyMembership.objects.create(account=made["member_revoked"], tier_slug="gold",
                                     order_id="m2", starts_at=now - timedelta(days=1),
                                     ends_at=now + timedelta(days=30), revoked_at=now)
    made["removed_tier"] = new_account("removed-tier")
    set_tier(made["removed_tier"], tier_slug="diamond")
    made["platinum"] = new_account("platinum")
    earn(made["platinum"], 8, "999.99", now=now)
    earn(made["platinum"], 9, "0.01", days_ago=10, now=now)
    made["pending"] = new_account("pending")  # still returnable: counts later
    earn(made["pending"], 11, "700", pending_days=14, now=now)
    earn(made["pending"], 12, "110", days_ago=30, pending_days=14, now=now)
    ledger.release_matured(account_id=made["pending"].pk, now=now)  # 110 is kept now
    made["other_channel"] = new_account("other-channel", channel="elsewhere")
    earn(made["other_channel"], 10, "2000", now=now)
    return now, made


def snapshot():
    return {
        pk: (slug, grace)
        for pk, slug, grace in LoyaltyAccount.objects.values_list("pk", "tier_slug",
                                                                  "tier_grace_until")
    }


@pytest.mark.parametrize("size, dense_share", [
    (batch.CHUNK_SIZE, DENSE_SHARE),
    (2, DENSE_SHARE),
    (2, 0.0),  # every chunk after the first locked first and decided once
    (2, 2.0),  # every chunk read first
])
def test_tier_pass_takes_the_per_account_decisions(ladder_scenarios, size, dense_share):
    # given
    now, made = ladder_scenarios
    settings = program()
    accounts = LoyaltyAccount.objects.filter(channel="")
    expected = {account.pk: expected_decision(account, settings, now) for account in accounts}
    before = snapshot()

    # when
    changes = reevaluate_channel_tiers(channel="", settings=settings, now=now, size=size,
                                       dense_share=dense_share)

    # then: every account as the per-account rule says, the other channel untouched
    after = snapshot()
    assert {pk: after[pk] for pk in expected} == {
        pk: (decision.slug, decision.grace_until) for pk, decision in expected.items()}
    assert after[made["other_channel"].pk] == before[made["other_channel"].pk]
    history = {row.account_id: (row.from_slug, row.to_slug, row.reason)
               for row in LoyaltyTierChange.objects.all()}
    assert history == {
        pk: (before[pk][0], decision.slug, decision.reason)
        for pk, decision in expected.items() if decision.slug != before[pk][0]}
    assert changes == len(history)
    # and the scenarios do cover what they claim
    tier = {name: after[account.pk][0] for name, account in made.items()}
    assert tier == {
        "nothing": "", "silver": "silver", "gold": "gold", "old_gold": "gold",
        "in_grace": "gold", "grace_over": "silver", "silver_no_grace": "",
        "refunded": "silver", "staff": "platinum", "staff_expired": "platinum",
        "member": "gold", "member_revoked": "", "removed_tier": "", "platinum": "platinum",
        "pending": "silver", "other_channel": "",
    }
    assert after[made["old_gold"].pk][1] == now + timedelta(days=30)  # grace started
    staff_expired = LoyaltyAccount.objects.get(pk=made["staff_expired"].pk)
    assert (staff_expired.tier_floor_slug, staff_expired.tier_floor_until) == ("", None)


def test_tier_pass_twice_changes_nothing_more(ladder_scenarios):
    # given
    now, _ = ladder_scenarios
    reevaluate_channel_tiers(channel="", settings=program(), now=now)
    state, logged = snapshot(), LoyaltyTierChange.objects.count()

    # when
    again = reevaluate_channel_tiers(channel="", settings=program(), now=now)

    # then
    assert again == 0 and snapshot() == state
    assert LoyaltyTierChange.objects.count() == logged


def test_grace_ends_on_a_later_night(ladder_scenarios):
    # given: the pass started old_gold's grace
    now, made = ladder_scenarios
    reevaluate_channel_tiers(channel="", settings=program(), now=now)

    # when
    reevaluate_channel_tiers(channel="", settings=program(), now=now + timedelta(days=31))

    # then
    account = LoyaltyAccount.objects.get(pk=made["old_gold"].pk)
    assert (account.tier_slug, account.tier_grace_until) == ("", None)
    assert LoyaltyTierChange.objects.filter(account=account).get().reason == "no longer qualifies"


def test_removing_the_ladder_takes_tiers_back_and_an_unconfigured_shop_costs_one_query(db):
    # given: one member holds a tier, thousands of accounts hold none
    now = timezone.now()
    holder = new_account("holder")
    set_tier(holder, tier_slug="gold", tier_grace_until=now)
    for index in range(20):
        new_account("plain-%d" % index)

    # when
    changed = reevaluate_all_tiers(now=now, settings_for=lambda channel: program(ladder=[]),
                                   channels=[""])
    with CaptureQueriesContext(connection) as queries:
        again = reevaluate_all_tiers(now=now, settings_for=lambda channel: program(ladder=[]),
                                     channels=[""])

    # then
    assert changed == 1 and again == 0
    assert LoyaltyAccount.objects.get(pk=holder.pk).tier_slug == ""
    assert len(queries) == 1, [q["sql"] for q in queries]


# --- release -------------------------------------------------------------------


@pytest.fixture
def pending_scenarios(db):
    now = timezone.now()
    accounts = [new_account("pending-%d" % index) for index in range(7)]
    for index, account in enumerate(accounts):
        row = earn(account, 100 + index, "100", days_ago=20, pending_days=14 + index, now=now)
        earn(account, 200 + index, "40", days_ago=1, pending_days=14, now=now)  # not due
        if index % 2:
            claw(row, 30, now - timedelta(days=10))  # pending clawback, due with its earn
    return now, accounts


@pytest.mark.parametrize("size", [batch.CHUNK_SIZE, 1, 3])
def test_release_moves_exactly_what_the_window_closed(pending_scenarios, size):
    # given
    now, accounts = pending_scenarios

    # when
    moved = batch.release_all_due(now=now, size=size)
    again = batch.release_all_due(now=now, size=size)

    # then: earns 20 days old with windows of 14..20 days are due (6 of 7), less clawbacks
    due = [index for index in range(7) if 14 + index <= 20]
    assert moved == sum(100 - (30 if index % 2 else 0) for index in due) and again == 0
    for index, account in enumerate(accounts):
        account.refresh_from_db()
        kept = 100 - (30 if index % 2 else 0)
        expected = (kept, 40) if index in due else (0, kept + 40)
        assert (account.points_available, account.points_pending) == expected
    assert find_mismatches() == []


def test_release_for_one_account_leaves_the_others(pending_scenarios):
    # given
    now, accounts = pending_scenarios

    # when
    moved = ledger.release_matured(account_id=accounts[2].pk, now=now)

    # then
    assert moved == 100
    assert [a.points_available for a in LoyaltyAccount.objects.filter(
        pk__in=[a.pk for a in accounts]).order_by("pk")] == [0, 0, 100, 0, 0, 0, 0]


@pytest.mark.django_db(transaction=True)
def test_two_releases_at_once_move_each_point_once(pending_scenarios):
    # given
    now, accounts = pending_scenarios
    barrier = threading.Barrier(3)
    moved = []

    def release():
        try:
            barrier.wait()
            moved.append(batch.release_all_due(now=now, size=2))
        finally:
            connection.close()

    def clawback_meanwhile():
        try:
            barrier.wait()
            row = LoyaltyTransaction.objects.get(order_id="100")
            claw(row, 50, now)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=release), threading.Thread(target=release),
               threading.Thread(target=clawback_meanwhile)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    batch.release_all_due(now=now)

    # then
    assert find_mismatches() == []
    account = LoyaltyAccount.objects.get(pk=accounts[0].pk)
    assert (account.points_available, account.points_pending) == (50, 40)
    assert sum(moved) in (610 - 50, 610)  # the clawback landed before or after the move


# --- verify --------------------------------------------------------------------


@pytest.mark.parametrize("size", [batch.CHUNK_SIZE, 2])
def test_verify_names_exactly_the_tampered_accounts(pending_scenarios, size):
    # given
    now, accounts = pending_scenarios
    batch.release_all_due(now=now)
    ledger.adjust(account=accounts[3], points=-10, reason="fix", key="adj", actor_email="",
                  now=now)
    LoyaltyAccount.objects.filter(pk=accounts[1].pk).update(points_available=1)
    LoyaltyAccount.objects.filter(pk=accounts[5].pk).update(points_lifetime=0)
    empty = new_account("empty")
    LoyaltyAccount.objects.filter(pk=empty.pk).update(points_pending=3)

    # when
    found = batch.drifted_accounts(size=size)

    # then: what the ledger says, as the per-account replay says it
    assert [account.pk for account, _ in found] == [accounts[1].pk, accounts[5].pk, empty.pk]
    for account, expected in found:
        rows = LoyaltyTransaction.objects.filter(account=account).order_by("pk")
        assert expected == replay(rows.values_list("kind", "status", "points"))
    with pytest.raises(CommandError, match="3 account"):
        call_command("loyalty_verify_ledger", stdout=StringIO())
