# Two commands matter: `make run` and `make test`. Both build .venv on first use
# and reuse it until pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint unit bench bytecode demo screenshots clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The app's own modules compiled ahead: an editable install has no bytecode yet, and where
# PYTHONDONTWRITEBYTECODE is set every start would compile the sources again (~30 ms).
bytecode: $(STAMP)
	@$(BIN)/python -m compileall -q workshop_app > /dev/null

run: bytecode
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname)" = "Darwin" ]; then \
		$(BIN)/workshop-app; \
	else \
		echo "No display found, so instead of the window this runs the headless demo: a sample workshop, signed off, exported as PDF to exports/."; \
		$(BIN)/workshop-app headless-demo; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check workshop_app tests benchmarks
	$(BIN)/ruff format --check workshop_app tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

bench: bytecode
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run

screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/workshop-app screenshots docs/screenshots

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
