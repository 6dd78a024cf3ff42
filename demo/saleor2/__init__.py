"""The Saleor 2.10 demo shop (``make demo-saleor2``): settings, catalogue, a storefront client.

Shared by the demo, ``make bench`` and the Saleor 2.10 end-to-end tests, so the
demo is exactly what the tests exercise.
"""
