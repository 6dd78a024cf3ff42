"""Demo shops: ``saleor3/`` (``make demo``: Saleor 3.23 + the Saleor Dashboard) and
``saleor2/`` (``make demo-saleor2``: Saleor 2.10.1), sharing the embedded PostgreSQL
helpers ``embedded_pg.py`` / ``embedded_pg.sh``.
"""
