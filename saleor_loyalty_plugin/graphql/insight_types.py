"""Merchant insights in the API: the figures, the cohort table, the best customers, health.

Each field runs its own set-based query when asked (a dashboard tile asks for
one figure, the staff page for all); the figures every later one depends on
(the period's buyers) are computed once per request on the root object.
Definitions are in the descriptions, as in ``core/insights.py``.
"""
import graphene

from ..insights import best, customers, health
from .money_types import LoyaltyMoney, in_currency, money

PERCENT = " (percent, two decimals; null when undefined)"


def _float(value):
    return None if value is None else float(value)


LoyaltyInsightPeriod = graphene.Enum("LoyaltyInsightPeriod", [
    ("MONTH", "month"), ("QUARTER", "quarter"), ("YEAR", "year"), ("CUSTOM", "custom")])


class LoyaltyRetention(graphene.ObjectType):
    period_start = graphene.DateTime(required=True)
    period_end = graphene.DateTime(required=True, description="Exclusive.")
    customers_at_start = graphene.Int(required=True, description=(
        "S: e-mails with a paid, not cancelled order in the activity window before the start."))
    customers_at_end = graphene.Int(required=True, description="E: the same, at the end.")
    new_customers = graphene.Int(required=True, description=(
        "N: e-mails whose first paid order ever is in the period."))
    retention_rate = graphene.Float(description="((E - N) / S) x 100" + PERCENT)

    class Meta:
        description = "Customer retention over one period."

    @staticmethod
    def resolve_retention_rate(root, info):
        return _float(root.rate)


class LoyaltyCohort(graphene.ObjectType):
    month = graphene.Date(required=True, description="The first-purchase month (shop time zone).")
    customers = graphene.Int(required=True, description="E-mails whose first order is in it.")
    retention = graphene.List(graphene.Float, required=True, description=(
        "Share (%) of the cohort buying again in month 0, 1, 2 ... after the first."))

    @staticmethod
    def resolve_month(root, info):
        return root.month.date()

    @staticmethod
    def resolve_retention(root, info):
        return [_float(rate) for rate in root.rates]


class LoyaltyParetoPoint(graphene.ObjectType):
    customer_share = graphene.Float(required=True, description="Best customers taken (%).")
    revenue_share = graphene.Float(required=True, description="Their share of revenue (%).")


class LoyaltyShare(graphene.ObjectType):
    value = graphene.String(required=True, description='"" for unknown / none.')
    customers = graphene.Int(required=True)
    percent = graphene.Float(description="Of the group's customers" + PERCENT)


class LoyaltyCustomerGroup(graphene.ObjectType):
    customers = graphene.Int(required=True)
    orders = graphene.Int(required=True)
    revenue = graphene.Field(LoyaltyMoney)
    orders_per_customer = graphene.Float()
    average_order_value = graphene.Field(LoyaltyMoney)
    average_days_since_last_order = graphene.Float(description=(
        "At the period's end (or now, while the period runs)."))
    countries = graphene.List(graphene.NonNull(LoyaltyShare), required=True,
                              description="Billing country of each buyer's latest order; top 3.")
    tiers = graphene.List(graphene.NonNull(LoyaltyShare), required=True,
                          description='Current loyalty tier slug ("" = none); top 3.')
    channels = graphene.List(graphene.NonNull(LoyaltyShare), required=True,
                             description="Channel of each buyer's latest order; top 3.")
    top_categories = graphene.List(graphene.NonNull(LoyaltyShare), required=True, description=(
        "Categories the most buyers of the group bought from in the period; top 3."))
    referred = graphene.Int(description="Customers who came by a friend's referral (not refused).")

    @staticmethod
    def resolve_revenue(root, info):
        return money(root.target.revenue, root.currency)

    @staticmethod
    def resolve_average_order_value(root, info):
        return money(root.target.average_order_value, root.currency)

    @staticmethod
    def resolve_orders_per_customer(root, info):
        return _float(root.target.orders_per_customer)

    @staticmethod
    def resolve_average_days_since_last_order(root, info):
        return _float(root.target.average_days_since_last_order)


class LoyaltyBestCustomer(graphene.ObjectType):
    rank = graphene.Int(required=True)
    email = graphene.String(required=True)
    orders = graphene.Int(required=True)
    revenue = graphene.Field(LoyaltyMoney)
    average_order_value = graphene.Field(LoyaltyMoney)
    last_order_at = graphene.DateTime(required=True)
    days_since_last_order = graphene.Int(required=True)
    country = graphene.String(required=True)
    channel = graphene.String(required=True)
    tier = graphene.String(required=True)
    referred = graphene.Boolean(
        required=True, description="Registered through a friend's referral (not refused).")
    top_categories = graphene.List(graphene.NonNull(graphene.String), required=True)

    @staticmethod
    def resolve_revenue(root, info):
        return money(root.target.revenue, root.currency)

    @staticmethod
    def resolve_average_order_value(root, info):
        return money(root.target.average_order_value, root.currency)


