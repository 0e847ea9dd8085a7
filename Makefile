# The two commands the README starts with. Each sets up what it needs first.
.PHONY: demo test

ACCORD_DB ?= .accord-demo/demo.duckdb
PORT ?= 8000

demo:
	scripts/bootstrap.sh
	mkdir -p $(dir $(ACCORD_DB))
	.venv/bin/accord ingest --sample --db $(ACCORD_DB)
	.venv/bin/accord serve --db $(ACCORD_DB) --port $(PORT)

test:
	scripts/bootstrap.sh --test
	.venv/bin/python -m pytest -q $(PYTEST_ARGS)
