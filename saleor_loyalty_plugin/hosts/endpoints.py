"""Where each Saleor generation serves the loyalty schema, for the SDL file's header.

The header is the same whichever host prints it (the file is checked against
the code on both), so it names every generation; that belongs behind hosts/.
"""
SCHEMA_ENDPOINTS = (
    "- Saleor 3, one endpoint: with hosts.saleor3.settings.install(globals()) in the shop's",
    "  settings, these fields are merged into Saleor's own /graphql/ (one request, one token).",
    "- Saleor 3, no settings change: the loyalty fields alone at",
    "  /plugins/channel/<channel-slug>/saleor_loyalty_plugin/graphql/ (Bearer token).",
    "- Saleor 2.10: merged into Saleor's /graphql/ by hosts.saleor2.settings.install.",
)
