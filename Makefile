# Two entry points, both from a fresh Debian/Ubuntu machine with Python 3.11:
#   make demo   set up, then run argmap on data/ and write the results into out/
#   make test   set up, then ruff, mypy and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DATA   ?= data
OUT    ?= out

.PHONY: demo test setup graphviz argdown chromium poppler lint typecheck pytest bench clean

setup: $(VENV)/.installed graphviz
	@# Byte-compile argmap: with PYTHONDONTWRITEBYTECODE set (as on CI machines) an editable
	@# install would otherwise be recompiled from source by every command.
	@$(BIN)/python -m compileall -q argmap

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "argmap needs Python 3.11 or newer"'
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  echo "python3-venv is missing; installing it"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $@

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# Graphviz's `dot` draws the maps; DejaVu fonts carry Cyrillic and other scripts.
graphviz:
	@command -v dot >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Graphviz is missing; installing it with apt-get"; \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq graphviz fonts-dejavu-core >/dev/null; \
	  else \
	    echo "Graphviz is missing: install it with 'brew install graphviz' (macOS) or 'sudo dnf install graphviz' (Fedora)"; \
	    exit 1; \
	  fi; }

# Argdown's own parser checks the Argdown export (tests/test_formats_argdown.py). It is
# installed from package-lock.json into ./node_modules, never globally; Node.js from apt-get.
argdown: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Node.js is missing; installing it with apt-get"; \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "Node.js is missing: install it with 'brew install node' or 'sudo dnf install nodejs npm'"; \
	    exit 1; \
	  fi; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

# The page's browser test drives Debian's Chromium through Playwright (never a downloaded
# browser), and the report's print test counts its A4 pages with pdfinfo (poppler-utils):
# install the packages when /usr/bin/chromium or pdfinfo is missing.
chromium:
	@[ -x /usr/bin/chromium ] && command -v pdfinfo >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Chromium or pdfinfo is missing; installing Debian's chromium and poppler-utils with apt-get"; \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium poppler-utils >/dev/null; \
	  else \
	    echo "Chromium or pdfinfo is missing: the browser and print tests will be skipped"; \
	  fi; }

# poppler-utils (pdfinfo, pdffonts, pdftoppm, pdftotext) lets the tests read the PDFs as a
# reader's viewer does (tests/test_print.py): page sizes, fonts, pages drawn, text.
poppler:
	@command -v pdfinfo >/dev/null 2>&1 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "poppler-utils is missing; installing it with apt-get"; \
	    $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq poppler-utils >/dev/null; \
	  else \
	    echo "poppler-utils is missing: the PDF tests will be skipped (brew install poppler)"; \
	  fi; }

demo: setup
	$(BIN)/argmap validate $(DATA)
	@mkdir -p $(OUT)
	$(BIN)/argmap stats $(DATA)
	$(BIN)/argmap analyze $(DATA) > $(OUT)/findings.txt
	$(BIN)/argmap analyze $(DATA) --format json > $(OUT)/findings.json
	$(BIN)/argmap explain ru-2021-12-17-draft-agreement $(DATA) > $(OUT)/explain-draft-agreement.txt
	$(BIN)/argmap render $(DATA) -o $(OUT)/map.pdf
	$(BIN)/argmap render $(DATA) -o $(OUT)/deck.pdf --deck
	$(BIN)/argmap timeline $(DATA) -o $(OUT)/timeline.pdf
	$(BIN)/argmap worksheet $(DATA) -o $(OUT)/worksheet.pdf
	$(BIN)/argmap test $(DATA)
	$(BIN)/argmap html $(DATA) -o $(OUT)/argmap.html
	$(BIN)/argmap report $(DATA) -o $(OUT)/report.html
	$(BIN)/argmap report $(DATA) -o $(OUT)/report.pdf
	@head -n 12 $(OUT)/findings.txt
	@echo "results in $(OUT)/"

lint:
	$(BIN)/ruff check argmap tests benchmarks

typecheck:
	$(BIN)/mypy argmap

pytest:
	$(BIN)/python -m pytest

test: setup argdown chromium poppler lint typecheck pytest

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(OUT) node_modules .pytest_cache .mypy_cache .ruff_cache
