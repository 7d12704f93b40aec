# Two commands do everything on a fresh clone:
#   make check   the main job: the values schema and the values reference in chart/README.md
#                are current, every environment's values are valid, chartcheck lint finds
#                nothing in any environment's render, and helm lint --strict agrees
#   make test    every test: formatting, clippy, Rust unit and integration tests, shim tests,
#                the embedded Kubernetes API schemas are current, the same checks on this
#                repository, and a short run of each fuzz target
# A real `helm` on PATH (or HELM_BIN) is used when installed; otherwise the project's shim over
# Helm's Go engine (ci/bin/helm), which `ci/setup` installs into .venv.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := check

ifeq ($(HELM_BIN)$(shell command -v helm 2>/dev/null),)
export PATH := $(CURDIR)/ci/bin:$(PATH)
endif
# Test tools (kubernetes-validate, shellcheck, checkov) from the project venv, after anything installed.
export PATH := $(PATH):$(CURDIR)/.venv/bin

CHARTCHECK := target/release/chartcheck
ENVIRONMENTS := $(sort $(wildcard values/*.yaml))

.PHONY: setup build check test

setup:
	ci/setup

build:
	cargo build --release --quiet

check: setup build
	$(CHARTCHECK) schema --check
	$(CHARTCHECK) docs --check
	$(CHARTCHECK) validate
	$(CHARTCHECK) lint --fail-on warning
	@for env in $(ENVIRONMENTS); do echo "helm lint chart --strict --values $$env"; helm lint chart --strict --values "$$env"; done

test: setup
	cargo fmt --all -- --check
	cargo clippy --all-targets --quiet -- -D warnings
	cargo test
	.venv/bin/python -m pytest ci/tests -q
	.venv/bin/python ci/kube_api.py --check
	cargo run --quiet -- schema --check
	cargo run --quiet -- docs --check
	cargo run --quiet -- validate
	cargo run --quiet -- lint --fail-on warning
	fuzz/smoke.sh
