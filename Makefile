# The two commands of the README: `make demo` and `make test`. Everything the project needs is
# installed from here: a virtual environment with the Python packages, and (for the tests and
# pictures) Debian's chromium and a CJK font.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= .policykg/store
OUT    ?= out
CORPUS := data/corpus/chongqing

.PHONY: demo test setup setup-test system-deps lint clean

$(BIN)/policykg: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

setup: $(BIN)/policykg

system-deps:
	bash scripts/system-deps.sh

demo: setup
	$(BIN)/policykg build $(CORPUS) --store $(STORE)
	$(BIN)/policykg tasks --agency 区生态环境局 --district 永川区 --store $(STORE)
	$(BIN)/policykg viz agencies --store $(STORE) -o $(OUT)/agencies.html
	$(BIN)/policykg viz lineage --store $(STORE) -o $(OUT)/lineage.html
	@echo "HTML views written to $(OUT)/agencies.html and $(OUT)/lineage.html"

test: setup system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: setup
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) .policykg $(OUT) tests/artifacts
