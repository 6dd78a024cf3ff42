"""Make the ledger append-only in the database itself.

Code review keeps ``ledger.py`` the only writer, but a stray UPDATE from a
shell, a data migration or another app must not be able to rewrite points:
rows can never be deleted, and the only change allowed is ``status`` moving
from pending to available.  (TRUNCATE, used by test database flushes, does not
fire row triggers.)
"""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION saleor_loyalty_plugin_ledger_guard() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'loyalty ledger rows are append-only and cannot be deleted'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.account_id IS DISTINCT FROM OLD.account_id
        OR NEW.kind IS DISTINCT FROM OLD.kind
        OR NEW.points IS DISTINCT FROM OLD.points
        OR NEW.idempotency_key IS DISTINCT FROM OLD.idempotency_key
        OR NEW.order_id IS DISTINCT FROM OLD.order_id
        OR NEW.amount IS DISTINCT FROM OLD.amount
        OR NEW.reason IS DISTINCT FROM OLD.reason
        OR NEW.created_at IS DISTINCT FROM OLD.created_at
        OR NEW.available_at IS DISTINCT FROM OLD.available_at
        OR (NEW.status IS DISTINCT FROM OLD.status
            AND NOT (OLD.status = 'pending' AND NEW.status = 'available')) THEN
        RAISE EXCEPTION 'loyalty ledger rows are append-only; only pending -> available is allowed'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER saleor_loyalty_plugin_ledger_guard
    BEFORE UPDATE OR DELETE ON saleor_loyalty_plugin_loyaltytransaction
    FOR EACH ROW EXECUTE PROCEDURE saleor_loyalty_plugin_ledger_guard();
"""

DROP = """
DROP TRIGGER IF EXISTS saleor_loyalty_plugin_ledger_guard
    ON saleor_loyalty_plugin_loyaltytransaction;
DROP FUNCTION IF EXISTS saleor_loyalty_plugin_ledger_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("saleor_loyalty_plugin", "0001_initial")]

    operations = [migrations.RunSQL(CREATE, DROP)]
