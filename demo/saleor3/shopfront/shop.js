// The demo storefront: Saleor 3's own GraphQL API for sign-in, cart and checkout, and the
// loyalty plugin's <loyalty-widget> for points. Plain JavaScript, same origin, no framework.
const API = "/graphql/";
// The demo shop's channel; ?channel=<slug> shows another one.
const CHANNEL = new URLSearchParams(window.location.search).get("channel") || "default-channel";
const ADDRESS = {
  firstName: "Ada", lastName: "Lovelace", streetAddress1: "350 Fifth Avenue", city: "New York",
  postalCode: "10118", country: "US", countryArea: "NY",
};
const MONEY = "{ gross { amount currency } }";
const ERRORS = "errors { field message }";
const CHECKOUT_FIELDS = `id voucherCode discount { amount currency }
  lines { id quantity variant { name product { name } } totalPrice ${MONEY} }
  subtotalPrice ${MONEY} shippingPrice ${MONEY} totalPrice ${MONEY}
  giftCards { last4CodeChars currentBalance { amount currency } }
  shippingMethods { id } deliveryMethod { ... on ShippingMethod { id } }`;

const $ = (id) => document.getElementById(id);
const widget = $("rewards");
widget.setAttribute("channel", CHANNEL);
let token = sessionStorage.getItem("demo-token");
let checkoutId = sessionStorage.getItem("demo-checkout");

async function gql(query, variables = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(API, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
  const body = await response.json();
  if (body.errors && body.errors.length) throw new Error(body.errors.map((e) => e.message).join(" "));
  return body.data;
}

async function mutate(query, variables) {
  const payload = Object.values(await gql(query, variables))[0];
  if (payload.errors && payload.errors.length) throw new Error(payload.errors.map((e) => e.message).join(" "));
  return payload;
}

function money(value) {
  if (!value) return "";
  return new Intl.NumberFormat("en-US", { style: "currency", currency: value.currency }).format(value.amount);
}

function say(text) { $("cart-status").textContent = text; }

function remember(key, value) {
  if (value) sessionStorage.setItem(key, value); else sessionStorage.removeItem(key);
}

async function showAccount() {
  widget.token = token;
  if (!token) {
    $("sign-in").hidden = false;
    $("signed-in").hidden = true;
    return;
  }
  try {
    const { me } = await gql("{ me { email } }");
    if (!me) throw new Error("Signed out");
    $("who").textContent = me.email;
    $("sign-in").hidden = true;
    $("signed-in").hidden = false;
  } catch (error) {
    signOut();
  }
}

function signOut() {
  token = null;
  checkoutId = null;
  remember("demo-token", null);
  remember("demo-checkout", null);
  widget.removeAttribute("checkout-id");
  showAccount();
  showCart(null);
}

$("sign-in").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("sign-in-error").textContent = "";
  try {
    const data = await mutate(`mutation SignIn($email: String!, $password: String!) {
      tokenCreate(email: $email, password: $password) { token ${ERRORS} } }`,
    { email: $("email").value, password: $("password").value });
    token = data.token;
    remember("demo-token", token);
    await showAccount();
    await refreshCart();
  } catch (error) {
    $("sign-in-error").textContent = error.message;
  }
});
$("sign-out").addEventListener("click", signOut);
widget.addEventListener("loyalty-token-expired", signOut);

async function showProducts() {
  const data = await gql(`query Products($channel: String!) {
    products(first: 20, channel: $channel) { edges { node { id name
      variants { id sku pricing { price ${MONEY} } } } } } }`, { channel: CHANNEL });
  const list = $("products");
  list.replaceChildren();
  for (const { node } of data.products.edges) {
    for (const variant of node.variants) {
      const item = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = `${node.name} — ${money(variant.pricing && variant.pricing.price.gross)}`;
      const add = document.createElement("button");
      add.type = "button";
      add.textContent = "Add to cart";
      add.setAttribute("aria-label", `Add ${node.name} to cart`);
      add.dataset.sku = variant.sku;
      add.addEventListener("click", () => addToCart(variant.id, node.name));
      item.append(name, add);
      list.append(item);
    }
  }
}

