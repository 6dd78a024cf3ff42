#!/usr/bin/env bash
# A new shopper over plain HTTP against the running demo: accountRegister, tokenCreate,
# checkout with the dummy gateway, checkoutComplete, then `me` + `myLoyalty` in one
# request to the one /graphql/ endpoint.  Exit status 0 when pending points appear.
# Usage: bash demo/saleor3/check_storefront.sh [BASE_URL]
set -euo pipefail
BASE=${1:-http://127.0.0.1:8000}
EMAIL="shopper-$(date +%s)@example.com"
PASSWORD="shopper-password-1"
TOKEN=

gql() {  # gql QUERY [VARIABLES_JSON] -> response body
  local body
  body=$(python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "variables": json.loads(sys.argv[2])}))' \
    "$1" "${2:-{\}}")
  curl -sS "$BASE/graphql/" -H 'Content-Type: application/json' \
    ${TOKEN:+-H "Authorization: Bearer $TOKEN"} -d "$body"
}
pick() {  # pick PYTHON_EXPRESSION_ON_d  (reads a response on stdin)
  python3 -c 'import json,sys; d=json.load(sys.stdin); print(eval(sys.argv[1]))' "$1"
}
show() { echo "== $1"; echo "$2" | head -c 600; echo; }

ADDRESS='{"firstName":"Grace","lastName":"Hopper","streetAddress1":"350 Fifth Avenue","city":"New York","postalCode":"10118","country":"US","countryArea":"NY"}'

R=$(gql 'mutation($i: AccountRegisterInput!) { accountRegister(input: $i) { user { email isActive } requiresConfirmation errors { field code message } } }' \
  "{\"i\": {\"email\": \"$EMAIL\", \"password\": \"$PASSWORD\", \"redirectUrl\": \"$BASE/account-confirm/\", \"channel\": \"default-channel\"}}")
show accountRegister "$R"
R=$(gql 'mutation($e: String!, $p: String!) { tokenCreate(email: $e, password: $p) { token errors { field code message } } }' \
  "{\"e\": \"$EMAIL\", \"p\": \"$PASSWORD\"}")
TOKEN=$(echo "$R" | pick 'd["data"]["tokenCreate"]["token"]')
echo "== tokenCreate: token of ${#TOKEN} characters"
R=$(gql '{ products(first: 20, channel: "default-channel") { edges { node { name variants { id sku } } } } }')
VARIANT=$(echo "$R" | pick '[v["id"] for e in d["data"]["products"]["edges"] for v in e["node"]["variants"] if v["sku"] == "SWEATER-MERINO"][0]')
R=$(gql 'mutation($i: CheckoutCreateInput!) { checkoutCreate(input: $i) { checkout { id shippingMethods { id name } } errors { field code message } } }' \
  "{\"i\": {\"channel\": \"default-channel\", \"lines\": [{\"variantId\": \"$VARIANT\", \"quantity\": 2}], \"shippingAddress\": $ADDRESS, \"billingAddress\": $ADDRESS}}")
show checkoutCreate "$R"
CHECKOUT=$(echo "$R" | pick 'd["data"]["checkoutCreate"]["checkout"]["id"]')
METHOD=$(echo "$R" | pick 'd["data"]["checkoutCreate"]["checkout"]["shippingMethods"][0]["id"]')
R=$(gql 'mutation($id: ID!, $m: ID!) { checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $m) { checkout { totalPrice { gross { amount currency } } } errors { field code message } } }' \
  "{\"id\": \"$CHECKOUT\", \"m\": \"$METHOD\"}")
show checkoutDeliveryMethodUpdate "$R"
R=$(gql 'query($id: ID!) { checkout(id: $id) { voucherCode totalPrice { gross { amount } } } }' "{\"id\": \"$CHECKOUT\"}")
AMOUNT=$(echo "$R" | pick 'd["data"]["checkout"]["totalPrice"]["gross"]["amount"]')
R=$(gql 'mutation($id: ID!, $i: PaymentInput!) { checkoutPaymentCreate(id: $id, input: $i) { payment { chargeStatus } errors { field code message } } }' \
  "{\"id\": \"$CHECKOUT\", \"i\": {\"gateway\": \"mirumee.payments.dummy\", \"token\": \"charged\", \"amount\": $AMOUNT}}")
show checkoutPaymentCreate "$R"
R=$(gql 'mutation($id: ID!) { checkoutComplete(id: $id) { order { number status paymentStatus total { gross { amount currency } } } errors { field code message } } }' \
  "{\"id\": \"$CHECKOUT\"}")
show checkoutComplete "$R"
R=$(gql '{ me { email } myLoyalty { pointsBalance pendingPoints lifetimePoints tier { name } transactions(first: 3) { edges { node { kind points status reason order { number } } } } } }')
show "me + myLoyalty" "$R"
PENDING=$(echo "$R" | pick 'd["data"]["myLoyalty"]["pendingPoints"]')
if [ "$PENDING" -gt 0 ]; then
  echo "OK: $EMAIL has $PENDING pending points after paying \$$AMOUNT"
else
  echo "FAILED: no pending points for $EMAIL"; exit 1
fi
