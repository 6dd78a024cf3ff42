/**
 * <loyalty-widget>: the shop's loyalty program in any storefront, as one framework-free module.
 *
 *   <script type="module" src="https://shop.example.com/loyalty/loyalty-widget.js"></script>
 *   <loyalty-widget api-url="https://shop.example.com/graphql/" channel="default-channel"
 *                   checkout-id="Q2hlY2tvdXQ6..."></loyalty-widget>
 *   <script>document.querySelector("loyalty-widget").token = customerAccessToken;</script>
 *
 * Signed in, it shows the points to spend and pending, the tier and how far the next one is
 * ("Spend $X more to reach Gold"), rewards with copy-to-clipboard, punch cards and history;
 * with a checkout-id it adds "pay with points" (loyaltyRedeemPoints / loyaltyCancelRedemption)
 * and the new total. Anonymous visitors see the program's pitch and a sign-in prompt.
 *
 * Attributes: api-url (default: /graphql/ of the origin serving this file, or the plugin
 * route's graphql/ beside it), channel, checkout-id, auth-scheme ("Bearer"; "JWT" on Saleor
 * 2.10), sign-in-url, locale, sections ("summary tier rewards punch-cards history checkout"),
 * history-size. The token is a property (kept out of the DOM), as are texts (any subset of
 * LoyaltyWidget.defaultTexts, also readable from a child <script type="application/json"
 * data-loyalty-texts>). Themed with CSS custom properties (--loyalty-accent, ...) and ::part().
 * Events: loyalty-loaded, loyalty-checkout-changed, loyalty-sign-in, loyalty-token-expired,
 * loyalty-error. It requests nothing but the shop's API.
 */

const DEFAULT_TEXTS = Object.freeze({
  title: "Rewards",
  loading: "Loading your rewards…",
  loadFailed: "We could not load the rewards program.",
  retry: "Try again",
  inactive: "The rewards program is not running right now.",
  pitchTitle: "Join our rewards program",
  pointsOne: "{count} point",
  pointsOther: "{count} points",
  pitchEarn: "Earn {points} for every {unit} you spend.",
  pitchRedeem: "{points} pay {value} of your order.",
  pitchThreshold: "Members get {percent}% off orders over {amount}.",
  pitchThresholdAlways: "Members get {percent}% off every order.",
  pitchTiers: "Tiers",
  tierNeedsMoney: "spend {amount} a year",
  tierNeedsMoneyLifetime: "spend {amount}",
  tierNeedsPoints: "earn {points}",
  tierNeedsOrders: "place {count} orders",
  tierMultiplier: "{multiplier}× points",
  tierDiscount: "{percent}% off orders over {amount}",
  tierDiscountAlways: "{percent}% off every order",
  tierFreeShipping: "free shipping",
  pitchMembership: "Or join {tier} today: {months} months for {price}.",
  pitchPunchCard: "{name}: buy {goal}, get one free.",
  signIn: "Sign in to earn points",
  signInPrompt: "Sign in or create an account to start earning.",
  balance: "Points to spend",
  pending: "Pending",
  pendingHint: "Pending points can be spent once the return window closes.",
  tier: "Your tier",
  noTier: "Member",
  progressLabel: "Progress to {tier}",
  progressMoney: "Spend {amount} more to reach {tier}",
  progressPoints: "Earn {points} more to reach {tier}",
  progressOrders: "{count} more orders to reach {tier}",
  topTier: "You are in our top tier.",
  rewards: "Your rewards",
  noRewards: "No rewards yet: keep earning.",
  rewardApplied: "Applied automatically at checkout.",
  copy: "Copy code",
  copyLabel: "Copy code {code}",
  copied: "Copied {code}.",
  copyFailed: "Could not copy; select the code and copy it.",
  punchCards: "Punch cards",
  punchProgress: "{progress} of {goal}",
  punchLabel: "{name} progress",
  freeUnit: "Free unit code",
  history: "History",
  noHistory: "No points yet.",
  showMore: "Show more",
  pendingStatus: "pending",
  payWithPoints: "Pay with points",
  pointsToUse: "Points to use",
  usable: "You have {balance}; up to {points} ({value}) can pay for this order.",
  usableWithHeld: "Up to {points} ({value}) can pay for this order, counting the {held} on it.",
  notUsable: "You have {balance}; none can pay for this order yet (at least {min}).",
  redemptionOff: "This shop does not take points as payment.",
  useMost: "Use {points}",
  apply: "Apply points",
  remove: "Remove points",
  applied: "{points} ({value}) pay for this order.",
  appliedNotice: "Points applied. New total: {total}.",
  removed: "The points are back in your balance. New total: {total}.",
  totalToPay: "Total to pay",
  earnOnOrder: "You will earn {points} on this order.",
  earnOnOrderGuest: "Sign in to earn {points} on this order and pay with points.",
  requestFailed: "That did not work. Try again.",
});

