"""The demo shop (Saleor 2.10): settings, catalogue, and a storefront client.

Shared by ``make demo``, ``make bench`` and the end-to-end tests, so the demo
is exactly what the tests exercise.
"""
