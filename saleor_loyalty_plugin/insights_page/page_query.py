"""The GraphQL document the staff page sends (the same API a dashboard app would use)."""
from datetime import date
from typing import Optional

PAGE_QUERY = """
query Page($period: LoyaltyInsightPeriod, $date: Date, $from: Date, $to: Date) {
  loyaltyInsights(period: $period, date: $date, from: $from, to: $to) {
    channel currency periodStart periodEnd
    retention { customersAtStart customersAtEnd newCustomers retentionRate }
    retentionOverTime { periodStart retentionRate }
    customers orders revenue { amount } repeatPurchaseRate purchaseFrequency
    averageDaysBetweenOrders averageOrderValue { amount } revenuePerCustomer { amount }
    cohorts { month customers retention }
    topCustomers topRevenueShare paretoCurve { customerShare revenueShare }
    bestCustomers(first: 20) { totalCount nodes { rank email orders revenue { amount }
      averageOrderValue { amount } daysSinceLastOrder country tier topCategories } }
    programHealth { pointsIssued pointsRedeemed pointsExpired pointsOutstanding
      liability { amount } redemptionRate membersPerTier { tier members }
      liabilityOverTime { at pointsOutstanding liability { amount } }
      figures { key label value unit } }
  }
}"""


def parse_day(text) -> Optional[date]:
    try:
        return date.fromisoformat(text) if text else None
    except (TypeError, ValueError):
        return None
