"""Saleor 3's payment-app flow: an app charges the order through a transaction,
then reports a partial refund; points come back in proportion."""
from decimal import Decimal

import pytest
from graphql_relay import to_global_id

from .test_points_lifecycle import MY_LOYALTY, expected_points

pytestmark = pytest.mark.django_db

TRANSACTION_CREATE = """
mutation Charge($id: ID!, $amount: PositiveDecimal!, $currency: String!) {
  transactionCreate(id: $id, transaction: {
      name: "Card", pspReference: "psp-1",
      amountCharged: {amount: $amount, currency: $currency}}) {
    transaction { id }
    errors { field code message }
  }
}"""
EVENT_REPORT = """
mutation Report($id: ID!, $amount: PositiveDecimal!) {
  transactionEventReport(id: $id, type: REFUND_SUCCESS, amount: $amount, pspReference: "psp-r1") {
    errors { field code message }
  }
}"""


def post(client, query, variables):
    body = client.post_graphql(query, variables).json()
    assert "errors" not in body, body
    return body["data"]


def test_partial_refund_reported_by_the_payment_app_claws_back_proportionally(
    enable_loyalty, app_api_client, permission_manage_payments, order_with_lines,
    customer_user, loyalty_route, committed,
):
    # given: the payment app charges the whole order
    enable_loyalty()
    app_api_client.app.permissions.add(permission_manage_payments)
    total = order_with_lines.total_gross_amount
    with committed(execute=True):
        charged = post(app_api_client, TRANSACTION_CREATE, {
            "id": to_global_id("Order", order_with_lines.pk),
            "amount": str(total), "currency": order_with_lines.currency,
        })["transactionCreate"]
    assert charged["errors"] == []
    earned = loyalty_route.post(MY_LOYALTY, user=customer_user)[1]["data"]["myLoyalty"]

    # when: a quarter of the money is refunded
    with committed(execute=True):
        reported = post(app_api_client, EVENT_REPORT, {
            "id": charged["transaction"]["id"], "amount": str(total / 4),
        })["transactionEventReport"]

    # then
    assert reported["errors"] == []
    awarded = expected_points(order_with_lines)
    assert earned["pendingPoints"] == awarded
    loyalty = loyalty_route.post(MY_LOYALTY, user=customer_user)[1]["data"]["myLoyalty"]
    kept = int(Decimal(awarded) * 3 / 4)  # the kept share, rounded down
    assert loyalty["pendingPoints"] == kept
    assert [e["node"]["kind"] for e in loyalty["transactions"]["edges"]] == ["CLAWBACK", "EARN"]
