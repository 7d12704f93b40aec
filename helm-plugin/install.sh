#!/bin/sh
# The Helm plugin's install and update hook: builds chartcheck from the plugin directory (this
# repository) into helm-plugin/bin with cargo, using the committed Cargo.lock.
set -eu
dir="${HELM_PLUGIN_DIR:?run by helm, which sets HELM_PLUGIN_DIR}"
if ! command -v cargo >/dev/null 2>&1; then
    echo "chartcheck plugin: cargo is needed to build chartcheck (https://rustup.rs)" >&2
    exit 2
fi
cargo install --quiet --locked --force --root "$dir/helm-plugin" --path "$dir" --bin chartcheck
echo "chartcheck plugin: built $("$dir/helm-plugin/bin/chartcheck" --version)"
