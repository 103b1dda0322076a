# The two commands of the README: `make demo` and `make test`. Everything the project needs is
# installed from here: a virtual environment with the Python packages, and (for the tests and
# pictures) Debian's chromium and a CJK font.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= .policykg/store
OUT    ?= out
CORPUS := data/corpus/chongqing

.PHONY: demo test test-fast setup setup-test system-deps lint clean

# `make demo` installs the package alone (no test extras): what a user gets.
$(BIN)/policykg: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.test-extras: $(BIN)/policykg
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/policykg

setup-test: $(VENV)/.test-extras

system-deps:
	bash scripts/system-deps.sh

demo: setup
	$(BIN)/policykg build $(CORPUS) --store $(STORE)
	$(BIN)/policykg tasks --agency 区生态环境局 --district 永川区 --store $(STORE)
	$(BIN)/policykg viz agencies --store $(STORE) -o $(OUT)/agencies.html
	$(BIN)/policykg viz lineage --store $(STORE) -o $(OUT)/lineage.html
	@echo "HTML views written to $(OUT)/agencies.html and $(OUT)/lineage.html"

test: setup-test system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The inner loop: no browser, server, notebook, kill -9 or wheel tests.
test-fast: setup-test
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not browser and not server and not notebook and not crash and not wheel and not slow" $(PYTEST_ARGS)

lint: setup-test
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .policykg $(OUT) tests/artifacts
