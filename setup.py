# Metadata lives in setup.cfg; this shim lets old pip (< 21.3, as pinned for
# Saleor 2.10's celery) do editable installs.
from setuptools import setup

setup()