const EARN_KINDS = ["EARN", "ADJUST", "REDEEM_RETURN"];
const ALL_SECTIONS = ["summary", "tier", "rewards", "punch-cards", "history", "checkout"];
const MONEY = "{ amount currency }";
const TIER = `name slug basis window threshold earnMultiplier thresholdMoney ${MONEY}
  perks { discountPercent freeShipping discountMinOrderMoney ${MONEY} }`;
const HISTORY = `transactions(first: $historySize, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { node { id kind points status createdAt availableAt reason } } }`;
const LOAD = `query LoyaltyWidget($channel: String, $checkoutId: ID!, $withCheckout: Boolean!,
    $historySize: Int!, $after: String) {
  loyaltyProgram(channel: $channel) {
    isActive currency pointsPerCurrencyUnit maxDiscountPercent
    tiers { ${TIER} }
    redemption { enabled pointsPerCurrencyUnit minPoints step maxOrderPercent }
    thresholdDiscount { percent minOrder ${MONEY} }
    membership { months price ${MONEY} tier { name } }
    punchCards { name goal }
  }
  myLoyalty(channel: $channel) {
    email pointsBalance pendingPoints
    tier { name slug }
    nextTier { name }
    progressToNextTier { percent basis remaining remainingMoney ${MONEY} }
    availableRewards { code kind label }
    punchCards { name slug goal progress freeUnitCodes }
    ${HISTORY}
  }
  checkoutLoyalty(checkoutId: $checkoutId) @include(if: $withCheckout) {
    isActive hasCustomer pointsToEarn pointsBalance maxRedeemablePoints
    totalPrice ${MONEY} maxRedeemableValue ${MONEY}
    redemption { points amountMoney ${MONEY} }
    reward { label discount ${MONEY} }
  }
}`;
const MORE_HISTORY = `query LoyaltyWidgetHistory($channel: String, $historySize: Int!, $after: String) {
  myLoyalty(channel: $channel) { ${HISTORY} } }`;
const ERRORS = "errors { field code message }";
const REDEEM = `mutation LoyaltyWidgetRedeem($checkoutId: ID!, $points: Int!) {
  loyaltyRedeemPoints(checkoutId: $checkoutId, points: $points) { ${ERRORS} } }`;
const CANCEL = `mutation LoyaltyWidgetCancel($checkoutId: ID!) {
  loyaltyCancelRedemption(checkoutId: $checkoutId) { ${ERRORS} } }`;

