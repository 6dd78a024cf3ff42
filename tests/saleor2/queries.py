"""GraphQL documents the Saleor 2.10 tests send, as a storefront or dashboard would."""
MY_LOYALTY = """
query MyLoyalty {
  myLoyalty {
    email pointsBalance pendingPoints lifetimePoints
    transactions(first: 10) {
      totalCount
      edges { node { kind points status createdAt availableAt reason order { number } } }
    }
  }
}"""
LOYALTY_ACCOUNT = """
query Account($email: String!) {
  loyaltyAccount(email: $email) {
    email pointsBalance pendingPoints
    transactions(first: 5) { edges { node { kind points reason } } }
  }
}"""
ADJUST = """
mutation Adjust($email: String!, $points: Int!, $reason: String!, $key: String) {
  loyaltyAdjustPoints(email: $email, points: $points, reason: $reason, idempotencyKey: $key) {
    account { email pointsBalance }
    transaction { kind points reason status }
    errors { field code message }
  }
}"""
PROGRAM = """
query Program { loyaltyProgram { isActive pointsPerCurrencyUnit awardTrigger pendingDays rounding includesShipping } }"""
PLUGINS = """
query Plugins {
  plugins(first: 20) {
    edges { node { id name description active configuration { name value type label helpText } } }
  }
}"""


def my_loyalty(graphql, token):
    return graphql.execute(MY_LOYALTY, token=token)["myLoyalty"]
