# Thin wrappers around tasks.py, which needs only Python 3.11+.
PYTHON ?= python3

.PHONY: run test bench fuzz
run:
	$(PYTHON) tasks.py run
test:
	$(PYTHON) tasks.py test
bench:
	$(PYTHON) tasks.py bench
fuzz:
	$(PYTHON) tasks.py fuzz