const STYLE = `
:host {
  --_accent: var(--loyalty-accent, #1d4ed8);
  --_accent-text: var(--loyalty-accent-text, #ffffff);
  --_text: var(--loyalty-text, #1f2937);
  --_muted: var(--loyalty-muted, #4b5563);
  --_background: var(--loyalty-background, #ffffff);
  --_surface: var(--loyalty-surface, #f3f4f6);
  --_border: var(--loyalty-border, #d1d5db);
  --_track: var(--loyalty-track, #e5e7eb);
  --_error: var(--loyalty-error, #b42318);
  --_success: var(--loyalty-success, #05603a);
  --_radius: var(--loyalty-radius, 12px);
  display: block; box-sizing: border-box; max-width: var(--loyalty-max-width, 32rem);
  padding: var(--loyalty-padding, 1rem); border: 1px solid var(--_border);
  border-radius: var(--_radius); background: var(--_background); color: var(--_text);
  font: var(--loyalty-font, inherit); line-height: 1.45;
}
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
h2 { font-size: 1.25em; margin: 0 0 .75rem; }
h3 { font-size: 1em; margin: 1rem 0 .5rem; }
p { margin: .25rem 0; }
ul { list-style: none; margin: 0; padding: 0; }
li { padding: .375rem 0; border-top: 1px solid var(--_track); }
li:first-child { border-top: 0; }
.muted { color: var(--_muted); }
.figures { display: flex; gap: .75rem; flex-wrap: wrap; }
.figure { flex: 1 1 8rem; background: var(--_surface); border-radius: calc(var(--_radius) / 1.5);
  padding: .5rem .75rem; }
.figure strong { display: block; font-size: 1.5em; }
.bar { height: .625rem; background: var(--_track); border-radius: 999px; overflow: hidden;
  margin: .375rem 0; }
.bar > span { display: block; height: 100%; background: var(--_accent); }
.entry { display: grid; grid-template-columns: 1fr auto; gap: .75rem; align-items: baseline; }
.row { display: flex; gap: .5rem; align-items: center; justify-content: space-between;
  flex-wrap: wrap; }
code { font-family: var(--loyalty-code-font, ui-monospace, monospace);
  background: var(--_surface); padding: .125rem .375rem; border-radius: 4px; }
button, .button { font: inherit; cursor: pointer; border-radius: calc(var(--_radius) / 1.5);
  padding: .5rem .875rem; border: 1px solid var(--_accent); text-decoration: none;
  background: var(--_accent); color: var(--_accent-text); display: inline-block; }
button.secondary { background: var(--_background); color: var(--_accent); }
button[disabled] { cursor: progress; opacity: .75; }
button:focus-visible, input:focus-visible, .button:focus-visible {
  outline: 3px solid var(--_accent); outline-offset: 2px; }
label { display: block; font-weight: 600; margin-bottom: .25rem; }
input { font: inherit; padding: .5rem; border: 1px solid var(--_muted); width: 9rem;
  border-radius: calc(var(--_radius) / 2); color: var(--_text); background: var(--_background); }
.error { color: var(--_error); font-weight: 600; }
[data-notice]:focus { outline: 2px solid var(--_accent); outline-offset: 2px; }
.success { color: var(--_success); font-weight: 600; }
.total { font-size: 1.25em; font-weight: 700; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
`;

let sharedSheet = null;

/** The widget's styles as one constructable sheet (no inline styles for a strict CSP). */
function styleFor(root) {
  const constructable = typeof CSSStyleSheet === "function" && "replaceSync" in CSSStyleSheet.prototype;
  if (constructable && "adoptedStyleSheets" in root) {
    if (!sharedSheet) {
      sharedSheet = new CSSStyleSheet();
      sharedSheet.replaceSync(STYLE);
    }
    root.adoptedStyleSheets = [sharedSheet];
    return null;
  }
  return h("style", { text: STYLE });
}

/** A progress bar: the fill's width is set through the CSSOM, never a style attribute. */
function bar(percent, attributes) {
  const fillSpan = h("span");
  fillSpan.style.width = `${Math.max(0, Math.min(100, percent))}%`;
  return h("div", { class: "bar", role: "progressbar", ...attributes }, fillSpan);
}

/** An element with text, attributes, listeners and children; text never becomes markup. */
function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") element.textContent = value;
    else if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

function fill(template, values = {}) {
  return String(template).replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
}

function defaultApiUrl() {
  const here = new URL(import.meta.url);
  return here.pathname.includes("/plugins/") ? new URL("graphql/", here).href
    : new URL("/graphql/", here).href;
}

