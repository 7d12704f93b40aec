# Two commands do everything on a fresh clone:
#   make check   the main job: render the chart with every values/*.yaml and lint each render
#   make test    every test: formatting, clippy, Rust unit and integration tests, shim tests
# A real `helm` on PATH (or HELM_BIN) is used when installed; otherwise the project's shim over
# Helm's Go engine (ci/bin/helm), which `ci/setup` installs into .venv.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := check

ifeq ($(HELM_BIN)$(shell command -v helm 2>/dev/null),)
export PATH := $(CURDIR)/ci/bin:$(PATH)
endif
# Test tools (kubernetes-validate, shellcheck) from the project venv, after anything installed.
export PATH := $(PATH):$(CURDIR)/.venv/bin

ENVIRONMENTS := $(sort $(wildcard values/*.yaml))

.PHONY: setup check test

setup:
	ci/setup

check: setup
	cargo run --release --quiet -- render
	@for env in $(ENVIRONMENTS); do echo "helm lint chart --strict --values $$env"; helm lint chart --strict --values "$$env"; done

test: setup
	cargo fmt --all -- --check
	cargo clippy --all-targets --quiet -- -D warnings
	cargo test
	.venv/bin/python -m pytest ci/tests -q
