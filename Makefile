# The blog's build and test commands. `make html` and `make test` set everything up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PELICAN := $(BIN)/pelican
PELICANOPTS ?=
PREVIEWOPTS ?=
N ?= 1000
JOBS ?= auto
HOST ?= 127.0.0.1
PORT ?= 8000
SITEURL ?=
CONTENT ?= content
OUTPUT ?= output
STAGING ?= $(OUTPUT).staging
# The W3C Nu HTML Checker, pinned in tests/vnu/package-lock.json and fetched with npm into .venv/vnu/.
VNU_DIR := $(VENV)/vnu
VNU_JAR := $(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: html publish devserver serve clean test lint bench bench-live bench-profile help system-deps vnu import-wordpress verify-wordpress

help:
	@echo "make html       build the site into output/ (sets up .venv first)"
	@echo "make test       set up and run the whole test suite"
	@echo "make devserver  build, serve on http://$(HOST):$(PORT)/ and rebuild on change"
	@echo "                (another machine: HOST=0.0.0.0 PREVIEWOPTS=--allow-host=NAME)"
	@echo "make publish    production build with publishconf.py"
	@echo "make bench      benchmark against bare Pelican (N=$(N) posts)"
	@echo "make bench-live  variant F alone: the live preview's edit-to-page times"
	@echo "make bench-profile  where one full build's time goes, by plugin and library"
	@echo "make clean      remove output/ and caches"
	@echo "make import-wordpress FILE=export.xml [MEDIA=folder] [DRY_RUN=1] [REPLACE_SAMPLE=1]  move a WordPress blog into content/"
	@echo "make verify-wordpress FILE=export.xml  check output/ against the export (after make html)"

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

html: $(STAMP)
	$(PELICAN) content -s pelicanconf.py $(PELICANOPTS)

# Built into a staging folder, swapped into $(OUTPUT) only when the build succeeds: a failed or crashed publish
# leaves the last good site in place, never a half-built one that could be deployed.
publish: $(STAMP)
	@rm -rf "$(STAGING)"
	@SITEURL="$(SITEURL)" $(PELICAN) "$(CONTENT)" -s publishconf.py -o "$(STAGING)" $(PELICANOPTS) || { \
	  rm -rf "$(STAGING)"; echo "Nothing published: $(OUTPUT)/ still holds the last good site."; exit 1; }
	@rm -rf "$(OUTPUT).previous"
	@if [ -d "$(OUTPUT)" ]; then mv "$(OUTPUT)" "$(OUTPUT).previous"; fi
	@mv "$(STAGING)" "$(OUTPUT)" && rm -rf "$(OUTPUT).previous"
	@echo "Published into $(OUTPUT)/"

# The live preview (plugins/preview): serves output/ on $(HOST):$(PORT), watches everything the build reads,
# shows an edited post in the open tab within a fraction of a second, and catches up on the rest of the site.
# Previews reuse Pelican's content cache (cache/). Ctrl-C or `kill` of make stops it and frees the port.
devserver: $(STAMP)
	$(BIN)/python -m plugins.preview -s pelicanconf.py --bind $(HOST) --port $(PORT) $(PREVIEWOPTS)

serve: $(STAMP)
	$(PELICAN) --listen --bind $(HOST) --port $(PORT)

# Chromium (browser tests) and Java (the Nu HTML Checker) come from Debian's packages.
# As root they are installed when missing; elsewhere the tests that need them say how.
system-deps:
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v npm >/dev/null 2>&1 || missing="$$missing npm"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing$$missing from Debian's packages"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Not installed:$$missing (run: sudo apt-get install -y$$missing)"; fi; \
	fi

# `npm ci` checks the jar against the lock file's sha512; --ignore-scripts skips its Java downloader.
vnu: $(VNU_JAR)
$(VNU_JAR): tests/vnu/package.json tests/vnu/package-lock.json | system-deps
	@if command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(VNU_DIR) && cp tests/vnu/package.json tests/vnu/package-lock.json $(VNU_DIR)/ && \
	  npm ci --prefix $(VNU_DIR) --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@ \
	    || echo "Could not fetch vnu.jar with npm: the HTML validity test will say so"; \
	else echo "npm is missing: the HTML validity test needs it to fetch vnu.jar (sudo apt-get install -y npm)"; fi

clean:
	rm -rf output output.staging output.previous cache .pelican-cache

lint: $(STAMP)
	$(BIN)/ruff check plugins tests pelicanconf.py publishconf.py
	$(BIN)/ruff format --check plugins tests pelicanconf.py publishconf.py

# The tests run in parallel (pytest-xdist, JOBS workers, one per core by default); a test file stays on one
# worker, so its module fixtures (a preview, a site build) are set up once. The fresh-venv check (`make html` in a
# new copy, tests/functional/test_setup.py) runs once per CI run: only under CI=true, which .ci/run sets.
test: $(STAMP) system-deps vnu
	$(BIN)/ruff check plugins tests pelicanconf.py publishconf.py
	$(BIN)/ruff format --check plugins tests pelicanconf.py publishconf.py
	$(BIN)/python -m pytest tests -n $(JOBS) --dist loadfile $(if $(filter true,$(CI)),,-m "not fresh_venv")

bench: $(STAMP)
	$(BIN)/python -m tests.bench.run --posts $(N)
	$(BIN)/python -m tests.bench.live --posts $(N)

# Variant F alone: the live preview on the bench corpus (edit to served page and reload, catch-up time).
bench-live: $(STAMP)
	$(BIN)/python -m tests.bench.live --posts $(N)

# Where one full build's time goes, by plugin and library (a cProfile of build B; Pagefind's CPU apart).
bench-profile: $(STAMP)
	$(BIN)/python -m tests.bench.where --posts $(N)

# DRY_RUN=1: print the report, write nothing (make's own --dry-run would not run the import at all).
WP_DRY_RUN = $(if $(filter-out 0 no false,$(DRY_RUN)),--dry-run)
import-wordpress: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make import-wordpress FILE=export.xml [MEDIA=media-folder] [DRY_RUN=1] [REPLACE_SAMPLE=1]"; exit 2; }
	$(BIN)/python -m plugins.wordpress import "$(FILE)" --content "$(CONTENT)" $(if $(MEDIA),--media "$(MEDIA)") $(WP_DRY_RUN) $(if $(REPLACE_SAMPLE),--replace-sample)

verify-wordpress: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make verify-wordpress FILE=export.xml"; exit 2; }
	$(BIN)/python -m plugins.wordpress verify "$(FILE)" --content "$(CONTENT)" --output "$(OUTPUT)"