class LoyaltyBestCustomers(graphene.ObjectType):
    total_count = graphene.Int(required=True, description="How many best customers there are.")
    nodes = graphene.List(graphene.NonNull(LoyaltyBestCustomer), required=True)


class LoyaltyHealthFigure(graphene.ObjectType):
    key = graphene.String(required=True)
    label = graphene.String(required=True)
    value = graphene.Float()
    unit = graphene.String(required=True, description='"points", "percent" or a currency code.')

    @staticmethod
    def resolve_value(root, info):
        return _float(root.value)


class LoyaltyTierMembers(graphene.ObjectType):
    tier = graphene.String(required=True, description='Tier slug; "" for members without one.')
    members = graphene.Int(required=True)


class LoyaltyLiabilityPoint(graphene.ObjectType):
    at = graphene.DateTime(required=True, description="A month's end.")
    points_outstanding = graphene.Int(required=True)
    liability = graphene.Field(LoyaltyMoney)


class LoyaltyProgramHealth(graphene.ObjectType):
    points_issued = graphene.Int(required=True, description=(
        "In the period: earned, net of clawbacks and staff adjustments."))
    points_redeemed = graphene.Int(required=True, description="In the period, net of returns.")
    points_expired = graphene.Int(required=True, description="In the period.")
    points_outstanding = graphene.Int(required=True, description=(
        "Pending plus available at the period's end."))
    liability = graphene.Field(LoyaltyMoney, description=(
        "Outstanding points at each channel's redemption rate; null if none redeems."))
    redemption_rate = graphene.Float(description="Redeemed / issued" + PERCENT)
    members_per_tier = graphene.List(graphene.NonNull(LoyaltyTierMembers), required=True)
    liability_over_time = graphene.List(graphene.NonNull(LoyaltyLiabilityPoint), required=True,
                                        description="At each of the 12 month ends up to the period's end.")
    figures = graphene.List(graphene.NonNull(LoyaltyHealthFigure), required=True, description=(
        "Every provider's figures (points, and those of later features), for display."))

    @staticmethod
    def resolve_liability(root, info):
        return money(root.points.liability, root.scope.currency)

    @staticmethod
    def resolve_redemption_rate(root, info):
        return _float(root.points.redemption_rate)

    @staticmethod
    def resolve_members_per_tier(root, info):
        return [LoyaltyTierMembers(tier=tier, members=count)
                for tier, count in root.points.members_per_tier]

    @staticmethod
    def resolve_liability_over_time(root, info):
        return [LoyaltyLiabilityPoint(at=at, points_outstanding=points,
                                      liability=money(amount, root.scope.currency))
                for at, points, amount in health.liability_over_time(root.scope)]

    @staticmethod
    def resolve_figures(root, info):
        return health.health_figures(root.scope)


class HealthRoot:
    def __init__(self, scope):
        self.scope = scope
        self.points = health.points_health(scope)
        self.points_issued = self.points.issued
        self.points_redeemed = self.points.redeemed
        self.points_expired = self.points.expired
        self.points_outstanding = self.points.outstanding


class InsightsRoot:
    """The scope of one ``loyaltyInsights`` request and the figures shared by its fields."""

    def __init__(self, scope):
        self.scope = scope
        self._figures = None

    @property
    def figures(self):
        if self._figures is None:
            self._figures = customers.period_figures(self.scope)
        return self._figures

    def profiles(self):
        if getattr(self, "_profiles", None) is None:
            self._profiles = best.profiles(self.scope, customers=self.figures.customers)
        return self._profiles