async function addToCart(variantId, name) {
  if (!token) {
    say("Sign in to shop: your points and rewards need your account.");
    $("email").focus();
    return;
  }
  const lines = [{ variantId, quantity: 1 }];
  if (checkoutId) {
    await mutate(`mutation Add($id: ID!, $lines: [CheckoutLineInput!]!) {
      checkoutLinesAdd(id: $id, lines: $lines) { checkout { id } ${ERRORS} } }`, { id: checkoutId, lines });
  } else {
    const created = await mutate(`mutation Create($input: CheckoutCreateInput!) {
      checkoutCreate(input: $input) { checkout { id } ${ERRORS} } }`,
    { input: { channel: CHANNEL, lines, shippingAddress: ADDRESS, billingAddress: ADDRESS } });
    checkoutId = created.checkout.id;
    remember("demo-checkout", checkoutId);
  }
  say(`${name} added to your cart.`);
  await refreshCart();
}

// Saleor's totals after a change; the widget reloads too unless it made the change itself.
async function refreshCart({ widgetToo = true } = {}) {
  if (!checkoutId) return showCart(null);
  let { checkout } = await gql(`query Cart($id: ID!) { checkout(id: $id) { ${CHECKOUT_FIELDS} } }`, { id: checkoutId });
  if (checkout && !checkout.deliveryMethod && checkout.shippingMethods.length) {
    await mutate(`mutation Ship($id: ID!, $method: ID!) {
      checkoutDeliveryMethodUpdate(id: $id, deliveryMethodId: $method) { checkout { id } ${ERRORS} } }`,
    { id: checkoutId, method: checkout.shippingMethods[0].id });
    ({ checkout } = await gql(`query Cart($id: ID!) { checkout(id: $id) { ${CHECKOUT_FIELDS} } }`, { id: checkoutId }));
  }
  if (!checkout) {
    checkoutId = null;
    remember("demo-checkout", null);
  }
  const sameCheckout = checkout && widget.getAttribute("checkout-id") === checkout.id;
  showCart(checkout);
  if (sameCheckout && widgetToo) await widget.refresh();
}

function showCart(checkout) {
  const hasLines = Boolean(checkout && checkout.lines.length);
  $("cart-empty").hidden = hasLines;
  $("cart-content").hidden = !hasLines;
  if (checkout) widget.setAttribute("checkout-id", checkout.id); else widget.removeAttribute("checkout-id");
  if (!hasLines) return;
  $("cart-lines").replaceChildren(...checkout.lines.map((line) => {
    const item = document.createElement("li");
    item.textContent = `${line.quantity} × ${line.variant.product.name} — ${money(line.totalPrice.gross)}`;
    return item;
  }));
  const pointsPaid = checkout.giftCards.reduce((sum, card) => sum + card.currentBalance.amount, 0);
  const currency = checkout.totalPrice.gross.currency;
  $("subtotal").textContent = money(checkout.subtotalPrice.gross);
  $("shipping").textContent = money(checkout.shippingPrice.gross);
  $("discount").textContent = checkout.voucherCode ? `−${money(checkout.discount)}` : money({ amount: 0, currency });
  $("gift-cards").textContent = `−${money({ amount: pointsPaid, currency })}`;
  $("total").textContent = money(checkout.totalPrice.gross);
  $("total").dataset.amount = checkout.totalPrice.gross.amount;
}

// Points were applied or removed in the widget: Saleor's totals changed too.
widget.addEventListener("loyalty-checkout-changed", () => refreshCart({ widgetToo: false }));

$("place-order").addEventListener("click", async () => {
  const button = $("place-order");
  button.disabled = true;
  try {
    const { checkout } = await gql(`query Total($id: ID!) { checkout(id: $id) { totalPrice ${MONEY} } }`, { id: checkoutId });
    const amount = checkout.totalPrice.gross.amount;
    if (amount > 0) {
      await mutate(`mutation Pay($id: ID!, $input: PaymentInput!) {
        checkoutPaymentCreate(id: $id, input: $input) { payment { id } ${ERRORS} } }`,
      { id: checkoutId, input: { gateway: "mirumee.payments.dummy", token: "charged", amount } });
    }
    const { order } = await mutate(`mutation Complete($id: ID!) {
      checkoutComplete(id: $id) { order { number total ${MONEY} } ${ERRORS} } }`, { id: checkoutId });
    checkoutId = null;
    remember("demo-checkout", null);
    showCart(null);
    say(`Thank you! Order #${order.number} is placed (${money(order.total.gross)}). Its points are in your rewards as pending.`);
    $("cart-status").dataset.order = order.number;
    await widget.refresh();
  } catch (error) {
    say(`The order could not be placed: ${error.message}`);
  } finally {
    button.disabled = false;
  }
});

showProducts().catch((error) => { $("products").textContent = `Could not load products: ${error.message}`; });
showAccount().then(() => refreshCart()).catch(() => showCart(null));
