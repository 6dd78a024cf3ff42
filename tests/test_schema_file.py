"""graphql/schema.graphql is generated from the code; this fails when it drifts."""
import pathlib

from saleor_loyalty_plugin.graphql.sdl import loyalty_sdl

SCHEMA_FILE = pathlib.Path(__file__).resolve().parents[1] / "graphql" / "schema.graphql"


def test_committed_schema_matches_the_code():
    assert SCHEMA_FILE.read_text() == loyalty_sdl(), (
        "graphql/schema.graphql is stale: run `make schema` and commit it."
    )


def test_contract_names_are_in_the_schema():
    sdl = loyalty_sdl()
    for name in ("loyaltyProgram(channel: String)", "myLoyalty(channel: String)",
                 "loyaltyAccount(email: String!, channel: String)", "loyaltyAdjustPoints(",
                 "pointsBalance", "pendingPoints", "lifetimePoints", "availableAt"):
        assert name in sdl


def test_example_operations_are_valid_against_the_schema():
    from graphql import parse
    from graphql.validation import validate

    from saleor_loyalty_plugin.graphql.schema import schema

    operations = sorted((SCHEMA_FILE.parent / "operations").glob("*.graphql"))
    assert operations
    for path in operations:
        errors = validate(schema, parse(path.read_text()))
        assert errors == [], (path.name, errors)
