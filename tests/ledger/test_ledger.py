"""The ledger's guarantees, checked against PostgreSQL itself."""
import threading
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from saleor_loyalty_plugin.ledger import services as ledger
from saleor_loyalty_plugin.core.errors import LoyaltyError
from saleor_loyalty_plugin.models import LoyaltyAccount, LoyaltyTransaction


@pytest.fixture
def account(db):
    user = get_user_model().objects.create(email="ledger@example.com", is_active=True)
    return ledger.get_or_create_account(user=user, channel="")


def earn(account, key="order:1:earn", order_id="1", points=100, days=30):
    now = timezone.now()
    return ledger.earn(
        account=account, points=points, key=key, order_id=order_id, order_number=order_id,
        amount=Decimal("100"), currency="USD", available_at=now + timedelta(days=days), now=now,
    )


def test_duplicate_key_is_a_no_op(account):
    first = earn(account)
    second = earn(account)
    account.refresh_from_db()
    assert first is not None and second is None
    assert account.points_pending == 100
    assert LoyaltyTransaction.objects.count() == 1


def test_database_refuses_a_second_earn_for_the_same_order(account):
    earn(account)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyTransaction.objects.create(
            account=account, kind="earn", status="pending", points=5,
            idempotency_key="another-key", order_id="1",
        )


@pytest.mark.parametrize(
    "kind, points", [("earn", -5), ("clawback", 5), ("adjust", 0), ("bonus", 5),
                     ("expire", 5), ("signup_bonus", -5), ("referral_reward", -1)]
)
def test_database_refuses_rows_whose_sign_or_kind_is_wrong(account, kind, points):
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyTransaction.objects.create(
            account=account, kind=kind, status="available", points=points,
            idempotency_key="k-%s-%s" % (kind, points),
        )


def test_adjust_cannot_take_the_balance_below_zero(account):
    ledger.adjust(account=account, points=50, reason="gift", key="a1", actor_email="", now=timezone.now())
    with pytest.raises(LoyaltyError):
        ledger.adjust(account=account, points=-51, reason="x", key="a2", actor_email="", now=timezone.now())
    account.refresh_from_db()
    assert account.points_available == 50


def test_release_is_idempotent_and_waits_for_the_window(account):
    earn(account, days=30)
    early = ledger.release_matured(account_id=account.pk, now=timezone.now() + timedelta(days=29))
    moved = ledger.release_matured(account_id=account.pk, now=timezone.now() + timedelta(days=31))
    again = ledger.release_matured(account_id=account.pk, now=timezone.now() + timedelta(days=31))
    account.refresh_from_db()
    assert (early, moved, again) == (0, 100, 0)
    assert (account.points_available, account.points_pending) == (100, 0)


def test_verify_reports_drift_and_recalculate_fixes_only_with_force(account):
    earn(account)
    LoyaltyAccount.objects.filter(pk=account.pk).update(points_pending=999)

    with pytest.raises(CommandError):
        call_command("loyalty_verify_ledger", stdout=StringIO())
    call_command("loyalty_recalculate", stdout=StringIO())
    assert LoyaltyAccount.objects.get(pk=account.pk).points_pending == 999
    call_command("loyalty_recalculate", "--force", stdout=StringIO())

    out = StringIO()
    call_command("loyalty_verify_ledger", stdout=out)
    assert "match" in out.getvalue()
    assert LoyaltyAccount.objects.get(pk=account.pk).points_pending == 100


def run_concurrently(*calls):
    """Run each call in its own thread and DB connection, released together."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def worker(index, call):
        try:
            barrier.wait()
            outcomes[index] = ("ok", call())
        except Exception as error:  # collected for the assertions
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_concurrent_awards_of_one_order_write_one_row(account):
    outcomes = run_concurrently(*[lambda: earn(account) for _ in range(4)])

    account.refresh_from_db()
    assert [kind for kind, _ in outcomes] == ["ok"] * 4
    assert sum(1 for _, row in outcomes if row is not None) == 1
    assert account.points_pending == 100
    assert LoyaltyTransaction.objects.filter(order_id="1").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_deductions_cannot_overdraw(account):
    ledger.adjust(account=account, points=100, reason="gift", key="g", actor_email="", now=timezone.now())

    def take(key):
        return lambda: ledger.adjust(
            account=account, points=-80, reason="spend", key=key, actor_email="", now=timezone.now()
        )

    outcomes = run_concurrently(take("t1"), take("t2"))

    account.refresh_from_db()
    assert sorted(kind for kind, _ in outcomes) == ["error", "ok"]
    assert account.points_available == 20


@pytest.mark.parametrize(
    "change",
    [{"points": 1000}, {"kind": "adjust"}, {"reason": "rewritten"}, {"status": "pending"},
     {"expiry_cutoff": timezone.now()}],
)
def test_database_refuses_to_rewrite_ledger_rows(account, change):
    row = earn(account, days=0)  # available at once
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyTransaction.objects.filter(pk=row.pk).update(**change)


def test_database_refuses_to_delete_ledger_rows(account):
    row = earn(account)
    with pytest.raises(IntegrityError), transaction.atomic():
        LoyaltyTransaction.objects.filter(pk=row.pk).delete()
    assert LoyaltyTransaction.objects.filter(pk=row.pk).exists()