export class LoyaltyWidget extends HTMLElement {
  static get observedAttributes() {
    return ["api-url", "token", "channel", "checkout-id", "auth-scheme", "sign-in-url", "locale",
      "sections", "history-size"];
  }

  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._token = null;
    this._texts = {};
    this._data = null;
    this._history = [];
    this._notice = null;
    this._generation = 0;
    this._busy = false;
    this._typed = null;
  }

  get token() { return this._token || this.getAttribute("token") || null; }
  set token(value) { this._token = value || null; this._scheduleRefresh(); }
  get texts() {
    if (!this._mergedTexts) {
      this._mergedTexts = { ...LoyaltyWidget.defaultTexts, ...this._declaredTexts(), ...this._texts };
    }
    return this._mergedTexts;
  }
  set texts(value) {
    this._texts = { ...(value || {}) };
    this._mergedTexts = null;
    this._render();
  }
  get data() { return this._data; }

  connectedCallback() {
    // a page may set properties before this module defined the element
    for (const name of ["token", "texts"]) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
    this._mergedTexts = null; // a texts script may have come with the page
    this._scheduleRefresh();
  }
  attributeChangedCallback() { if (this.isConnected) this._scheduleRefresh(); }

  _scheduleRefresh() {
    if (this._refreshQueued) return;
    this._refreshQueued = true;
    queueMicrotask(() => { this._refreshQueued = false; if (this.isConnected) this.refresh(); });
  }

  _declaredTexts() {
    const script = this.querySelector("script[data-loyalty-texts]");
    if (!script) return {};
    try { return JSON.parse(script.textContent); } catch (error) { return {}; }
  }

  get apiUrl() { return this.getAttribute("api-url") || defaultApiUrl(); }
  get locale() {
    return this.getAttribute("locale") || this.closest("[lang]")?.getAttribute("lang") || undefined;
  }
  get sections() {
    const listed = (this.getAttribute("sections") || "").split(/\s+/).filter(Boolean);
    return new Set(listed.length ? listed : ALL_SECTIONS);
  }
  get historySize() {
    const size = parseInt(this.getAttribute("history-size") || "5", 10);
    return Number.isFinite(size) ? Math.min(Math.max(size, 1), 100) : 5;
  }

  /** POST one GraphQL document to the shop's API; resolves to its data, rejects on errors. */
  async _request(query, variables) {
    const headers = { "Content-Type": "application/json" };
    const token = this.token;
    if (token) headers.Authorization = `${this.getAttribute("auth-scheme") || "Bearer"} ${token}`;
    const response = await fetch(this.apiUrl, {
      method: "POST", headers, body: JSON.stringify({ query, variables }), credentials: "omit",
    });
    let body;
    try { body = await response.json(); } catch (error) { throw new Error(`HTTP ${response.status}`); }
    const errors = body.errors || [];
    const message = errors.map((error) => error.message).join(" ");
    if (token && /expired|signature/i.test(message)) {
      this.dispatchEvent(new CustomEvent("loyalty-token-expired", { bubbles: true, composed: true }));
    }
    // a field that failed alone (say, a stale checkout) leaves the rest of the answer usable
    if (!body.data) throw new Error(message || `HTTP ${response.status}`);
    if (errors.length) {
      this.dispatchEvent(new CustomEvent("loyalty-error", {
        detail: { error: new Error(message) }, bubbles: true, composed: true }));
    }
    return body.data;
  }

  /** Load the program, the member and the checkout again (one request) and redraw. */
  async refresh() {
    const generation = ++this._generation;
    const checkoutId = this.getAttribute("checkout-id") || "";
    if (!this._data) this._render();
    try {
      const data = await this._request(LOAD, {
        channel: this.getAttribute("channel") || null, checkoutId, withCheckout: Boolean(checkoutId),
        historySize: this.historySize, after: null,
      });
      if (generation !== this._generation) return;
      this._data = data;
      this._error = null;
      this._history = data.myLoyalty ? this._edges(data.myLoyalty.transactions) : [];
      this._historyPage = data.myLoyalty ? data.myLoyalty.transactions.pageInfo : null;
      this.dispatchEvent(new CustomEvent("loyalty-loaded", { detail: data, bubbles: true, composed: true }));
    } catch (error) {
      if (generation !== this._generation) return;
      this._error = error;
      this.dispatchEvent(new CustomEvent("loyalty-error", { detail: { error }, bubbles: true, composed: true }));
    }
    this._render();
  }

  _edges(connection) { return connection.edges.map((edge) => edge.node); }

  async _showMoreHistory() {
    const data = await this._request(MORE_HISTORY, {
      channel: this.getAttribute("channel") || null, historySize: this.historySize,
      after: this._historyPage.endCursor,
    });
    this._history = this._history.concat(this._edges(data.myLoyalty.transactions));
    this._historyPage = data.myLoyalty.transactions.pageInfo;
    this._render();
    this.shadowRoot.querySelector(`[data-history-item="${this._history.length - 1}"]`)?.focus();
  }

  async _mutate(document, variables, successText) {
    this._busy = true;
    this._notice = null;
    this._render();
    try {
      const payload = Object.values(await this._request(document, variables))[0];
      if (payload.errors.length) {
        this._notice = { kind: "error", text: payload.errors.map((error) => error.message).join(" ") };
      } else {
        this._typed = null;
        await this.refresh();
        const checkout = this._data && this._data.checkoutLoyalty;
        this._notice = { kind: "success", text: successText(checkout) };
        this.dispatchEvent(new CustomEvent("loyalty-checkout-changed", {
          detail: { checkoutId: variables.checkoutId, checkout }, bubbles: true, composed: true,
        }));
      }
    } catch (error) {
      this._notice = { kind: "error", text: this.texts.requestFailed };
    }
    this._busy = false;
    this._render();
    this.shadowRoot.querySelector("[data-notice]")?.focus();
  }

  _redeem(points) {
    const checkoutId = this.getAttribute("checkout-id");
    this._mutate(REDEEM, { checkoutId, points },
      (checkout) => fill(this.texts.appliedNotice, { total: this._money(checkout.totalPrice) }));
  }

  _cancel() {
    this._mutate(CANCEL, { checkoutId: this.getAttribute("checkout-id") },
      (checkout) => fill(this.texts.removed, { total: this._money(checkout.totalPrice) }));
  }

  async _copy(code) {
    try {
      await navigator.clipboard.writeText(code);
      this._announce(fill(this.texts.copied, { code }));
    } catch (error) {
      this._announce(this.texts.copyFailed);
    }
  }

  _announce(text) {
    const status = this.shadowRoot.querySelector("[data-status]");
    if (status) status.textContent = text;
  }

  _count(value) { return new Intl.NumberFormat(this.locale).format(value); }
  /** "1 point", "1,500 points": the locale's plural rule picks pointsOne, pointsFew, ... */
  _points(value) {
    const texts = this.texts;
    const rule = new Intl.PluralRules(this.locale).select(value);
    const key = `points${rule[0].toUpperCase()}${rule.slice(1)}`;
    return fill(texts[key] || texts.pointsOther, { count: this._count(value) });
  }
  _money(money, whole = false) {
    if (!money) return "";
    const options = { style: "currency", currency: money.currency };
    if (whole && Number.isInteger(money.amount)) options.maximumFractionDigits = 0;
    return new Intl.NumberFormat(this.locale, options).format(money.amount);
  }
  _date(value) {
    return new Intl.DateTimeFormat(this.locale, { dateStyle: "medium" }).format(new Date(value));
  }

  _render() {
    const texts = this.texts;
    const root = this.shadowRoot;
    const body = h("section", { part: "panel", "aria-labelledby": "loyalty-title",
      "aria-busy": this._data || this._error ? "false" : "true" },
    h("h2", { id: "loyalty-title", part: "title", text: texts.title }));
    if (this._error && !this._data) {
      body.append(h("p", { class: "error", role: "alert", text: texts.loadFailed }),
        h("button", { type: "button", part: "button", text: texts.retry, onclick: () => this.refresh() }));
    } else if (!this._data) {
      body.append(h("p", { class: "muted", text: texts.loading }));
    } else if (!this._data.loyaltyProgram || !this._data.loyaltyProgram.isActive) {
      body.append(h("p", { class: "muted", text: texts.inactive }));
    } else {
      // on the checkout page, paying with points comes first
      const panels = [this._checkoutPanel(), this._data.myLoyalty ? this._member() : this._pitch()];
      body.append(...panels.filter(Boolean));
    }
    body.append(h("p", { class: "visually-hidden", role: "status", "data-status": true }));
    root.replaceChildren(...[styleFor(root), body].filter(Boolean));
  }

  _pitch() {
    const texts = this.texts;
    const program = this._data.loyaltyProgram;
    const unit = { amount: 1, currency: program.currency };
    const lines = [h("h3", { text: texts.pitchTitle }),
      h("p", { text: fill(texts.pitchEarn, { points: this._points(program.pointsPerCurrencyUnit),
        unit: this._money(unit, true) }) })];
    if (program.redemption.enabled) {
      lines.push(h("p", { text: fill(texts.pitchRedeem, {
        points: this._points(program.redemption.pointsPerCurrencyUnit), value: this._money(unit, true) }) }));
    }
    const threshold = program.thresholdDiscount;
    if (threshold) {
      lines.push(h("p", { text: fill(threshold.minOrder.amount > 0 ? texts.pitchThreshold : texts.pitchThresholdAlways,
        { percent: threshold.percent, amount: this._money(threshold.minOrder, true) }) }));
    }
    if (program.tiers.length) {
      lines.push(h("h3", { text: texts.pitchTiers }),
        h("ul", { part: "tiers" }, program.tiers.map((tier) => h("li", {},
          h("strong", { text: tier.name }), " ", h("span", { class: "muted", text: this._tierTerms(tier) })))));
    }
    if (program.membership && program.membership.price && program.membership.tier) {
      lines.push(h("p", { text: fill(texts.pitchMembership, { tier: program.membership.tier.name,
        months: program.membership.months, price: this._money(program.membership.price) }) }));
    }
    for (const card of program.punchCards) {
      lines.push(h("p", { text: fill(texts.pitchPunchCard, { name: card.name, goal: card.goal }) }));
    }
    const signInUrl = this.getAttribute("sign-in-url");
    const signIn = signInUrl ? h("a", { class: "button", part: "button", href: signInUrl, text: texts.signIn })
      : h("button", { type: "button", part: "button", text: texts.signIn, onclick: () => this.dispatchEvent(
        new CustomEvent("loyalty-sign-in", { bubbles: true, composed: true })) });
    lines.push(h("p", { class: "muted", text: texts.signInPrompt }), signIn);
    return h("div", { part: "pitch" }, lines);
  }

  _tierTerms(tier) {
    const texts = this.texts;
    const needs = tier.basis === "MONEY_SPENT"
      ? fill(tier.window === "LIFETIME" ? texts.tierNeedsMoneyLifetime : texts.tierNeedsMoney,
        { amount: this._money(tier.thresholdMoney, true) })
      : fill(tier.basis === "ORDERS" ? texts.tierNeedsOrders : texts.tierNeedsPoints,
        { count: this._count(tier.threshold), points: this._points(tier.threshold) });
    const perks = [needs];
    if (tier.earnMultiplier !== 1) perks.push(fill(texts.tierMultiplier, { multiplier: tier.earnMultiplier }));
    if (tier.perks.discountPercent > 0) {
      const minimum = tier.perks.discountMinOrderMoney;
      perks.push(fill(minimum && minimum.amount > 0 ? texts.tierDiscount : texts.tierDiscountAlways,
        { percent: tier.perks.discountPercent, amount: this._money(minimum, true) }));
    }
    if (tier.perks.freeShipping) perks.push(texts.tierFreeShipping);
    return perks.join(" · ");
  }

  _member() {
    const sections = this.sections;
    return h("div", { part: "member" },
      sections.has("summary") && this._summary(),
      sections.has("tier") && this._tier(),
      sections.has("rewards") && this._rewards(),
      sections.has("punch-cards") && this._punchCards(),
      sections.has("history") && this._historyList());
  }

  _summary() {
    const texts = this.texts;
    const member = this._data.myLoyalty;
    return h("div", { class: "figures", part: "summary" },
      h("p", { class: "figure", "data-balance": member.pointsBalance },
        h("span", { class: "muted", text: texts.balance }), h("strong", { text: this._count(member.pointsBalance) })),
      h("p", { class: "figure", "data-pending": member.pendingPoints, title: texts.pendingHint },
        h("span", { class: "muted", text: texts.pending }), h("strong", { text: this._count(member.pendingPoints) })));
  }

  _tier() {
    const texts = this.texts;
    const member = this._data.myLoyalty;
    const parts = [h("h3", { text: texts.tier }),
      h("p", { "data-tier": member.tier ? member.tier.slug : "", text: member.tier ? member.tier.name : texts.noTier })];
    const progress = member.progressToNextTier;
    if (member.nextTier && progress) {
      const tier = member.nextTier.name;
      const hint = progress.basis === "MONEY_SPENT"
        ? fill(texts.progressMoney, { amount: this._money(progress.remainingMoney), tier })
        : fill(progress.basis === "ORDERS" ? texts.progressOrders : texts.progressPoints,
          { count: this._count(Math.ceil(progress.remaining)), points: this._points(Math.ceil(progress.remaining)), tier });
      parts.push(bar(progress.percent, { part: "progress", "aria-valuemin": 0, "aria-valuemax": 100,
        "aria-valuenow": progress.percent, "aria-valuetext": hint,
        "aria-label": fill(texts.progressLabel, { tier }) }),
      h("p", { "data-progress-hint": true, text: hint }));
    } else if (member.tier) {
      parts.push(h("p", { class: "muted", text: texts.topTier }));
    }
    return h("div", { part: "tier" }, parts);
  }

  _codeRow(label, code) {
    return h("li", { class: "row" }, h("span", {}, h("span", { text: label }), " ", code ? h("code", { text: code }) : null),
      code ? h("button", { type: "button", class: "secondary", part: "button", text: this.texts.copy,
        "aria-label": fill(this.texts.copyLabel, { code }), onclick: () => this._copy(code) }) : null);
  }

  _rewards() {
    const texts = this.texts;
    const rewards = this._data.myLoyalty.availableRewards;
    return h("div", { part: "rewards" }, h("h3", { text: texts.rewards }),
      rewards.length ? h("ul", {}, rewards.map((reward) => this._codeRow(reward.label, reward.code)))
        : h("p", { class: "muted", text: texts.noRewards }),
      rewards.length ? h("p", { class: "muted", text: texts.rewardApplied }) : null);
  }

  _punchCards() {
    const texts = this.texts;
    const cards = this._data.myLoyalty.punchCards;
    if (!cards.length) return null;
    return h("div", { part: "punch-cards" }, h("h3", { text: texts.punchCards }),
      h("ul", {}, cards.map((card) => {
        const percent = Math.round((card.progress * 100) / card.goal);
        const said = fill(texts.punchProgress, { progress: card.progress, goal: card.goal });
        return h("li", {}, h("div", { class: "row" }, h("strong", { text: card.name }), h("span", { text: said })),
          bar(percent, { "aria-valuemin": 0, "aria-valuemax": card.goal, "aria-valuenow": card.progress,
            "aria-valuetext": said, "aria-label": fill(texts.punchLabel, { name: card.name }) }),
          card.freeUnitCodes.length ? h("ul", {}, card.freeUnitCodes.map((code) => this._codeRow(texts.freeUnit, code))) : null);
      })));
  }

  _historyList() {
    const texts = this.texts;
    const items = this._history.map((row, index) => h("li", { class: "entry", tabindex: -1, "data-history-item": index },
      h("span", {}, h("span", { text: row.reason || row.kind }), " ",
        h("span", { class: "muted", text: this._date(row.createdAt) }),
        row.status === "PENDING" ? h("span", { class: "muted", text: ` (${texts.pendingStatus})` }) : null),
      h("strong", { text: (row.points > 0 ? "+" : "−") + this._count(Math.abs(row.points)),
        class: EARN_KINDS.includes(row.kind) && row.points > 0 ? "success" : null })));
    return h("div", { part: "history" }, h("h3", { text: texts.history }),
      items.length ? h("ul", {}, items) : h("p", { class: "muted", text: texts.noHistory }),
      this._historyPage && this._historyPage.hasNextPage
        ? h("button", { type: "button", class: "secondary", part: "button", text: texts.showMore,
          onclick: () => this._showMoreHistory().catch(() => this._announce(texts.requestFailed)) }) : null);
  }

  _checkoutPanel() {
    const checkout = this._data.checkoutLoyalty;
    if (!checkout || !checkout.isActive || !this.sections.has("checkout")) return null;
    const texts = this.texts;
    const rules = this._data.loyaltyProgram.redemption;
    const parts = [h("h3", { text: texts.payWithPoints })];
    if (!checkout.hasCustomer || !this._data.myLoyalty) {
      parts.push(h("p", { "data-earn": checkout.pointsToEarn,
        text: fill(texts.earnOnOrderGuest, { points: this._points(checkout.pointsToEarn) }) }));
      return h("div", { part: "checkout" }, parts);
    }
    const held = checkout.redemption;
    if (!rules.enabled) {
      parts.push(h("p", { class: "muted", text: texts.redemptionOff }));
    } else {
      const usable = checkout.maxRedeemablePoints;
      const usableText = held ? texts.usableWithHeld : texts.usable;
      parts.push(h("p", { "data-usable": usable, text: usable > 0
        ? fill(usableText, { balance: this._points(checkout.pointsBalance), points: this._points(usable),
          value: this._money(checkout.maxRedeemableValue), held: held && this._points(held.points) })
        : fill(texts.notUsable, { balance: this._points(checkout.pointsBalance), min: this._points(rules.minPoints) }) }));
      const input = h("input", { id: "loyalty-points", name: "points", type: "number", inputmode: "numeric",
        min: Math.max(rules.minPoints, rules.step), step: rules.step, part: "input",
        value: this._typed !== null ? this._typed : (held ? held.points : (usable || "")),
        "aria-describedby": "loyalty-points-hint", oninput: (event) => { this._typed = event.target.value; } });
      const form = h("form", { novalidate: true, part: "form", onsubmit: (event) => {
        event.preventDefault();
        const points = parseInt(input.value, 10);
        if (Number.isFinite(points) && !this._busy) this._redeem(points);
      } }, h("label", { for: "loyalty-points", text: texts.pointsToUse }),
      h("div", { class: "row" }, input,
        h("button", { type: "submit", part: "button", disabled: this._busy, text: texts.apply }),
        usable > 0 ? h("button", { type: "button", class: "secondary", part: "button", disabled: this._busy,
          text: fill(texts.useMost, { points: this._points(usable) }),
          onclick: () => { input.value = usable; this._redeem(usable); } }) : null),
      h("p", { id: "loyalty-points-hint", class: "muted",
        text: fill(texts.pitchRedeem, { points: this._points(rules.pointsPerCurrencyUnit),
          value: this._money({ amount: 1, currency: checkout.totalPrice.currency }, true) }) }));
      parts.push(form);
    }
    if (held) {
      parts.push(h("div", { class: "row" }, h("p", { "data-held": held.points,
        text: fill(texts.applied, { points: this._points(held.points), value: this._money(held.amountMoney) }) }),
      h("button", { type: "button", class: "secondary", part: "button", disabled: this._busy,
        text: texts.remove, onclick: () => this._cancel() })));
    }
    if (this._notice) {
      parts.push(h("p", { class: this._notice.kind, tabindex: -1, "data-notice": this._notice.kind,
        role: this._notice.kind === "error" ? "alert" : "status", text: this._notice.text }));
    }
    parts.push(h("p", { class: "row" }, h("span", { text: texts.totalToPay }),
      h("span", { class: "total", "data-total": checkout.totalPrice.amount, text: this._money(checkout.totalPrice) })),
    h("p", { "data-earn": checkout.pointsToEarn,
      text: fill(texts.earnOnOrder, { points: this._points(checkout.pointsToEarn) }) }));
    return h("div", { part: "checkout" }, parts);
  }
}

LoyaltyWidget.defaultTexts = { ...DEFAULT_TEXTS };

if (!customElements.get("loyalty-widget")) customElements.define("loyalty-widget", LoyaltyWidget);
