"""Database access for the loyalty fields served inside Saleor's own ``/graphql/``.

Saleor 3 reads from a replica during queries and guards the primary DB with
a middleware (Saleor's test settings raise on unmarked access, production can
log it); its own mutations declare writer access themselves.  The loyalty
fields read and write the ledger on the primary, like the plugin route (which
Saleor already serves with writer access), so this graphene middleware
declares it for the loyalty fields only, leaving Saleor's own fields as they are.
"""
from saleor.core.db.connection import allow_writer

ROOT_TYPES = ("Query", "Mutation")
LOYALTY_TYPE_PREFIX = "Loyalty"


class LoyaltyWriterAccess:
    """Graphene middleware: the loyalty root fields and every Loyalty* type get the writer."""

    def __init__(self, root_fields):
        self.root_fields = frozenset(root_fields)

    def resolve(self, next, root, info, **kwargs):
        parent = info.parent_type.name
        if parent.startswith(LOYALTY_TYPE_PREFIX) or (
            parent in ROOT_TYPES and info.field_name in self.root_fields
        ):
            with allow_writer():
                return next(root, info, **kwargs)
        return next(root, info, **kwargs)
