"""The loyalty rules, free of Django and Saleor.

Everything in this package is plain Python (3.8 syntax) so the arithmetic that
decides how many points a customer gets can be tested without a database and
reused unchanged by every host adapter.  ``tests/core/test_purity.py`` fails if
anything here imports Django, Saleor, graphene or Celery.
"""
