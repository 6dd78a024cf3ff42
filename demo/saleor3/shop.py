"""A small Saleor 3 shop built with our own data (never Saleor's populatedb fixtures).

Everything goes through Saleor's GraphQL API as the dashboard would do it, so
the shop is exactly what a merchant could have clicked together.  Prices make
a $200+ order easy: two jackets ($108 each) and $20 shipping is $236.
"""
from dataclasses import dataclass, field

from .storefront import CHANNEL, GraphQLClient

from ..common import CATALOGUE, MEMBERSHIP, SHIPPING_PRICE  # noqa: F401

WAREHOUSE_ADDRESS = {
    "companyName": "Loyal Goods Co.",
    "streetAddress1": "350 Fifth Avenue",
    "city": "New York",
    "postalCode": "10118",
    "country": "US",
    "countryArea": "NY",
}
STOCK = 10_000

E = "errors { field code message }"
CHANNEL_QUERY = "query Channel($slug: String!) { channel(slug: $slug) { id currencyCode } }"
ZONES_QUERY = "{ shippingZones(first: 20) { edges { node { id name } } } }"
ZONE_DELETE = """
mutation ZoneDelete($id: ID!) { shippingZoneDelete(id: $id) { shippingZone { id } %s } }
""" % E
SHOP_SETTINGS = """
mutation ShopSettings($input: ShopSettingsInput!) {
  shopSettingsUpdate(input: $input) { shop { name } %s }
}""" % E
CATEGORY_CREATE = """
mutation Category($input: CategoryInput!) { categoryCreate(input: $input) { category { id } %s } }
""" % E
PRODUCT_TYPE_CREATE = """
mutation ProductType($input: ProductTypeInput!) {
  productTypeCreate(input: $input) { productType { id } %s }
}""" % E
WAREHOUSE_CREATE = """
mutation Warehouse($input: WarehouseCreateInput!) {
  createWarehouse(input: $input) { warehouse { id } %s }
}""" % E
CHANNEL_UPDATE = """
mutation ChannelUpdate($id: ID!, $input: ChannelUpdateInput!) {
  channelUpdate(id: $id, input: $input) { channel { id } %s }
}""" % E
ZONE_CREATE = """
mutation Zone($input: ShippingZoneCreateInput!) {
  shippingZoneCreate(input: $input) { shippingZone { id } %s }
}""" % E
SHIPPING_PRICE_CREATE = """
mutation ShippingPrice($input: ShippingPriceInput!) {
  shippingPriceCreate(input: $input) { shippingMethod { id } %s }
}""" % E
SHIPPING_LISTING = """
mutation ShippingListing($id: ID!, $input: ShippingMethodChannelListingInput!) {
  shippingMethodChannelListingUpdate(id: $id, input: $input) { shippingMethod { id } %s }
}""" % E
PRODUCT_CREATE = """
mutation Product($input: ProductCreateInput!) { productCreate(input: $input) { product { id } %s } }
""" % E
PRODUCT_LISTING = """
mutation ProductListing($id: ID!, $input: ProductChannelListingUpdateInput!) {
  productChannelListingUpdate(id: $id, input: $input) { product { id } %s }
}""" % E
VARIANT_CREATE = """
mutation Variant($input: ProductVariantCreateInput!) {
  productVariantCreate(input: $input) { productVariant { id } %s }
}""" % E
VARIANT_LISTING = """
mutation VariantListing($id: ID!, $input: [ProductVariantChannelListingAddInput!]!) {
  productVariantChannelListingUpdate(id: $id, input: $input) { variant { id } %s }
}""" % E
DOCUMENTS = [CHANNEL_QUERY, ZONES_QUERY, ZONE_DELETE, SHOP_SETTINGS, CATEGORY_CREATE, PRODUCT_TYPE_CREATE, WAREHOUSE_CREATE,
             CHANNEL_UPDATE, ZONE_CREATE, SHIPPING_PRICE_CREATE, SHIPPING_LISTING, PRODUCT_CREATE,
             PRODUCT_LISTING, VARIANT_CREATE, VARIANT_LISTING]


