"""The storefront's side of the program: the checkout in points, and the drop-in widget.

``selectors`` answers what a shopper's checkout earns and what points may pay
on it; ``views`` serves the ``<loyalty-widget>`` web component in ``widget/``.
"""
