# Two set-up commands on a fresh machine: `make demo` and `make test`.
# Both build .venv (Python 3.8 + Saleor 2.10.1 + this plugin) on first use.
VENV ?= .venv
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= tests.settings

.PHONY: test test-saleor3 demo bench schema clean

$(STAMP): setup.cfg setup.py constraints/saleor210.txt scripts/make-venv.sh
	bash scripts/make-venv.sh $(VENV)
	touch $@

## test: the core rules on the newest Python 3.9-3.12 here, then the whole suite on
##       Saleor 2.10 against PostgreSQL at $$DATABASE_URL (default 127.0.0.1:5432)
test: $(STAMP)
	bash scripts/test-core-newest-python.sh
	$(VENV)/bin/pytest

## demo: Saleor + plugin with a demo shop at http://127.0.0.1:8000/graphql/
demo: $(STAMP)
	VENV=$(VENV) bash demo/run.sh

## bench: checkout and orderCapture latency, plugin on vs off (ratios, no pass/fail)
bench: $(STAMP)
	$(VENV)/bin/python -m bench.checkout

## schema: regenerate graphql/schema.graphql from the code
schema: $(STAMP)
	$(VENV)/bin/django-admin loyalty_export_schema --output graphql/schema.graphql

## test-saleor3: the suite inside an existing Saleor 3 environment (not built here):
##   make test-saleor3 SALEOR_SRC=/path/to/saleor SALEOR3_PYTHON=/path/to/venv/bin/python
test-saleor3:
	@test -n "$(SALEOR_SRC)" || { echo "Set SALEOR_SRC to the Saleor 3 checkout"; exit 2; }
	SALEOR_SRC=$(SALEOR_SRC) DJANGO_SETTINGS_MODULE=tests.settings \
	  $(or $(SALEOR3_PYTHON),python) -m pytest -n 0 -p no:cacheprovider

clean:
	rm -rf $(VENV) .venv-core .demo .bench
