"""The loyalty GraphQL API (graphene 2, as Saleor): types, queries, mutations.

Every type is prefixed ``Loyalty`` so the schema merges into Saleor's own
without name clashes.
"""
