# Two commands for a newcomer (see README):  make site   and   make test
# Everything is installed into .venv and node_modules inside the checkout.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup site serve test lint clean publish

setup: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or newer is needed (pyodide-build requires it); set PYTHON=python3.12")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# Build into a scratch folder and swap it in only when the strict build succeeded,
# so a failed build never leaves a half-written site/ that looks complete.
site: setup
	rm -rf site.partial
	$(BIN)/mkdocs build --strict --site-dir site.partial
	rm -rf site && mv site.partial site
	@echo "Built site/ — serve it with:  $(BIN)/python -m http.server -d site 8000   or:  make serve"

# A release beside site/: dist/<release>/ with the site's .tar.gz and .zip, a PDF of each law's
# whole text, SHA256SUMS, manifest.json and the site owner's README (README, "Publishing").
# One SOURCE_DATE_EPOCH (as given, else the build commit's date) dates the site, PDFs and archives.
publish: setup
	@epoch="$$($(BIN)/python -m annotated_law.publish --print-source-date-epoch)" && \
	  echo "SOURCE_DATE_EPOCH=$$epoch" && \
	  SOURCE_DATE_EPOCH=$$epoch $(MAKE) --no-print-directory site && \
	  SOURCE_DATE_EPOCH=$$epoch $(BIN)/python -m annotated_law.publish --site site --out dist

serve: setup
	$(BIN)/mkdocs serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: setup lint
	$(BIN)/python -m pytest

clean:
	rm -rf site site.partial $(VENV) node_modules
