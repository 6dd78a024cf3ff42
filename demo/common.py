"""What both demo shops share: the catalogue, the address, and a GraphQL client.

The client posts JSON to ``/graphql/`` through any object with Django's
test-client ``post`` signature, exactly as a storefront and the dashboard do;
only the ``Authorization`` prefix differs between Saleor generations.
"""
import json
from decimal import Decimal

CATALOGUE = [
    # (name, sku, price)
    ("Waxed Field Jacket", "JACKET-WAXED", Decimal("108.00")),
    ("Merino Crew Sweater", "SWEATER-MERINO", Decimal("64.00")),
    ("Canvas Weekender Bag", "BAG-WEEKENDER", Decimal("150.00")),
    ("Organic Cotton Tee", "TEE-ORGANIC", Decimal("24.00")),
]
MEMBERSHIP = ("Loyal Goods VIP membership (one year)", "VIP-ANNUAL", Decimal("49.00"))
SHIPPING_PRICE = Decimal("20.00")
US_ADDRESS = {
    "firstName": "Ada",
    "lastName": "Lovelace",
    "streetAddress1": "350 Fifth Avenue",
    "city": "New York",
    "postalCode": "10118",
    "country": "US",
    "countryArea": "NY",
}


class GraphQLError(AssertionError):
    pass


class GraphQLClient:
    AUTH_PREFIX = "Bearer"

    def __init__(self, http, path="/graphql/"):
        self.http = http
        self.path = path

    def raw(self, query, variables=None, token=None):
        headers = {"HTTP_AUTHORIZATION": "%s %s" % (self.AUTH_PREFIX, token)} if token else {}
        response = self.http.post(
            self.path,
            json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers
        )
        return response.status_code, json.loads(response.content.decode())

    def execute(self, query, variables=None, token=None):
        """Data of a successful call; raises on top-level GraphQL errors."""
        status, body = self.raw(query, variables, token)
        if status != 200 or body.get("errors"):
            raise GraphQLError("GraphQL call failed (%s): %s" % (status, body))
        return body["data"]

    def mutate(self, query, variables=None, token=None):
        """The payload of a one-mutation document; raises when it reports errors."""
        (payload,) = self.execute(query, variables, token).values()
        if payload.get("errors"):
            raise GraphQLError("Mutation refused: %s" % payload["errors"])
        return payload
