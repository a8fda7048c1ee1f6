# wiretrace: `make demo` sets everything up and runs the example; `make test` runs the tests;
# `make bench ARGS="stories --json"` runs a benchmark (`make bench` lists them).
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: demo test bench lint clean

demo: $(STAMP)
	rm -rf out/example  # a fresh example store each time, whatever an older wiretrace left there
	$(VENV)/bin/wiretrace run examples/pages --out out/example

test: $(STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) -m benchmarks $(if $(ARGS),$(ARGS),--help)

lint: $(STAMP)
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

$(STAMP): pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) out .pytest_cache build dist  # a stale build/ puts moved modules back in a wheel