class LoyaltyInsights(graphene.ObjectType):
    channel = graphene.String(description="The channel; null for every channel together.")
    currency = graphene.String(required=True)
    period_start = graphene.DateTime(required=True, description="Midnight, shop time zone.")
    period_end = graphene.DateTime(required=True, description="Exclusive.")
    activity_months = graphene.Int(required=True, description=(
        "The activity window: a customer counts at a moment when they have a paid, not "
        "cancelled order in this many months before it."))
    top_customer_percent = graphene.Float(required=True, description=(
        "The share of the period's buyers, by revenue, counted as the best customers."))
    retention = graphene.Field(LoyaltyRetention, required=True)
    retention_over_time = graphene.List(graphene.NonNull(LoyaltyRetention), required=True,
                                        description="Each of the 12 calendar months up to the period's end.")
    customers = graphene.Int(required=True, description="E-mails with a paid order in the period.")
    orders = graphene.Int(required=True, description="Paid, not cancelled orders in the period.")
    revenue = graphene.Field(LoyaltyMoney, description="Their totals (gross).")
    repeat_purchase_rate = graphene.Float(description=(
        "Buyers with two or more orders in the period / buyers" + PERCENT))
    purchase_frequency = graphene.Float(description="Orders / buyers in the period.")
    average_days_between_orders = graphene.Float(description=(
        "Mean gap between a buyer's consecutive orders in the period, in days."))
    average_order_value = graphene.Field(LoyaltyMoney, description="Revenue / orders.")
    revenue_per_customer = graphene.Field(LoyaltyMoney, description="Revenue / buyers.")
    cohorts = graphene.List(graphene.NonNull(LoyaltyCohort), required=True, description=(
        "First-purchase months among the 12 up to the period's end x months since."))
    top_customers = graphene.Int(required=True, description="How many best customers (rounded up).")
    top_revenue_share = graphene.Float(description=(
        "The best customers' share of the period's revenue (the Pareto figure)" + PERCENT))
    pareto_curve = graphene.List(graphene.NonNull(LoyaltyParetoPoint), required=True, description=(
        "Cumulative revenue share at each tenth of the buyers, best first."))
    best_customers = graphene.Field(
        LoyaltyBestCustomers, required=True,
        first=graphene.Int(default_value=20, description="Page size, 0-100."),
        offset=graphene.Int(default_value=0, description="Best customers to skip."),
        description="The best customers, best first, a page at a time.")
    best_customers_profile = graphene.Field(LoyaltyCustomerGroup, required=True,
                                            description="What the best customers share.")
    other_customers_profile = graphene.Field(LoyaltyCustomerGroup, required=True,
                                             description="The same for every other buyer.")
    program_health = graphene.Field(LoyaltyProgramHealth, required=True)

    class Meta:
        description = (
            "Merchant insights for a period. Customers are e-mail addresses (guests "
            "included); only paid, not cancelled orders count. Requires MANAGE_ORDERS or "
            "MANAGE_USERS.")

    @staticmethod
    def resolve_channel(root, info):
        return root.scope.channel

    @staticmethod
    def resolve_currency(root, info):
        return root.scope.currency

    @staticmethod
    def resolve_period_start(root, info):
        return root.scope.start

    @staticmethod
    def resolve_period_end(root, info):
        return root.scope.end

    @staticmethod
    def resolve_activity_months(root, info):
        return root.scope.activity_months

    @staticmethod
    def resolve_top_customer_percent(root, info):
        return float(root.scope.top_share_percent)

    @staticmethod
    def resolve_retention(root, info):
        return customers.retention(root.scope)

    @staticmethod
    def resolve_retention_over_time(root, info):
        return customers.retention_over_time(root.scope)

    @staticmethod
    def resolve_customers(root, info):
        return root.figures.customers

    @staticmethod
    def resolve_orders(root, info):
        return root.figures.orders

    @staticmethod
    def resolve_revenue(root, info):
        return money(root.figures.revenue, root.scope.currency)

    @staticmethod
    def resolve_repeat_purchase_rate(root, info):
        return _float(root.figures.repeat_purchase_rate)

    @staticmethod
    def resolve_purchase_frequency(root, info):
        return _float(root.figures.purchase_frequency)

    @staticmethod
    def resolve_average_days_between_orders(root, info):
        return _float(root.figures.average_days_between_orders)

    @staticmethod
    def resolve_average_order_value(root, info):
        return money(root.figures.average_order_value, root.scope.currency)

    @staticmethod
    def resolve_revenue_per_customer(root, info):
        return money(root.figures.revenue_per_customer, root.scope.currency)

    @staticmethod
    def resolve_cohorts(root, info):
        return customers.cohorts(root.scope)

    @staticmethod
    def resolve_top_customers(root, info):
        return best.rules.top_count(root.figures.customers, root.scope.top_share_percent)

    @staticmethod
    def resolve_top_revenue_share(root, info):
        return _float(customers.pareto(root.scope, root.figures.customers).top_revenue_share)

    @staticmethod
    def resolve_pareto_curve(root, info):
        curve = customers.pareto(root.scope, root.figures.customers).curve
        return [LoyaltyParetoPoint(customer_share=float(c), revenue_share=float(r))
                for c, r in curve]

    @staticmethod
    def resolve_best_customers(root, info, first=20, offset=0):
        from graphql.error import GraphQLError

        if not 0 <= (first or 0) <= 100 or (offset or 0) < 0:
            raise GraphQLError("'first' must be 0-100 and 'offset' not negative.")
        total = best.rules.top_count(root.figures.customers, root.scope.top_share_percent)
        nodes = best.best_customers(root.scope, customers=root.figures.customers,
                                    offset=offset or 0, limit=first or 0) if first else []
        return LoyaltyBestCustomers(total_count=total, nodes=[
            in_currency(node, root.scope.currency) for node in nodes])

    @staticmethod
    def resolve_best_customers_profile(root, info):
        return in_currency(root.profiles()[0], root.scope.currency)

    @staticmethod
    def resolve_other_customers_profile(root, info):
        return in_currency(root.profiles()[1], root.scope.currency)

    @staticmethod
    def resolve_program_health(root, info):
        return HealthRoot(root.scope)