@dataclass
class Shop:
    channel_id: str
    variants: dict = field(default_factory=dict)  # sku -> ProductVariant global id


def build_shop(client: GraphQLClient, token: str, channel: str = CHANNEL) -> Shop:
    """The catalogue, a New York warehouse and $20 US shipping in ``channel``."""
    def mutate(document, **variables):
        return client.mutate(document, variables, token)

    channel_id = client.execute(CHANNEL_QUERY, {"slug": channel}, token)["channel"]["id"]
    shop = Shop(channel_id=channel_id)
    # No mail server in a demo: new accounts are active at once.
    mutate(SHOP_SETTINGS, input={"enableAccountConfirmationByEmail": False})
    # Saleor's migrations leave a "Default" zone with free shipping everywhere, which
    # would make the Gold tier's free-shipping perk moot: $20 Standard is the only way.
    for edge in client.execute(ZONES_QUERY, {}, token)["shippingZones"]["edges"]:
        if edge["node"]["name"] == "Default":
            mutate(ZONE_DELETE, id=edge["node"]["id"])
    category = mutate(CATEGORY_CREATE, input={"name": "Apparel", "slug": "apparel"})["category"]
    warehouse = mutate(WAREHOUSE_CREATE, input={
        "name": "New York", "slug": "new-york", "email": "warehouse@example.com",
        "address": WAREHOUSE_ADDRESS,
    })["warehouse"]
    mutate(CHANNEL_UPDATE, id=channel_id, input={"addWarehouses": [warehouse["id"]]})
    zone = mutate(ZONE_CREATE, input={
        "name": "United States", "countries": ["US"],
        "addWarehouses": [warehouse["id"]], "addChannels": [channel_id],
    })["shippingZone"]
    method = mutate(SHIPPING_PRICE_CREATE, input={
        "shippingZone": zone["id"], "name": "Standard", "type": "PRICE",
    })["shippingMethod"]
    mutate(SHIPPING_LISTING, id=method["id"], input={
        "addChannels": [{"channelId": channel_id, "price": str(SHIPPING_PRICE)}]})
    clothing = _product_type(mutate, "Clothing", "clothing", shipped=True)
    membership = _product_type(mutate, "Membership", "membership", shipped=False)
    for name, sku, price in CATALOGUE:
        shop.variants[sku] = _product(mutate, channel_id, clothing, category["id"], warehouse["id"],
                                      name, sku, price, track_inventory=True)
    name, sku, price = MEMBERSHIP
    shop.variants[sku] = _product(mutate, channel_id, membership, category["id"], warehouse["id"],
                                  name, sku, price, track_inventory=False)
    return shop


def _product_type(mutate, name, slug, *, shipped):
    return mutate(PRODUCT_TYPE_CREATE, input={
        "name": name, "slug": slug, "hasVariants": False, "isShippingRequired": shipped,
        "kind": "NORMAL",
    })["productType"]["id"]


def _product(mutate, channel_id, product_type, category, warehouse, name, sku, price, *,
             track_inventory):
    product = mutate(PRODUCT_CREATE, input={
        "productType": product_type, "category": category, "name": name, "slug": sku.lower(),
    })["product"]
    mutate(PRODUCT_LISTING, id=product["id"], input={"updateChannels": [{
        "channelId": channel_id, "isPublished": True, "visibleInListings": True,
        "isAvailableForPurchase": True,
    }]})
    variant = mutate(VARIANT_CREATE, input={
        "product": product["id"], "sku": sku, "attributes": [], "trackInventory": track_inventory,
        "stocks": [{"warehouse": warehouse, "quantity": STOCK}],
    })["productVariant"]
    mutate(VARIANT_LISTING, id=variant["id"], input=[{"channelId": channel_id, "price": str(price)}])
    return variant["id"]
