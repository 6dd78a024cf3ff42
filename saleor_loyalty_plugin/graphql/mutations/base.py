"""Shared mutation plumbing: refusals become ``errors``, never exceptions.

A mutation's ``perform`` raises ``LoyaltyError``; this base turns it into
``errors { field code message }`` like Saleor's own mutations, so a storefront
can show the message next to the field and no input ends in an HTTP 500.
Every text argument is checked here, before any mutation reads it, so no
database driver error about bad text (a NUL byte) can reach the client.
"""
import graphene
from graphene.utils.str_converters import to_camel_case

from ...core.errors import LoyaltyError as CoreLoyaltyError
from ...core.errors import LoyaltyErrorCode
from ...core.text import clean_text
from ...program.selectors import channel_or_error as resolve_channel
from ..context import has_manage_users, request_user
from ..types import LoyaltyError


class LoyaltyMutation(graphene.Mutation):
    errors = graphene.List(graphene.NonNull(LoyaltyError), required=True)

    class Meta:
        abstract = True

    requires_manage_users = False
    # Text arguments that may span lines (a note a person writes).
    multiline_arguments = ("reason",)

    @classmethod
    def perform(cls, root, info, **data):
        raise NotImplementedError

    @classmethod
    def mutate(cls, root, info, **data):
        if cls.requires_manage_users and not has_manage_users(request_user(info)):
            return cls.failure(
                CoreLoyaltyError(
                    "You need the MANAGE_USERS permission to do this.",
                    code=LoyaltyErrorCode.PERMISSION_DENIED,
                )
            )
        try:
            cls.check_text_arguments(data)
            return cls.perform(root, info, **data)
        except CoreLoyaltyError as error:
            return cls.failure(error)

    @classmethod
    def check_text_arguments(cls, data):
        for name, value in data.items():
            if isinstance(value, str):
                clean_text(value, field=to_camel_case(name),
                           multiline=name in cls.multiline_arguments)

    @classmethod
    def failure(cls, error: CoreLoyaltyError):
        return cls(
            errors=[LoyaltyError(field=error.field, code=error.code.value, message=error.message)]
        )


def channel_or_error(info, channel) -> str:
    """The channel a mutation acts in: the argument, or the route's channel."""
    return resolve_channel(channel or getattr(info.context, "loyalty_default_channel", None))


def signed_in(info, message: str):
    """The signed-in customer, or a PERMISSION_DENIED refusal saying why to sign in."""
    user = request_user(info)
    if user is None:
        raise CoreLoyaltyError(message, code=LoyaltyErrorCode.PERMISSION_DENIED)
    return user
