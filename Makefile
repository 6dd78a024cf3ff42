# Set-up commands on a fresh machine: `make test`, `make demo`, `make dist`.
# Each builds what it needs on first use: .venv (Python 3.8 + Saleor 2.10.1 + this
# plugin) and .hosts/ (Saleor 3.23.28 on Python 3.12, build tools).
VENV ?= .venv
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE ?= tests.settings
# Saleor 3's test database: host 127.0.0.1 (Saleor's tests want it) and a name of
# its own beside the 2.10 suite's `loyalty` (tests/settings.py's DATABASE_URL default).
export SALEOR3_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/loyalty3

.PHONY: test test-core test-saleor2 test-saleor3 demo demo-saleor2 bench bench-saleor3 bench-saleor2 bench-scale bench-insights schema dist clean

$(STAMP): setup.cfg setup.py constraints/saleor210.txt scripts/make-venv.sh scripts/find-python.sh
	bash scripts/make-venv.sh $(VENV)
	touch $@

## test: every suite, each run even if another fails, then one line per suite and a
##       total (exit non-zero on any failure, error, or suite that ran no tests):
##       test-core, test-saleor2, test-saleor3. PostgreSQL at 127.0.0.1:5432.
test:
	@MAKE="$(MAKE)" bash scripts/test-all.sh

## test-core: the core rules on the newest Python 3.9-3.12 here, no Django or Saleor
test-core:
	bash scripts/test-core-newest-python.sh

## test-saleor2: the whole suite on Saleor 2.10.1 (Python 3.8) against $$DATABASE_URL
##               (default postgres://postgres@127.0.0.1:5432/loyalty)
test-saleor2: $(STAMP)
	$(VENV)/bin/pytest

## test-saleor3: the whole suite on Saleor 3.23.28 (Python 3.12), environment built in
##   .hosts/saleor3 on first use; database $$SALEOR3_DATABASE_URL. Your own Saleor source:
##   make test-saleor3 SALEOR3_SRC=/path/to/saleor   (SALEOR_SRC works too; add
##   SALEOR3_PYTHON=/path/to/venv/bin/python to use your own venv as it is). The migrated
##   test database is cloned from a template rebuilt when migrations change
##   (scripts/saleor3_test_db.py; SALEOR3_FRESH_DB=1 forces it, SALEOR3_REUSE_DB=0 skips it)
test-saleor3:
	bash scripts/test-saleor3.sh

## demo: Saleor 3 + plugin with a demo shop
demo:
	bash demo/saleor3/run.sh

## demo-saleor2: Saleor 2.10 + plugin with a demo shop at http://127.0.0.1:8000/graphql/
demo-saleor2: $(STAMP)
	VENV=$(abspath $(VENV)) bash $(firstword $(wildcard demo/saleor2/run.sh demo/run.sh))

## bench: storefront and dashboard latency, plugin on vs off, same run (ratios, no
##        pass/fail): Saleor 3.23 first (the main host), then Saleor 2.10
bench: bench-saleor3 bench-saleor2

## bench-saleor3: storefront walk, offline payment, Gold walk on Saleor 3.23, broker and
##                inline; database $$BENCH_SALEOR3_DATABASE_URL (migrated once, then reused)
bench-saleor3:
	@. "$$(bash scripts/saleor3-env.sh)" && \
	  DATABASE_URL=$${BENCH_SALEOR3_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/loyalty_bench3} \
	  PYTHONPATH="$(CURDIR):$$SALEOR3_SRC" "$$SALEOR3_PYTHON" -m bench.saleor3_checkout

## bench-insights: every insight query on 1M customers / 10M orders generated in SQL
##   (BENCH_INSIGHTS_CUSTOMERS, BENCH_INSIGHTS_ORDERS) in $$BENCH_INSIGHTS_DATABASE_URL
##   (default loyalty_bench_insights) on Saleor 3: time and peak memory per query
bench-insights:
	@. "$$(bash scripts/saleor3-env.sh)" && \
	  PYTHONPATH="$(CURDIR):$$SALEOR3_SRC" "$$SALEOR3_PYTHON" -m bench.insights

## bench-saleor2: checkout, checkoutComplete and orderCapture on Saleor 2.10
bench-saleor2: $(STAMP)
	$(VENV)/bin/python -m bench.checkout

## bench-scale: the ledger jobs (tier pass, pending release, verify-ledger, abandoned sweep)
##   over BENCH_SCALE_ACCOUNTS (1M) accounts and BENCH_SCALE_ROWS (10M) ledger rows
##   generated in SQL, at 1/10 and full scale, in $$BENCH_SCALE_DATABASE_URL (default
##   loyalty_scale, Saleor 3): time, memory, and the ratio to one hand-written statement
bench-scale:
	@. "$$(bash scripts/saleor3-env.sh)" && \
	  PYTHONPATH="$(CURDIR):$$SALEOR3_SRC" "$$SALEOR3_PYTHON" -m bench.scale

## schema: regenerate graphql/schema.graphql from the code (the repo first on the path: a
##         package Saleor 2.10 pulls in installs a top-level `tests`)
schema: $(STAMP)
	PYTHONPATH=$(CURDIR) $(VENV)/bin/django-admin loyalty_export_schema --output graphql/schema.graphql

## dist: sdist and wheel in dist/, checked with twine (build tools in .hosts/tools)
dist:
	rm -rf dist build
	tools=$$(bash scripts/tools-venv.sh build twine) && \
	  "$$tools/python" -m build --outdir dist . && \
	  "$$tools/twine" check --strict dist/*

clean:
	rm -rf $(VENV) .venv-core .demo .bench .hosts dist build
