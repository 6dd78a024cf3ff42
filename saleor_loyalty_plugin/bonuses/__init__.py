"""Signup and birthday bonuses: points given once, each a ledger kind of its own."""
