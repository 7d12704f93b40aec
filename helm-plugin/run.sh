#!/bin/sh
# The Helm plugin's command: `helm chartcheck ARGS` runs `chartcheck ARGS` with helm's own
# binary (HELM_BIN, which helm sets) for rendering.
set -eu
bin="${HELM_PLUGIN_DIR:?run by helm, which sets HELM_PLUGIN_DIR}/helm-plugin/bin/chartcheck"
if [ ! -x "$bin" ]; then
    echo "chartcheck plugin: not built; run \`helm plugin update chartcheck\`" >&2
    exit 2
fi
exec "$bin" "$@"
