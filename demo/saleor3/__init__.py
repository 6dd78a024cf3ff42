"""The Saleor 3 demo shop (``make demo``): settings, URLs with the dashboard, catalogue,
storefront client, loader and the dashboard's browser check.
"""
