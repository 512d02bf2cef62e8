# Two commands matter: `make run` and `make test`. Both build .venv on first use (with the
# Python given as PYTHON=..., 3.11 or newer) and reuse it until pyproject.toml changes; a .venv
# made by another Python is rebuilt. `make run` installs only what the app needs, `make test`
# adds the test and lint tools.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench bench-quick bytecode screenshots clean venv dev-venv package-venv package

venv:
	@$(PYTHON) .ci/ensure_venv.py

# The suite builds and runs the standalone app once (tests/packaging), so it needs PyInstaller.
dev-venv:
	@$(PYTHON) .ci/ensure_venv.py --dev --package

package-venv:
	@$(PYTHON) .ci/ensure_venv.py --package

# The app's own modules compiled ahead: an editable install has no bytecode yet, and where
# PYTHONDONTWRITEBYTECODE is set every start would compile the sources again (~30 ms).
bytecode: venv
	@$(BIN)/python -m compileall -q workshop_app > /dev/null

run: bytecode
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY" ] || [ "$$(uname)" = "Darwin" ]; then \
		$(BIN)/workshop-app; \
	else \
		echo "No display found, so instead of the window this runs the headless demo: a sample workshop, signed off, exported as PDF to exports/."; \
		$(BIN)/workshop-app headless-demo; \
	fi

lint: dev-venv
	$(BIN)/ruff check workshop_app tests benchmarks packaging .ci docs
	$(BIN)/ruff format --check workshop_app tests benchmarks packaging .ci docs
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q -n 2 $(PYTEST_ARGS)

# Timings against baselines taken in the same run (benchmarks/README.md): about 8 minutes, plus
# about 10 minutes the first time to build the 5,000- and 20,000-workshop libraries it keeps.
bench: dev-venv bytecode
	QT_QPA_PLATFORM=offscreen PYTHONPATH=$(CURDIR) $(BIN)/python -m benchmarks.run

# The same table for the 50-workshop and 500-request cases only: about 2 minutes.
bench-quick: dev-venv bytecode
	QT_QPA_PLATFORM=offscreen PYTHONPATH=$(CURDIR) $(BIN)/python -m benchmarks.run --quick

# Reproducible: a fixed clock and seeded ids, and a PNG is rewritten only when its pixels change.
screenshots: dev-venv
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/render_screenshots.py docs/screenshots

# The standalone app for this system, in dist/ (packaging/build.py says what each system gets).
package: package-venv
	$(BIN)/python packaging/build.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache
