"""Load the fault tests' shop through Saleor's GraphQL API (run in a subprocess).

Staff, the demo catalogue, the loyalty plugin on (points pending 14 days),
nothing else: each test registers its own shoppers over HTTP.
"""
import django

django.setup()

from django.test import Client  # noqa: E402

from demo.saleor3.load import PLUGIN_ID, create_staff, migrate  # noqa: E402
from demo.saleor3.shop import CHANNEL_QUERY, build_shop  # noqa: E402
from demo.saleor3.storefront import CHANNEL, GraphQLClient, Storefront  # noqa: E402

STAFF = ("faults-staff@example.com", "faults-staff-password")
CHANNEL_CREATE = """
mutation Channel($input: ChannelCreateInput!) {
  channelCreate(input: $input) { channel { id } errors { field code message } }
}"""


def main():
    migrate()
    client = GraphQLClient(Client())
    storefront = Storefront(client)
    create_staff(*STAFF)
    token = storefront.login(*STAFF)
    if client.execute(CHANNEL_QUERY, {"slug": CHANNEL}, token)["channel"] is None:
        # The suite's migrated template has no default channel (a real install does).
        client.mutate(CHANNEL_CREATE, {"input": {
            "name": "Default channel", "slug": CHANNEL, "currencyCode": "USD",
            "defaultCountry": "US", "isActive": True}}, token)
    build_shop(client, token)
    channel_id = client.execute(CHANNEL_QUERY, {"slug": CHANNEL}, token)["channel"]["id"]
    storefront.plugin_update(token, PLUGIN_ID, channel_id, active=True,
                             configuration={"pending_days": "14"})


if __name__ == "__main__":
    main()
