# The two commands of the README:
#   make run    installs everything (incl. the embedded model) and summarizes a seed, offline
#   make test   installs everything and runs the test suite (what .ci/run calls)
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# A portable llama.cpp build (no -march=native), so a cached wheel works on any x86-64 with AVX2.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON
ARTICLE ?= seeds/003_25786f08469f8fca.txt

.PHONY: install browser run test test-quick eval-ci bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[embedded,dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(BIN)/summarizer summarize $(ARTICLE)

# Headless Chromium for tests/test_browser.py, from Debian's packages, only when missing and only
# where apt-get can run (as root); if it cannot be installed those tests skip with a reason.
browser:
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver \
	    >/dev/null) || echo "could not install chromium: the browser tests will skip"; \
	fi

test: install browser
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -q

test-quick: install
	$(BIN)/python -m pytest -q -m "not embedded"

bench: install
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
